import { moeLayerCount, type Shape } from "./architecture.js";
import type { Build } from "./build.js";
import type { Linear } from "./linears.js";
import type { Loss } from "./request.js";

/**
 * Activation memory: the tensors autograd saves in the forward pass for the backward pass, tensor by
 * tensor, after Korthikanti et al. 2022 ("Reducing Activation Recomputation", arXiv 2205.05198, §4.1),
 * generalised to what current decoders are (RMSNorm upcast to fp32, GQA, SwiGLU, no dropout, fused
 * attention) and to frozen weights (a frozen linear saves no input: only weight gradients need it).
 */
export interface ActivationOptions {
  shape: Shape;
  /** Element size of activations: 2 (fp16/bf16 compute) or 4 (fp32). */
  p: number;
  batch: number;
  seq: number;
  flash: boolean;
  checkpointing: boolean;
  /** Do the block's own weights train (full fine-tuning)? */
  trainBase: boolean;
  /** Blocks that keep activations for backward (all of them, or the last k for `freeze`). */
  trainedLayers: number;
  /** Does the LM head train (full fine-tuning of an untied head, or tied embeddings)? */
  trainHead: boolean;
  /** LoRA adapters: the linears they sit on and their rank. */
  adapters: readonly Linear["name"][];
  /** Element size of the adapters: 4 (PEFT's fp32) or the compute dtype's. */
  adapterBytes: number;
  rank: number;
  /** LoRA dropout above 0: each adapter's input goes through its own nn.Dropout. */
  adapterDropout: boolean;
  loss: Loss;
  /** torch.compile: pointwise intermediates are recomputed in the backward instead of saved (see savedPerTokenPerLayer). */
  compile: boolean;
  /** A 16-bit autocast around the forward (regime=amp, or `autocast` over 16-bit weights). */
  autocast: boolean;
  /** How the framework's model code builds the model (src/estimator/build.ts): transformers + PEFT, or LitGPT's. */
  build: Build;
}

/**
 * LitGPT's chunked LM head: model(input_ids, lm_head_chunk_size=128) in litgpt/finetune/*.py, so its loss works on
 * 128 positions of every sequence at a time.
 */
export const LITGPT_LM_HEAD_CHUNK = 128;

export interface ActivationBreakdown {
  /** Saved by all trained blocks for backward (checkpointing: their inputs). */
  blocks: number;
  /** Bytes per token and trained block behind `blocks`: one block's saved tensors, or its input when checkpointed. */
  perTokenPerBlock: number;
  /** Final norm and LM head inputs. */
  head: number;
  /** Logits and loss tensors kept through backward. */
  logitsKept: number;
  /** Dense fp32 loss gradients at the start of backward. */
  logitsTransient: number;
  /** Largest short-lived working set during backward (recomputed block, gradients of activations). */
  working: number;
  /** The peak: blocks + head + logits kept + max(logits transient, working). */
  total: number;
  /** Bytes one block saves for one token (no checkpointing). */
  perTokenPerLayer: number;
}

/** Effective MLP width one token passes through (MoE: the active and shared experts). */
export function activeMlpWidth(s: Shape): { width: number; moeFraction: number } {
  const moeLayers = moeLayerCount(s);
  if (!s.moe || moeLayers === 0) return { width: s.intermediate, moeFraction: 0 };
  const moeWidth =
    s.moe.activeExperts * s.moe.expertIntermediate +
    s.moe.sharedExperts * (s.moe.sharedIntermediate || s.moe.expertIntermediate);
  const f = moeLayers / s.layers;
  return { width: f * moeWidth + (1 - f) * s.intermediate, moeFraction: f };
}

/**
 * Bytes one transformer block saves for backward, per token.
 *
 * With `compile`, AOTAutograd's min-cut partitioner (torch/_functorch/partitioners.py,
 * min_cut_rematerialization_partition) recomputes in the backward the *pointwise* tensors it can rebuild from what it
 * saves, but never a matmul or attention, and never a tensor the backward feeds to a matmul anyway
 * (`ban_recompute_materialized_backward`: is_materialized_backwards): every linear's input stays saved. What goes:
 * - each norm's fp32 upcast and its normalised copy: the norm keeps its 16-bit input and an fp32 rstd per token;
 * - SwiGLU's SiLU output (rebuilt from the gate output, which SiLU's backward keeps anyway).
 * Rotary embeddings save nothing per token even in eager mode (q·cos + rotate(q)·sin saves only cos and sin), and a
 * GELU MLP's saved tensors are the down projection's input and GELU's: nothing for compile to take there.
 */
