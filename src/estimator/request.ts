import { z } from "zod";

/** The single source of truth for what can be asked. Parsers produce it; the estimator consumes it. */

export const METHODS = ["full", "lora", "qlora", "freeze", "inference"] as const;
export const Method = z.enum(METHODS);
export type Method = z.infer<typeof Method>;

export const PRECISIONS = ["fp32", "fp16", "bf16", "fp8", "int8", "int4", "nf4"] as const;
export const Precision = z.enum(PRECISIONS);
export type Precision = z.infer<typeof Precision>;

export const OPTIMIZERS = [
  "adamw",
  "adamw8bit",
  "paged_adamw8bit",
  "sgd",
  "sgd_momentum",
  "adafactor",
  "lion",
] as const;
export const Optimizer = z.enum(OPTIMIZERS);
export type Optimizer = z.infer<typeof Optimizer>;

export const REGIMES = ["seed", "mixed", "amp", "pure"] as const;
export const Regime = z.enum(REGIMES);
export type Regime = z.infer<typeof Regime>;

export const TARGETS = ["qv", "qkv", "attn", "mlp", "all"] as const;
export const Targets = z.enum(TARGETS);
export type Targets = z.infer<typeof Targets>;

export const LOSSES = ["standard", "chunked"] as const;
export const Loss = z.enum(LOSSES);
export type Loss = z.infer<typeof Loss>;

/** How answers print sizes: decimal GB (10^9 bytes, as vendors and the seed count) or binary GiB (2^30, as nvidia-smi and PyTorch do). */
export const UNITS = ["GB", "GiB"] as const;
export const Unit = z.enum(UNITS);
export type Unit = z.infer<typeof Unit>;

/**
 * How torch AdamW's step runs: `foreach` (torch's default on CUDA), `fused`, `loop` (one parameter at a time:
 * AdamW(foreach=False), and transformers' own AdamW, the Trainer's `adamw_hf` before `adamw_torch`), or fused into the
 * backward pass per parameter.
 */
export const OPTIM_STEPS = ["foreach", "fused", "loop", "inbackward"] as const;
export const OptimStep = z.enum(OPTIM_STEPS);
export type OptimStep = z.infer<typeof OptimStep>;

/** Who quantizes a 4-bit base at load: bitsandbytes (transformers, PEFT, Axolotl, Unsloth) or torchao's NF4Tensor (torchtune). */
export const QUANTIZERS = ["bnb", "torchao"] as const;
export const Quantizer = z.enum(QUANTIZERS);
export type Quantizer = z.infer<typeof Quantizer>;

/** Frameworks whose defaults a preset sets (src/catalog/frameworks.data.ts gives each default its source). */
export const FRAMEWORKS = [
  "hf",
  "trl",
  "axolotl",
  "unsloth",
  "llamafactory",
  "torchtune",
  "litgpt",
  "deepspeed",
  "fsdp",
] as const;
export const Framework = z.enum(FRAMEWORKS);
export type Framework = z.infer<typeof Framework>;

/** Serving engines: `hf` (transformers generate: weights + the KV cache the request needs) or `vllm` (a fixed share of the card). */
export const ENGINES = ["hf", "vllm"] as const;
export const Engine = z.enum(ENGINES);
export type Engine = z.infer<typeof Engine>;

export const KV_PRECISIONS = ["fp32", "fp16", "bf16", "fp8", "int8", "int4"] as const;
export const KvPrecision = z.enum(KV_PRECISIONS);
export type KvPrecision = z.infer<typeof KvPrecision>;

/** Limits of what can be asked; the parser's range messages quote these. */
export const MAX_SEQ = 10_000_000;
export const MAX_BATCH = 65_536;
export const MAX_RANK = 65_536;
export const MAX_PARAMS = 10e12;
export const MAX_GPU_COUNT = 4096;
export const MAX_ACCUM = 65_536;

