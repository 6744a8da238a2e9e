/**
 * llm-analysis (cli99/llm-analysis, llm_analysis/analysis.py `LLMAnalysis.training` / `inference` and the memory
 * helpers they call, llm_analysis/config.py; the version with `estimated_peak_memory_per_gpu`; estimators survey §3.7).
 * It "aims to provide a lower-bound estimation" and is Megatron/DeepSpeed-shaped: tensor/pipeline/data parallelism with
 * ZeRO 0–3, no LoRA and no CPU offload (README TODOs), 16/8/4-bit data types only (no fp32 training).
 *
 * Its inputs here: ModelConfig from the model's real architecture (num_layers, n_head, hidden_dim, vocab_size,
 * num_key_value_heads, ffn_embed_dim, mlp_gated_linear_units for a gated MLP), DtypeConfig w16a16e16 (w8a16e16,
 * w4a16e16 for 8/4-bit weights in inference), dp_size = GPUs with the ZeRO stage (training) or pp_size = GPUs
 * (inference, a layer split), batch_size_per_gpu, seq_len, activation_recomputation FULL with gradient checkpointing
 * else NONE, flash_attn, other_op_bytes for the optimizer, and every other argument at its default (layernorm
 * activations fp32 in training and fp16 in inference, master weights fp32, attention dropout mask on, softmax dropout
 * off, fwd_prefetch and bwd_prefetch on). tp_size = sp_size = ep_size = 1. MoE models are not transcribed.
 */
import { zeroStage } from "../../../src/estimator/estimate.js";
import { checkpointingFor, type KvPrecision, type Optimizer, type Precision } from "../../../src/estimator/request.js";
import type { Peer, PeerCase } from "./types.js";

const BYTES_FP32 = 4;
const BYTES_FP16 = 2;
const BITS_PER_BYTE = 8;

interface Config {
  numLayers: number;
  nHead: number;
  hidden: number;
  vocab: number;
  kvHeads: number;
  ffn: number;
  /** config.py: ffn_embed_dim / hidden_dim. */
  expansionRatio: number;
  gated: boolean;
}

interface Dtype {
  weightBits: number;
  activationBits: number;
  embeddingBits: number;
}

function configOf(x: PeerCase): Config {
  const m = x.model;
  return {
    numLayers: m.layers,
    nHead: m.heads,
    hidden: m.hidden,
    vocab: m.vocab,
    kvHeads: m.kvHeads,
    ffn: m.intermediate,
    expansionRatio: m.intermediate / m.hidden,
    gated: m.ffn === "gated",
  };
}

// Parameter counts (analysis.py get_num_params_*; tp = 1, dense):
//   embedding = h·V (shared_embedding=True by default: no separate LM head);  attn = 2h² + 2h·(h·kv/a)
//   mlp = (3 if gated else 2)·h·ffn;  layernorm = 2h per layer;  last layernorm = h
const embeddingParams = (c: Config) => c.hidden * c.vocab;
const attnParams = (c: Config) => 2 * c.hidden ** 2 + 2 * c.hidden * ((c.hidden * Math.max(c.kvHeads, 1)) / c.nHead);
const mlpParams = (c: Config) => (c.gated ? 3 : 2) * c.hidden * c.ffn;
const layernormParams = (c: Config) => 2 * c.hidden;

// get_memory_weight_per_layer: (attn + mlp)·linear_weight_bits/8 + layernorm·weight_bits/8 (÷ dp under ZeRO-3 when
// sharded); linear_weight_bits defaults to weight_bits.
const weightPerLayer = (c: Config, d: Dtype) =>
  ((attnParams(c) + mlpParams(c)) * d.weightBits) / BITS_PER_BYTE + (layernormParams(c) * d.weightBits) / BITS_PER_BYTE;

// get_activation_memory_per_layer_attn (bytes; b = batch, s = seq_len, act = activation_bits/8):
//   compute: flash_attn → (2·s·b·h + 4·a·s·b)·act;  else 2·a·s²·b·act
//   inference: max(3·act·s·b·h, compute)
//   training NONE: (s·b·h + 4·s·b·h)·act + compute + s·b·h (attention dropout mask, attn_dropout=True)
function attnActivation(c: Config, d: Dtype, b: number, s: number, inference: boolean, flash: boolean): number {
  const act = d.activationBits / BITS_PER_BYTE;
  const compute = flash ? (2 * s * b * c.hidden + 4 * c.nHead * s * b) * act : 2 * c.nHead * s ** 2 * b * act;
  if (inference) return Math.max(3 * act * s * b * c.hidden, compute);
  return (s * b * c.hidden + 4 * s * b * c.hidden) * act + compute + s * b * c.hidden;
}