export function savedPerTokenPerLayer(o: ActivationOptions): number {
  const { shape: s, p } = o;
  const h = s.hidden;
  const qDim = s.heads * s.headDim;
  const kvDim = s.kvHeads * s.headDim;
  const { width: i, moeFraction } = activeMlpWidth(s);
  const adapted = (name: Linear["name"]): boolean => o.adapters.includes(name);
  // An adapter whose weights are in another dtype than its input saves its own copy of that input: PEFT casts the input
  // to the adapter dtype (peft/tuners/lora/layer.py _cast_input_dtype: an fp32 copy per adapted linear), and under
  // autocast lora_A's matmul casts it back to 16-bit and saves that cast (autocast caches casts of weights only, never
  // of activations: a 16-bit copy per adapter). LitGPT's LoRA modules take the input as it comes (litgpt/lora.py:
  // F.linear(self.lora_dropout(x), self.lora_A)): a copy of their own only under autocast. Otherwise lora_A saves the
  // shared input tensor itself (once per tensor, unless the base already does).
  const castCopies = o.adapterBytes !== p && (o.autocast || !o.build.fusedQkvLora);
  const inputBytes = castCopies && !o.autocast ? o.adapterBytes : p;
  const rankBytes = o.adapterBytes * o.rank;
  const sharedSaved = new Set<string>();
  const adapterInput = (dIn: number, tensor = "attnIn"): number => {
    // With lora_dropout > 0 each LoRA module drops out its own copy of the input (PEFT: one nn.Dropout per adapted
    // linear, after the cast; LitGPT: one per LoRA module): lora_A saves that copy and dropout saves its mask, 1 byte
    // per element (native_dropout's bool mask). Nothing is shared.
    if (o.adapterDropout) return inputBytes * dIn + dIn + rankBytes;
    if (castCopies) return inputBytes * dIn + rankBytes;
    if (o.trainBase || sharedSaved.has(tensor)) return rankBytes;
    sharedSaved.add(tensor);
    return p * dIn + rankBytes;
  };
  const encoderStyle = s.arch !== "decoder";

  // RMSNorm (HF LlamaRMSNorm) saves its input upcast to fp32, plus the normalised 16-bit tensor when its weight trains;
  // LayerNorm saves its input (mean and rstd are per token). Compiled: the 16-bit input and an fp32 rstd per token.
  const norm = o.compile ? p * h + 4 : s.norm === "rmsnorm" ? 4 * h + (o.trainBase ? p * h : 0) : p * h;

  // Sequential blocks normalise two different tensors. A parallel block normalises its one input: through one shared
  // norm (HF PhiDecoderLayer's input_layernorm, GPT-J's ln_1), or through two LayerNorms that both save that same input
  // tensor (GPTNeoXLayer's input_layernorm and post_attention_layernorm over hidden_states), kept once; an RMSNorm that
  // upcasts saves its own fp32 copy, one per norm. Compiled, each norm keeps an rstd of its own.
  const normInputs =
    s.parallel === undefined ? 2 : s.parallel === "shared-norm" ? 1 : o.compile || s.norm === "layernorm" ? 1 : 2;
  let bytes = normInputs * norm + (o.compile && s.parallel === "two-norms" ? 4 : 0);
  // Inputs of the q/k/v and gate/up projections: one shared tensor each, saved when the weights train.
  if (o.trainBase) bytes += 2 * p * h;
  const qkvAdapted = (["q", "k", "v"] as const).filter(adapted);
  if (o.build.fusedQkvLora && qkvAdapted.length > 0) {
    // LitGPT's LoRAQKVLinear adapts q, k and v as one module over the fused qkv linear: one input (or one dropout) for
    // the three, lora_A's output (r per adapted projection) saved by the conv1d that applies lora_B. When not all three
    // are adapted, zero_pad scatters the adapted outputs into the full qkv width with index_copy, whose backward formula
    // reads its source (`grad.index_select(dim, index).expand_as(source)`, tools/autograd/derivatives.yaml): autograd
    // keeps that 16-bit source, q's width and/or the GQA width of k and v.
    bytes += adapterInput(h) + (qkvAdapted.length - 1) * rankBytes;
    if (qkvAdapted.length < 3) bytes += p * qkvAdapted.reduce((w, name) => w + (name === "q" ? qDim : kvDim), 0);
  } else for (const _ of qkvAdapted) bytes += adapterInput(h);

  // Attention core.
  if (o.flash) {
    // FlashAttention saves Q, K, V, the output and an fp32 logsumexp per head (Dao et al. 2022); K and V at GQA width,
    // or at every head's width where the model repeats them before attention (LitGPT in training).
    const kvSaved = o.build.repeatedKv ? qDim : kvDim;
    bytes += p * (2 * qDim + 2 * kvSaved) + 4 * s.heads;
  } else {
    // Eager attention (HF eager_attention_forward): K and V repeated to all heads, fp32 softmax output, its 16-bit copy.
    const scoresPerToken = s.heads * o.seq;
    bytes += p * 3 * qDim + (4 + (p === 4 ? 0 : p)) * scoresPerToken;
    // Softmax dropout of encoder-era models: a 1-byte mask and the dropped-out copy (Korthikanti's 5as/h term).
    if (encoderStyle) bytes += (1 + p) * scoresPerToken;
  }
  // Output projection input: the attention output made contiguous.
  if (o.trainBase) bytes += p * qDim;
  if (adapted("o")) bytes += adapterInput(qDim, "oIn");

  // MLP.
  for (const name of ["gate", "up"] as const) if (adapted(name)) bytes += adapterInput(h, "mlpIn");
  if (s.ffn === "gated") {
    // SwiGLU: gate output (for SiLU), SiLU output and up output (for the product), product (input of down).
    // Compiled: the SiLU output is rebuilt from the gate output.
    bytes += (o.compile ? 2 : 3) * p * i + (o.trainBase ? p * i : 0);
  } else {
    // GELU MLP: up output (for GELU), GELU output (input of down).
    bytes += p * i + (o.trainBase ? p * i : 0);
  }
  if (adapted("down")) bytes += adapterInput(i, "downIn");
  // MoE: routed copies of the hidden state per active expert, and the router's softmax.
  if (s.moe && moeFraction > 0) bytes += moeFraction * (s.moe.activeExperts * p * h + 4 * s.moe.experts);
  // Hidden-state dropout masks after attention and MLP in encoder-era models.
  if (encoderStyle) bytes += 2 * h;
  return bytes;
}

