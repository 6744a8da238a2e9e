/**
 * Parameter accounting of a transformer from its published shape: how many parameters sit in the
 * embeddings, the LM head, the attention and MLP linears and the norms. Pure; shared by the
 * estimator (which parts are quantized, adapted or frozen) and the catalog checks.
 */

export interface Shape {
  arch: "decoder" | "encoder" | "encoder-decoder";
  layers: number;
  hidden: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  intermediate: number;
  ffn: "gated" | "plain";
  norm: "rmsnorm" | "layernorm";
  /** Parallel attention and MLP over one block input: one shared norm, or a norm each (src/catalog/schema.ts). */
  parallel?: "shared-norm" | "two-norms" | undefined;
  vocab: number;
  tiedEmbeddings: boolean;
  bias: "none" | "qkv" | "all";
  maxContext: number;
  moe?:
    | {
        experts: number;
        activeExperts: number;
        expertIntermediate: number;
        sharedExperts: number;
        sharedIntermediate: number;
        denseLayers: number;
        every: number;
      }
    | undefined;
}

/** Parameters of one architecture, split the way memory accounting needs them. */
export interface ParamBreakdown {
  /** Input token embeddings (V·h). */
  embedding: number;
  /** Output projection; 0 when tied to the embeddings. */
  lmHead: number;
  /** All attention projections of all layers (q, k, v, o and their biases). */
  attention: number;
  /** All MLP / expert linears of all layers (and routers). */
  mlp: number;
  /** Norm weights and any remaining small vectors. */
  other: number;
  /** Sum of the above. */
  total: number;
  /** Parameters one token touches (MoE: only the active experts); equals `total` for dense models. */
  active: number;
  /** Parameters of the largest single block (what ZeRO-3 gathers at once). */
  largestLayer: number;
}

/** Number of layers whose MLP is a mixture of experts. */
export function moeLayerCount(s: Shape): number {
  if (!s.moe) return 0;
  const candidates = s.layers - s.moe.denseLayers;
  return Math.floor(candidates / s.moe.every);
}

export function attentionParamsPerLayer(s: Shape): number {
  const q = s.hidden * s.heads * s.headDim;
  const kv = 2 * s.hidden * s.kvHeads * s.headDim;
  const o = s.heads * s.headDim * s.hidden;
  const qkvBias = s.bias === "none" ? 0 : s.heads * s.headDim + 2 * s.kvHeads * s.headDim;
  const oBias = s.bias === "all" ? s.hidden : 0;
  return q + kv + o + qkvBias + oBias;
}

/** Dense MLP of width `width`: gated (SwiGLU: gate, up, down) or plain (up, down). */
export function denseMlpParams(s: Shape, width: number): number {
  const matrices = s.ffn === "gated" ? 3 : 2;
  const bias = s.bias === "all" ? width * (matrices - 1) + s.hidden : 0;
  return matrices * s.hidden * width + bias;
}

export function paramBreakdown(s: Shape): ParamBreakdown {
  const embedding = s.vocab * s.hidden + (s.arch === "decoder" ? 0 : s.maxContext * s.hidden);
  const lmHead = s.tiedEmbeddings ? 0 : s.vocab * s.hidden;
  const attnPerLayer = attentionParamsPerLayer(s);
  const crossAttention = s.arch === "encoder-decoder" ? (s.layers / 2) * attnPerLayer : 0;
  const attention = s.layers * attnPerLayer + crossAttention;

  const moeLayers = moeLayerCount(s);
  const denseLayers = s.layers - moeLayers;
  const dense = denseMlpParams(s, s.intermediate);
  let mlp = denseLayers * dense;
  let activeMlp = mlp;
  let largestMlp = moeLayers === s.layers ? 0 : dense;
  if (s.moe && moeLayers > 0) {
    const expert = denseMlpParams(s, s.moe.expertIntermediate);
    const shared = s.moe.sharedExperts * denseMlpParams(s, s.moe.sharedIntermediate || s.moe.expertIntermediate);
    const router = s.hidden * s.moe.experts;
    const perLayer = s.moe.experts * expert + shared + router;
    mlp += moeLayers * perLayer;
    activeMlp += moeLayers * (s.moe.activeExperts * expert + shared + router);
    largestMlp = Math.max(largestMlp, perLayer);
  }

  // Two norms per block (LayerNorm: weight and bias), one where a parallel block shares it.
  const normCount = s.parallel === "shared-norm" ? 1 : 2;
  const normsPerLayer =
    (normCount / 2) * (s.norm === "layernorm" ? 4 : 2) * s.hidden * (s.arch === "encoder-decoder" ? 1.5 : 1);
  const other = s.layers * normsPerLayer + (s.norm === "layernorm" ? 2 : 1) * s.hidden;
  const total = embedding + lmHead + attention + mlp + other;
  const active = total - mlp + activeMlp;
  const largestLayer = Math.max(attnPerLayer + largestMlp + normsPerLayer, embedding, lmHead);
  return { embedding, lmHead, attention, mlp, other, total, active, largestLayer };
}