// get_activation_memory_per_layer_mlp (dense, moe_top_k = 1, no recompute_gelu, no dropout):
//   inference: max(act, act·ratio)·s·b·h;   training: act·s·b·h + (act + act)·ratio·s·b·h
function mlpActivation(c: Config, d: Dtype, b: number, s: number, inference: boolean): number {
  const act = d.activationBits / BITS_PER_BYTE;
  if (inference) return Math.max(act, act * c.expansionRatio) * s * b * c.hidden;
  return act * s * b * c.hidden + (act + act) * c.expansionRatio * s * b * c.hidden;
}

// get_activation_memory_per_layernorm: s·b·h·layernorm_dtype_bytes
const layernormActivation = (c: Config, b: number, s: number, bytes: number) => s * b * c.hidden * bytes;

// get_activation_memory_output_embedding (= get_loss_bwd_memory): V·b·s·act
const outputEmbedding = (c: Config, d: Dtype, b: number, s: number) =>
  (c.vocab * b * s * d.activationBits) / BITS_PER_BYTE;

// get_activation_memory_per_layer:
//   FULL recompute: s·b·h·act per layer (the layer input)
//   inference: max(attn, mlp, layernorm);  training: attn + mlp + 2·layernorm
function activationPerLayer(
  c: Config,
  d: Dtype,
  b: number,
  s: number,
  opts: { inference: boolean; full: boolean; flash: boolean; layernormBytes: number },
): number {
  if (opts.full) return (s * b * c.hidden * d.activationBits) / BITS_PER_BYTE;
  const attn = attnActivation(c, d, b, s, opts.inference, opts.flash);
  const mlp = mlpActivation(c, d, b, s, opts.inference);
  const ln = layernormActivation(c, b, s, opts.layernormBytes);
  return opts.inference ? Math.max(attn, mlp, ln) : attn + mlp + 2 * ln;
}

/** `other_op_bytes` (None = Adam's 8 B of m and v; the docstring: "with lion optimizer … other_op_bytes = 4"). */
function otherOpBytes(o: Optimizer): number | null | undefined {
  switch (o) {
    case "adamw":
      return null;
    case "adamw8bit":
    case "paged_adamw8bit":
      return 2;
    case "lion":
    case "sgd_momentum":
      return 4;
    case "sgd":
      return 0;
    default:
      return undefined;
  }
}

// training():
//   weights  = (embedding·embedding_bits/8 + L·weight_per_layer + last_layernorm·weight_bits/8) ÷ dp under ZeRO-3
//   optimizer = op_bytes·P ÷ dp under ZeRO ≥ 1, op_bytes = 4 (master) + 8 (Adam) or 4 + other_op_bytes
//   gradients = 4·P (master_weights_dtype_bytes) ÷ dp under ZeRO ≥ 2
//   activations = L·per_layer + input embedding (h·b·s·act) + output embedding (V·b·s·act) + one layernorm (fp32)
//   bwd prefetch = (fwd_prefetch + bwd_prefetch) · unsharded weight_per_layer;  loss_bwd = V·b·s·act
//   estimated_peak_memory_per_gpu = optimizer + weights + max(activations, gradients) + max(bwd prefetch, loss_bwd)
function training(x: PeerCase, c: Config): number | undefined {
  const op = otherOpBytes(x.req.optimizer);
  if (op === undefined) return undefined;
  const d: Dtype = { weightBits: 16, activationBits: 16, embeddingBits: 16 };
  const zero = zeroStage(x.req, x.method, x.gpus);
  const dp = x.gpus;
  const b = x.req.batch;
  const s = x.req.seq;
  const L = c.numLayers;
  const weightShard = zero === 3 ? dp : 1;
  const optShard = zero >= 1 ? dp : 1;
  const gradShard = zero >= 2 ? dp : 1;
  const params = embeddingParams(c) + L * (attnParams(c) + mlpParams(c) + layernormParams(c)) + c.hidden;
  const weights =
    ((embeddingParams(c) * d.embeddingBits) / BITS_PER_BYTE +
      L * weightPerLayer(c, d) +
      (c.hidden * d.weightBits) / BITS_PER_BYTE) /
    weightShard;
  const opBytes = op === null ? BYTES_FP32 + 2 * BYTES_FP32 : op + BYTES_FP32;
  const optimizer = (opBytes * params) / optShard;
  const gradients = (BYTES_FP32 * params) / gradShard;
  const act = d.activationBits / BITS_PER_BYTE;
  const perLayer = activationPerLayer(c, d, b, s, {
    inference: false,
    full: checkpointingFor(x.req, x.method),
    flash: x.req.flashAttention,
    layernormBytes: BYTES_FP32,
  });
  const activations =
    L * perLayer + c.hidden * b * s * act + outputEmbedding(c, d, b, s) + layernormActivation(c, b, s, BYTES_FP32);
  const bwdPrefetch = 2 * weightPerLayer(c, d);
  const lossBwd = outputEmbedding(c, d, b, s);
  return optimizer + weights + Math.max(activations, gradients) + Math.max(bwdPrefetch, lossBwd);
}