/** Logits and loss for a causal LM: [kept through backward, extra transient at the start of backward]. */
export function logitsBytes(o: ActivationOptions): { kept: number; transient: number } {
  if (o.shape.arch === "encoder") return { kept: 0, transient: 0 };
  const bsV = o.batch * o.seq * o.shape.vocab;
  if (o.loss === "chunked" && o.build.chunkLogSoftmax) {
    // LitGPT's chunked_cross_entropy runs cross_entropy on each 16-bit chunk the LM head returns: log_softmax saves its
    // 16-bit output, and every chunk's loss exists before the backward starts, so the 16-bit logits (held by the
    // training loop's `logits` list) and their 16-bit log-softmax are both kept. The backward turns one chunk at a time
    // into its gradients: nll_loss's and log_softmax's, 16-bit, over 128 positions of each sequence.
    const chunk = o.batch * Math.min(o.seq, LITGPT_LM_HEAD_CHUNK) * o.shape.vocab;
    return { kept: 2 * o.p * bsV, transient: 2 * o.p * chunk };
  }
  if (o.loss === "chunked") {
    // Chunked / fused cross-entropy (Liger, Unsloth, torchtune): the 16-bit logits, fp32 work one chunk (1/8) at a time.
    return { kept: o.p * bsV, transient: (12 * bsV) / 8 };
  }
  // transformers ForCausalLMLoss: logits.float(), then cross_entropy = log_softmax (saves its fp32 output) + nll_loss.
  // The 16-bit logits and the fp32 upcast are freed before the backward: the HF Trainer's training_step keeps only the
  // loss of the model output (compute_loss), torchtune's recipes `del logits` ("otherwise it peaks backward memory"),
  // and neither log_softmax nor the cast saves its input. The backward of nll_loss and of log_softmax each produce a
  // dense fp32 b·s·V gradient (Megatron counts 4·s·b·V: arXiv 2205.05198 §4.3).
  // Measured on an H200 (bench/gpu/results, phase peaks): after the forward 4·b·s·V stays, the backward adds 8·b·s·V.
  return { kept: 4 * bsV, transient: 8 * bsV };
}

export function activationBytes(o: ActivationOptions): ActivationBreakdown {
  const tokens = o.batch * o.seq;
  const perTokenPerLayer = savedPerTokenPerLayer(o);
  const layerSaved = perTokenPerLayer * tokens;
  const h = o.shape.hidden;
  // Final norm and the LM head's input (saved when the head trains).
  const head = tokens * ((o.shape.norm === "rmsnorm" ? 4 : o.p) * h + (o.trainHead ? o.p * h : 0));
  const logits = logitsBytes(o);

  // Full activation checkpointing keeps each block's input (TM101: 2·sbh per layer) and recomputes one block at a time.
  const perTokenPerBlock = o.checkpointing ? o.p * h : perTokenPerLayer;
  const blocks = o.trainedLayers * tokens * perTokenPerBlock;
  const working = o.checkpointing ? 2 * layerSaved : layerSaved;
  const total = blocks + head + logits.kept + Math.max(logits.transient, working);
  return {
    blocks,
    perTokenPerBlock,
    head,
    logitsKept: logits.kept,
    logitsTransient: logits.transient,
    working,
    total,
    perTokenPerLayer,
  };
}

/**
 * Inference working memory at prefill: one block's largest transient over the prompt (no autograd),
 * plus the last position's logits (generate() keeps only those).
 */
export function inferenceWorkingBytes(s: Shape, p: number, batch: number, seq: number, flash: boolean): number {
  const tokens = batch * seq;
  const h = s.hidden;
  const qDim = s.heads * s.headDim;
  const kvDim = s.kvHeads * s.headDim;
  const { width: i } = activeMlpWidth(s);
  // SwiGLU at its widest: SiLU output, up output and their product live together, beside the residual stream.
  const mlp = (s.ffn === "gated" ? 3 : 2) * p * i + 3 * p * h;
  // Attention: Q, K, V, output and the residual stream; eager attention also holds the scores and fp32 probabilities.
  const attention = p * (2 * qDim + 2 * kvDim + 3 * h) + (flash ? 0 : (4 + p) * s.heads * seq);
  return tokens * Math.max(mlp, attention) + 4 * batch * s.vocab;
}
