/**
 * vLLM's memory model, the card-independent half (numbers only): what one GPU of a tensor-parallel group holds per
 * token and per sequence, and how its paged KV cache is laid out. The card decides the rest (its share, the engine's
 * defaults, the blocks left): src/advisor/serving.ts.
 *
 * Modelled on the current V1 engine (vllm/v1/, the default since vLLM 0.8; the V0 worker is gone). Where V1's
 * behaviour changed between releases the comment says which one is followed.
 */
import { z } from "zod";
import { activeMlpWidth } from "./activations.js";
import type { ResolvedModel } from "./model.js";
import { CUDA_CONTEXT_BYTES } from "./overhead.js";
import { computeBytes, ELEMENT_BYTES } from "./precision.js";
import type { EstimationRequest } from "./request.js";

/** vllm/config/cache.py CacheConfig.DEFAULT_BLOCK_SIZE: tokens per KV-cache block (page) on CUDA. */
export const VLLM_BLOCK_TOKENS = 16;

/**
 * The sampler's bytes per vocabulary entry and sequence, beyond the logits in the model dtype: vllm/v1/sample/sampler.py
 * Sampler.forward upcasts them (`logits.to(torch.float32)`, 4 B), and random sampling
 * (vllm/v1/sample/ops/topk_topp_sampler.py random_sample) holds the fp32 probabilities (4 B) and the exponential noise
 * it divides them by (`torch.empty_like(probs).exponential_()`, 4 B). The profile run samples with temperature and
 * without top-k/top-p or logprobs (gpu_model_runner.py _dummy_sampler_run), so no sort buffers.
 */
const SAMPLER_FP32_COPIES = 3;

/** What the card-side arithmetic needs, per GPU of the tensor-parallel group. */
export const VllmInputs = z.object({
  /** gpu_memory_utilization asked (share of the card's total memory the engine takes). */
  gpuUtil: z.number().gt(0).max(1),
  /** tensor_parallel_size: the GPUs weights, heads and KV heads are split over. */
  tensorParallel: z.int().positive(),
  /** max_model_len: the context every sequence must be able to reach (the request's seq). */
  maxModelLen: z.int().positive(),
  /** Sequences the request wants served at once (its batch). */
  sequences: z.int().positive(),
  blockTokens: z.int().positive(),
  /** Bytes of one block in one layer on one GPU (vllm/v1/kv_cache_interface.py AttentionSpec.page_size_bytes). */
  pageBytes: z.int().nonnegative(),
  kvDtype: z.string(),
  /** KV heads one GPU caches (MLA: one latent instead) and their width. */
  kvHeads: z.int().positive(),
  headDim: z.int().positive(),
  latent: z.int().positive().optional(),
  /** Layers attending to the whole context, and sliding-window layers with their window. */
  fullLayers: z.int().nonnegative(),
  slidingLayers: z.int().nonnegative(),
  window: z.int().positive().optional(),
  /** The forward pass's working set per token on one GPU (the largest of attention and MLP, residual stream included). */
  forwardPerToken: z.number().nonnegative(),
  /** The [tokens, hidden] output the profile run keeps while it samples. */
  hiddenPerToken: z.number().nonnegative(),
  /** Per sequence sampled: its hidden row, the logits in the model dtype and the sampler's three fp32 copies. */
  samplerPerSeq: z.number().nonnegative(),
  /** CUDA context, kernels and library workspaces (vLLM counts memory outside torch inside its budget). */
  nonTorchBytes: z.int().nonnegative(),
});
export type VllmInputs = z.infer<typeof VllmInputs>;

/**
 * vLLM's inputs for `req` served on `gpuCount` GPUs (tensor parallel), per GPU. Linear layers split their output or
 * input dimension over the group (vllm/model_executor/layers/linear.py Column/RowParallelLinear): query heads and the
 * MLP width divide, the residual stream does not; KV heads divide down to one per GPU and are replicated below that
 * (vllm/config/model.py ModelConfig.get_num_kv_heads: `max(1, total_num_kv_heads // tensor_parallel_size)`).
 */
export function vllmInputs(m: ResolvedModel, req: EstimationRequest, gpuCount: number): VllmInputs {
  const N = Math.max(1, gpuCount);
  const p = computeBytes(req.precision);
  const kvDtype = req.kvPrecision ?? (req.precision === "fp32" ? "fp32" : "bf16");
  const e = ELEMENT_BYTES[kvDtype];
  const kvHeads = Math.max(1, Math.floor(m.kvHeads / N));
  // AttentionSpec.page_size_bytes = coef · block_size · num_kv_heads · head_size · dtype size, coef 2 (K and V) or
  // 1 for MLA (MLAAttentionSpec: one latent of kv_lora_rank + qk_rope_head_dim, replicated on every GPU).
  const pageBytes =
    m.arch === "encoder"
      ? 0
      : m.kvLatentDim
        ? VLLM_BLOCK_TOKENS * m.kvLatentDim * e
        : 2 * VLLM_BLOCK_TOKENS * kvHeads * m.headDim * e;
  const sliding = m.slidingWindow && !m.kvLatentDim ? Math.min(m.slidingWindow.layers, m.layers) : 0;

  const h = m.hidden;
  const q = (m.heads * m.headDim) / N;
  const kv = kvHeads * m.headDim;
  const { width } = activeMlpWidth(m);
  const i = width / N;
  // The profile's forward (no autograd): attention holds the normed input, the residual, the qkv projection, the
  // attention output and o_proj's output; the MLP the normed input, the residual, gate_up (2·i), SiluAndMul's output
  // and down's output (vllm/model_executor/models/llama.py LlamaAttention/LlamaMLP). Fused MoE also holds the
  // routed copies of the hidden state (fused_moe intermediate_cache3: tokens × top_k × hidden).
  const mlp = (m.ffn === "gated" ? 3 : 2) * p * i + 3 * p * h + (m.moe ? m.moe.activeExperts * p * h : 0);
  const attention = p * (2 * q + 2 * kv + 3 * h);
  return {
    gpuUtil: req.gpuUtil,
    tensorParallel: N,
    maxModelLen: req.seq,
    sequences: req.batch,
    blockTokens: VLLM_BLOCK_TOKENS,
    pageBytes,
    kvDtype,
    kvHeads: m.kvLatentDim ? 1 : kvHeads,
    headDim: m.headDim,
    ...(m.kvLatentDim ? { latent: m.kvLatentDim } : {}),
    fullLayers: m.arch === "encoder" ? 0 : m.layers - sliding,
    slidingLayers: m.arch === "encoder" ? 0 : sliding,
    ...(sliding > 0 && m.slidingWindow ? { window: m.slidingWindow.window } : {}),
    forwardPerToken: Math.max(mlp, attention),
    hiddenPerToken: p * h,
    // V1 gathers the vocab-parallel logits on every GPU (LogitsProcessor all-gather) and every worker samples.
    samplerPerSeq: p * h + m.vocab * (p + 4 * SAMPLER_FP32_COPIES),
    nonTorchBytes: CUDA_CONTEXT_BYTES,
  };
}

/**
 * vLLM's floor for one CUDA graph's own memory, beyond the pool the graphs share (vllm/v1/worker/gpu_model_runner.py
 * profile_cudagraph_memory: "Use at least 1 MiB per graph for driver overhead").
 */
export const VLLM_GRAPH_FLOOR_BYTES = 1024 * 1024;