/** Weight bits of the dtype configs it ships (w16a16e16, w8a16e16, w4a16e16); 16/8/4 bits only. */
function inferenceWeightBits(p: Precision): number | undefined {
  if (p === "fp16" || p === "bf16") return 16;
  if (p === "int8" || p === "fp8") return 8;
  if (p === "int4" || p === "nf4") return 4;
  return undefined;
}

// inference() (use_kv_cache=True, layernorm_dtype_bytes = BYTES_FP16, kv_cache_dtype_bytes = act; pp = GPUs):
//   weights = embedding·embedding_bits/8 + ceil(L/pp)·weight_per_layer + last_layernorm·weight_bits/8
//   prefill = max(per_layer(b, seq_len), V·b·seq_len·act)
//   kv = 2·b·(seq_len + generated)·(h/a)·max(kv, 1)·kv_bytes per layer × ceil(L/pp)
//   decode = max(per_layer(b, 1), V·b·act)
// It prints no total: its checks are memory_left = GPU − weights > prefill and > kv + decode, so the peak it sizes is
//   weights + max(prefill, kv + decode)
function inference(x: PeerCase, c: Config): number | undefined {
  const weightBits = inferenceWeightBits(x.req.precision);
  if (weightBits === undefined) return undefined;
  const d: Dtype = { weightBits, activationBits: 16, embeddingBits: 16 };
  const kvBytes = x.req.kvPrecision === undefined ? d.activationBits / BITS_PER_BYTE : kvCacheBytes(x.req.kvPrecision);
  if (kvBytes === undefined) return undefined;
  const pp = x.gpus;
  const layersPerGpu = Math.trunc((c.numLayers + pp - 1) / pp);
  const b = x.req.batch;
  // The request's seq is prompt + generated tokens; one of them is the generated token.
  const generated = 1;
  const seqLen = Math.max(x.req.seq - generated, 1);
  const weights =
    (embeddingParams(c) * d.embeddingBits) / BITS_PER_BYTE +
    layersPerGpu * weightPerLayer(c, d) +
    (c.hidden * d.weightBits) / BITS_PER_BYTE;
  const opts = { inference: true, full: false, flash: true, layernormBytes: BYTES_FP16 };
  const prefill = Math.max(activationPerLayer(c, d, b, seqLen, opts), outputEmbedding(c, d, b, seqLen));
  const headDim = c.hidden / c.nHead;
  const kv = 2 * b * (seqLen + generated) * headDim * Math.max(c.kvHeads, 1) * kvBytes * layersPerGpu;
  const decode = Math.max(activationPerLayer(c, d, b, 1, opts), outputEmbedding(c, d, b, 1));
  return weights + Math.max(prefill, kv + decode);
}

/** kv_cache_dtype_bytes: an int byte count (4, 2 or 1); a 4-bit cache is not expressible. */
function kvCacheBytes(p: KvPrecision): number | undefined {
  if (p === "fp32") return 4;
  if (p === "fp16" || p === "bf16") return 2;
  if (p === "fp8" || p === "int8") return 1;
  return undefined;
}

export function predict(x: PeerCase): number | undefined {
  if (x.model.moe || x.req.offload !== "none") return undefined;
  const c = configOf(x);
  if (x.method === "inference") return inference(x, c);
  // Full fine-tuning in 16-bit only (pre-training and fine-tuning are modelled the same; no LoRA).
  if (x.method !== "full" || (x.req.precision !== "bf16" && x.req.precision !== "fp16")) return undefined;
  return training(x, c);
}

export const llmAnalysis: Peer = {
  id: "llm-analysis",
  name: "llm-analysis",
  source: "cli99/llm-analysis llm_analysis/analysis.py, config.py",
  overheadBytes: 0,
  predict,
};
