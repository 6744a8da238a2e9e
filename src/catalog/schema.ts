import { z } from "zod";

/** A public page the numbers of a catalog entry were read from (config.json, model card, spec sheet). */
const Source = z.string().regex(/^https:\/\//, "a source must be an https URL");

const Slug = z.string().regex(/^[a-z0-9][a-z0-9.+-]*$/, "ids are lower-case slugs");

/** Mixture-of-experts feed-forward: every MoE layer holds `experts` expert MLPs, `activeExperts` run per token. */
export const MoeSpec = z.object({
  experts: z.int().positive(),
  activeExperts: z.int().positive(),
  /** FFN width of one expert (config `moe_intermediate_size`, or `intermediate_size` for Mixtral). */
  expertIntermediate: z.int().positive(),
  /** Always-on shared experts (DeepSeek, Qwen2-MoE, Llama 4) and their width. */
  sharedExperts: z.int().nonnegative().default(0),
  sharedIntermediate: z.int().nonnegative().default(0),
  /** Leading layers that keep a dense MLP of `intermediate` width (DeepSeek-V3: 3). */
  denseLayers: z.int().nonnegative().default(0),
  /** MoE every `every` layers, dense (width `intermediate`) in between (Llama 4 Maverick: 2). */
  every: z.int().positive().default(1),
});

/** Local (sliding-window) attention layers: their KV cache and attention span stop at `window` tokens. */
export const SlidingWindowSpec = z.object({
  window: z.int().positive(),
  /** How many of the model's layers use the window (the rest attend to the whole context). */
  layers: z.int().nonnegative(),
});

export const ModelSpec = z.object({
  /** Canonical slug people type, e.g. `llama-3.1-8b`. */
  id: Slug,
  /** Display name, e.g. `Llama 3.1 8B`. */
  name: z.string().min(1),
  family: z.string().min(1),
  /** Hugging Face repository the config was read from. */
  hfRepo: z.string().min(3),
  /** Other spellings that mean the same architecture (instruct/chat variants, older names). */
  aliases: z.array(z.string()).default([]),
  /** Total parameters as published (embeddings counted once when tied). */
  params: z.int().positive(),
  /** decoder: causal LM; encoder: BERT-style; encoder-decoder: T5-style (shape fields describe one stack, `layers` counts both). */
  arch: z.enum(["decoder", "encoder", "encoder-decoder"]).default("decoder"),
  layers: z.int().positive(),
  hidden: z.int().positive(),
  heads: z.int().positive(),
  kvHeads: z.int().positive(),
  headDim: z.int().positive(),
  /** Dense FFN width (config `intermediate_size`; for gated MLPs the width of each of gate and up). */
  intermediate: z.int().positive(),
  /** `gated` = SwiGLU/GeGLU (three matrices), `plain` = two matrices with GELU/ReLU. */
  ffn: z.enum(["gated", "plain"]),
  norm: z.enum(["rmsnorm", "layernorm"]),
  /**
   * Parallel attention and MLP (GPT-J, GPT-NeoX, Phi-1/2, Falcon): both read the block's input, through one shared
   * norm (`shared-norm`: Phi, GPT-J, Falcon-7B) or one norm each (`two-norms`: GPT-NeoX, Falcon-40B). Unset = the
   * sequential block every current decoder uses.
   */
  parallel: z.enum(["shared-norm", "two-norms"]).optional(),
  vocab: z.int().positive(),
  tiedEmbeddings: z.boolean(),
  /** Biases on the q, k, v projections (Qwen2) or on every linear (GPT-2, BERT, Falcon-style). */
  bias: z.enum(["none", "qkv", "all"]).default("none"),
  /** Multi-head latent attention (DeepSeek-V2/V3): the KV cache stores one latent of this width per token and layer. */
  kvLatentDim: z.int().positive().optional(),
  moe: MoeSpec.optional(),
  slidingWindow: SlidingWindowSpec.optional(),
  /** Longest context the model was released with. */
  maxContext: z.int().positive(),
  source: Source,
});
export type ModelSpec = z.infer<typeof ModelSpec>;
export type ModelSpecInput = z.input<typeof ModelSpec>;

export const GpuSpec = z.object({
  /** Canonical slug, e.g. `rtx-4090`, `a100-80gb`, `h100-sxm`. */
  id: Slug,
  /** Full name, e.g. `NVIDIA GeForce RTX 4090`. */
  name: z.string().min(1),
  /** Short name for tables, e.g. `RTX 4090`. */
  short: z.string().min(1),
  vendor: z.enum(["nvidia", "amd", "apple", "intel"]),
  segment: z.enum(["consumer", "workstation", "datacenter", "apple"]),
  /** Memory as marketed, in GB (24 for a 4090). */
  marketingGB: z.number().positive(),
  /** Memory the driver reports (nvidia-smi total), in bytes; for Apple the unified memory of the machine. */
  memoryBytes: z.int().positive(),
  /** Share of `memoryBytes` a GPU job may use (Apple: Metal's recommendedMaxWorkingSetSize; 1 elsewhere). */
  usableShare: z.number().positive().max(1).default(1),
  /** Native bf16 matrix math (Ampere and newer, CDNA2+, Apple M2+). */
  bf16: z.boolean(),
  /** Native fp8 matrix math (Ada, Hopper, Blackwell, CDNA3). */
  fp8: z.boolean(),
  /** Memory bandwidth in GB/s, for context in answers. */
  bandwidthGBs: z.number().positive(),
  /** What people type: `4090`, `rtx4090`, `a100-80`, `h100`. */
  aliases: z.array(z.string()).default([]),
  source: Source,
});
export type GpuSpec = z.infer<typeof GpuSpec>;
export type GpuSpecInput = z.input<typeof GpuSpec>;