/** Which model: a catalog id, a bare size whose shape is derived from a catalog model, or a Hub repository. */
const CatalogRef = z.object({ kind: z.literal("catalog"), id: z.string().min(1) });
/** A bare size; `basis` is the catalog model whose shape it takes when a family was named ("llama 5b"). */
const SizeRef = z.object({
  kind: z.literal("size"),
  params: z.number().positive().max(MAX_PARAMS),
  basis: z.string().min(1).optional(),
});
/** A Hugging Face Hub repository id (`org/name`) that is not in the catalog. */
export const HUB_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,95}\/[A-Za-z0-9][A-Za-z0-9._-]{0,95}$/;
const HubRef = z.object({
  kind: z.literal("hub"),
  // The Hub also refuses `--` and `..` in names (huggingface_hub validate_repo_id).
  id: z
    .string()
    .regex(HUB_ID)
    .refine((id) => !/--|\.\./.test(id), "not a Hub repository id"),
  /** What to answer for when the Hub cannot be asked: the catalog model or size its name suggests. */
  fallback: z.union([CatalogRef, SizeRef]).optional(),
});
export const ModelRef = z.discriminatedUnion("kind", [CatalogRef, SizeRef, HubRef]);
export type ModelRef = z.infer<typeof ModelRef>;

/** A GPU to check: a catalog id, or a bare capacity ("24gb"), times a count. */
export const GpuRef = z.object({
  id: z.string().min(1).optional(),
  /** Capacity in bytes when the user named a size rather than a card. */
  memoryBytes: z.int().positive().optional(),
  count: z.int().positive().max(MAX_GPU_COUNT).default(1),
});
export type GpuRef = z.infer<typeof GpuRef>;

/**
 * What an unset field means: the one place defaults live. The schema applies them; canonical text leaves them out;
 * help and the form show them.
 */
export const DEFAULTS = {
  precision: "bf16",
  /** A modest sequence, as the seed's worked example ("1.5B at a modest batch"). */
  seq: 1024,
  batch: 1,
  optimizer: "adamw",
  optimStep: "foreach",
  regime: "seed",
  flashAttention: true,
  offload: "none",
  /** PEFT's LoraConfig default r=8 is small for instruction tuning; 16 is the QLoRA paper's and most recipes' choice. */
  rank: 16,
  /** PEFT's LoraConfig default lora_dropout = 0.0 (then nn.Identity: nothing saved). */
  loraDropout: 0,
  trainLayers: 2,
  loss: "standard",
  doubleQuant: true,
  quantizer: "bnb",
  compile: false,
  /** TrainingArguments.bf16 = False: no autocast unless asked (regime=amp is its own). */
  autocast: false,
  offloadActivations: false,
  engine: "hf",
  /** vLLM's `gpu_memory_utilization` default (vllm/engine/arg_utils.py EngineArgs). */
  gpuUtil: 0.9,
  unit: "GB",
} as const satisfies Record<string, string | number | boolean>;

