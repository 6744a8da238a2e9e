import { z } from "zod";
import { OptimStep, Optimizer } from "./request.js";

/**
 * What a component is made of, as numbers only: each term names a tensor (or an allowance) and the inputs that give
 * its bytes. The sentences of the breakdown and of *Why?* are written from these in `render/explain.ts`.
 *
 * For a term with `count` and `each`: bytes = count × each / shards − freed (freed only for the optimizer step's
 * temporary, which reuses the activations' memory); a test holds this for every term of a battery of requests.
 */
export const TERM_KINDS = [
  // weights
  "weights", // every parameter at `each` bytes (dtype)
  "quantized-linears", // the block linears quantized (nf4/int4/int8/fp8), constants included in `each`
  "unquantized-rest", // embeddings, LM head and norms kept 16-bit by the quantizer
  "adapters", // LoRA's A and B matrices
  "gathered-blocks", // ZeRO-3/FSDP: the gathered block and the prefetched next one, 16-bit
  "autocast-casts", // regime=amp with a frozen base: the 16-bit casts of its weights that the matmuls save
  // gradients
  "gradients", // one gradient per trainable parameter
  "ddp-buckets", // DDP's flat all-reduce buckets: a second copy of the gradients
  "gradient-in-flight", // step=inbackward: the one parameter's gradient that exists at a time
  "tied-gradient-sum", // a tied embedding's second gradient and its sum, beyond what the activations freed
  // optimizer
  "optimizer-states", // per trainable parameter (`optimizer`, `each` bytes per parameter)
  "master-weights", // fp32 master copy (regime=mixed)
  "adafactor-factors", // Adafactor's row and column statistics
  "step-temporary", // torch foreach AdamW's state-sized temporary beyond the freed activations
  // activations
  "layer-activations", // what each trained block saves for backward, per token
  "checkpointed-inputs", // gradient checkpointing: each trained block's input only
  "head-input", // final norm and LM head inputs
  "logits", // the 16-bit logits and the fp32 log-softmax the loss keeps
  "backward-logits", // the dense fp32 gradients of the loss at the start of backward
  "backward-working", // the recomputed block (checkpointing) or one block's activation gradients
  "dequant-buffer", // QLoRA: one weight dequantized to 16-bit for its matmul
  "prefill-working", // inference: one block's largest transient over the prompt, and the last logits
  "profile-peak", // engine=vllm: the activation peak of vLLM's profiling forward pass and sampler
  // KV cache
  "kv-cache",
  "kv-pool", // engine=vllm: the paged KV cache, every block the budget has left (count blocks × each bytes)
  // overhead
  "cuda-context",
  "cuda-graphs", // engine=vllm: the captured CUDA graphs' memory pool
  "static-slack", // allocator rounding of long-lived tensors
  "dynamic-slack", // fragmentation of memory freed and reallocated every step
  // any component moved to host memory
  "offloaded",
  // at load
  "quantize-transient", // quantizing the largest weight at load: the 16-bit weight and what the quantizer makes of it
  "quantize-chunk", // torchao: one chunk of elements compared with the 16 NF4 levels
] as const;
export const TermKind = z.enum(TERM_KINDS);
export type TermKind = z.infer<typeof TermKind>;

export const Term = z.object({
  kind: TermKind,
  /** Bytes this term adds to the component on one GPU. */
  bytes: z.number().nonnegative(),
  /** Elements (parameters, tokens × layers, …) it multiplies. */
  count: z.number().nonnegative().optional(),
  /** Bytes per element. */
  each: z.number().nonnegative().optional(),
  /** GPUs it is divided over (ZeRO, tensor parallel). */
  shards: z.int().positive().optional(),
  /** Bytes it may reuse (the step temporary reuses the freed activations; with accum=1 gradients reuse them too). */
  freed: z.number().nonnegative().optional(),
  /** Element type of the tensor, in request words (bf16, fp32, nf4, int4, fp8, 8-bit). */
  dtype: z.string().optional(),
  optimizer: Optimizer.optional(),
  /** The step-temporary's AdamW step: `foreach` (one state of every parameter) or `loop` (the largest parameter's). */
  step: OptimStep.optional(),
  /** Layers and tokens behind activation and KV-cache terms. */
  layers: z.int().nonnegative().optional(),
  batch: z.int().positive().optional(),
  seq: z.int().positive().optional(),
  /** Slack terms: the share taken, of how many bytes. */
  share: z.number().nonnegative().optional(),
  of: z.number().nonnegative().optional(),
  /** Offloaded: bytes that live in host memory instead. */
  hostBytes: z.number().nonnegative().optional(),
  /** Sliding-window layers capped at `window` tokens (KV cache). */
  window: z.int().positive().optional(),
  windowLayers: z.int().nonnegative().optional(),
  /** LoRA rank and targets behind adapter terms. */
  rank: z.int().positive().optional(),
  targets: z.string().optional(),
  /** KV cache width: heads × head_dim, or MLA's latent. */
  kvHeads: z.int().positive().optional(),
  headDim: z.int().positive().optional(),
  latent: z.int().positive().optional(),
});
export type Term = z.infer<typeof Term>;

/** The bytes a term's inputs give (its `bytes` when it has no count/each). */
export function termInputsBytes(t: Term): number {
  if (t.count === undefined || t.each === undefined) return t.bytes;
  return (t.count * t.each) / (t.shards ?? 1) - (t.freed ?? 0);
}

/** Divide a term over `n` GPUs. */
export function sharded(t: Term, n: number): Term {
  return { ...t, bytes: t.bytes / n, shards: (t.shards ?? 1) * n };
}

export const sumBytes = (terms: readonly Term[]): number => terms.reduce((s, t) => s + t.bytes, 0);