export const EstimationRequest = z.object({
  /** The text the request came from, echoed in answers. */
  query: z.string().default(""),
  model: ModelRef,
  /** Methods to compare; empty = the default comparison (full, LoRA, QLoRA, inference). */
  methods: z.array(Method).default([]),
  precision: Precision.default(DEFAULTS.precision),
  /** Tokens per sequence (inference: the context the KV cache reaches, prompt + generated). */
  seq: z.int().positive().max(MAX_SEQ).default(DEFAULTS.seq),
  /** Micro-batch per GPU. */
  batch: z.int().positive().max(MAX_BATCH).default(DEFAULTS.batch),
  optimizer: Optimizer.default(DEFAULTS.optimizer),
  /** torch AdamW's step: `foreach` (torch's default on CUDA) allocates a state-sized temporary, `fused` none, `loop` one parameter's. */
  optimStep: OptimStep.default(DEFAULTS.optimStep),
  /**
   * Gradient accumulation steps. Unset = gradients are held beside the activations, as when accumulating (N ≥ 2) — the
   * conservative reading every answer states; 1 = one micro-batch per step with zero_grad(set_to_none=True), where the
   * gradients appear as the backward frees the activations.
   */
  accum: z.int().positive().max(MAX_ACCUM).optional(),
  /** torch.compile: the partitioner recomputes pointwise intermediates (norms, SwiGLU) instead of saving them. */
  compile: z.boolean().default(DEFAULTS.compile),
  /**
   * A 16-bit autocast around the forward over 16-bit weights (the HF Trainer's `bf16=True`, TRL's default): PEFT's fp32
   * adapters then save autocast's 16-bit cast of their input, not an fp32 copy. regime=amp implies it.
   */
  autocast: z.boolean().default(DEFAULTS.autocast),
  /** Activation offloading: the saved activations (checkpointed inputs) wait in host memory (torchtune, Unsloth). */
  offloadActivations: z.boolean().default(DEFAULTS.offloadActivations),
  /** Who quantizes a 4-bit base at load (its transients can peak above the training step). */
  quantizer: Quantizer.default(DEFAULTS.quantizer),
  /** The framework whose defaults filled unset fields (named in the answer). */
  framework: Framework.optional(),
  /** Serving engine for inference. */
  engine: Engine.default(DEFAULTS.engine),
  /** vLLM's gpu_memory_utilization: the share of the card the engine takes at start. */
  gpuUtil: z.number().gt(0).max(1).default(DEFAULTS.gpuUtil),
  regime: Regime.default(DEFAULTS.regime),
  /** Unset = the method's usual default: on for QLoRA (PEFT prepare_model_for_kbit_training), off otherwise. */
  gradientCheckpointing: z.boolean().optional(),
  flashAttention: z.boolean().default(DEFAULTS.flashAttention),
  /** ZeRO stage; unset = 0 on one GPU, 3 (FSDP full shard) when training on several. */
  zero: z.int().min(0).max(3).optional(),
  offload: z.enum(["none", "cpu"]).default(DEFAULTS.offload),
  rank: z.int().positive().max(MAX_RANK).default(DEFAULTS.rank),
  /** LoRA dropout probability: above 0 each adapter keeps its dropped-out input and a 1-byte mask. */
  loraDropout: z.number().min(0).lt(1).default(DEFAULTS.loraDropout),
  /** Unset = each method's paper default: q,v for LoRA (Hu et al. 2021, PEFT's Llama default), all linear for QLoRA (Dettmers et al. 2023). */
  targets: Targets.optional(),
  /** `freeze`: how many of the last layers train. */
  trainLayers: z.int().positive().default(DEFAULTS.trainLayers),
  loss: Loss.default(DEFAULTS.loss),
  /** QLoRA double quantization of the NF4 constants. */
  doubleQuant: z.boolean().default(DEFAULTS.doubleQuant),
  /** KV-cache element type for inference; unset = the compute dtype (16-bit for quantized weights). */
  kvPrecision: KvPrecision.optional(),
  gpus: z.array(GpuRef).default([]),
  /** How the answer prints sizes (the numbers are the same bytes either way). */
  unit: Unit.default(DEFAULTS.unit),
});
export type EstimationRequest = z.infer<typeof EstimationRequest>;
export type EstimationRequestInput = z.input<typeof EstimationRequest>;

/** Gradient checkpointing as a method runs it. */
export function checkpointingFor(req: EstimationRequest, method: Method): boolean {
  return req.gradientCheckpointing ?? method === "qlora";
}

/** Is the forward under a 16-bit autocast: asked for (`autocast`), or implied by regime=amp's fp32 weights. */
export function autocastOn(req: Pick<EstimationRequest, "autocast" | "regime">): boolean {
  return req.autocast || req.regime === "amp";
}

/** LoRA targets as a method runs them. */
export function targetsFor(req: EstimationRequest, method: Method): Targets {
  return req.targets ?? (method === "qlora" ? "all" : "qv");
}
