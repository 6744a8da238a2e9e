/** The words of the request language: what each means, and which words are only prose around them. */
import type { KvPrecision, Method, Optimizer, Precision } from "../estimator/request.js";

/** Words that name one method exactly. */
export const METHOD_WORDS: Readonly<Record<string, Method>> = {
  full: "full",
  fft: "full",
  "full-ft": "full",
  "full-finetune": "full",
  "full-finetuning": "full",
  "full-fine-tune": "full",
  "full-fine-tuning": "full",
  pretrain: "full",
  "pre-train": "full",
  pretraining: "full",
  "pre-training": "full",
  lora: "lora",
  loras: "lora",
  qlora: "qlora",
  "q-lora": "qlora",
  freeze: "freeze",
  frozen: "freeze",
  inference: "inference",
  infer: "inference",
  inferencing: "inference",
  serve: "inference",
  serving: "inference",
  inf: "inference",
};

/** Words that say "training of some kind" without naming a method: full, LoRA and QLoRA are compared. */
export const TRAIN_WORDS: ReadonlySet<string> = new Set([
  "finetune",
  "finetuning",
  "finetuned",
  "fine-tune",
  "fine-tuning",
  "fine-tuned",
  "tune",
  "tuning",
  "ft",
  "sft",
  "train",
  "training",
  "trainable",
]);

/** Words that say "running the model" without naming a method: inference, unless a method is named. */
export const RUN_WORDS: ReadonlySet<string> = new Set(["run", "running", "host", "hosting", "deploy", "deploying", "generate", "generation"]);

export const PRECISION_WORDS: Readonly<Record<string, Precision>> = {
  fp32: "fp32",
  float32: "fp32",
  "32bit": "fp32",
  "32-bit": "fp32",
  fp16: "fp16",
  float16: "fp16",
  "16bit": "fp16",
  "16-bit": "fp16",
  half: "fp16",
  bf16: "bf16",
  bfloat16: "bf16",
  fp8: "fp8",
  float8: "fp8",
  int8: "int8",
  "8bit": "int8",
  "8-bit": "int8",
  q8: "int8",
  q8_0: "int8",
  int4: "int4",
  "4bit": "int4",
  "4-bit": "int4",
  q4: "int4",
  q4_0: "int4",
  q4_k_m: "int4",
  gptq: "int4",
  awq: "int4",
  nf4: "nf4",
};

export const OPTIMIZER_WORDS: Readonly<Record<string, Optimizer>> = {
  adamw: "adamw",
  adam: "adamw",
  adamw8bit: "adamw8bit",
  "adamw-8bit": "adamw8bit",
  adam8bit: "adamw8bit",
  adamw_8bit: "adamw8bit",
  adamw_bnb_8bit: "adamw8bit",
  paged_adamw8bit: "paged_adamw8bit",
  paged_adamw_8bit: "paged_adamw8bit",
  "paged-adamw8bit": "paged_adamw8bit",
  sgd: "sgd",
  sgd_momentum: "sgd_momentum",
  "sgd-momentum": "sgd_momentum",
  momentum: "sgd_momentum",
  adafactor: "adafactor",
  lion: "lion",
};

/** Switches that stand alone (`ckpt`, `fsdp`, `offload`). */
export const FLAG_WORDS = ["ckpt", "gc", "checkpointing", "fsdp", "flash", "flash-attention", "flashattention", "eager", "sdpa", "offload", "offloading", "dq"] as const;

export const KEYS = [
  "model",
  "method",
  "precision",
  "dtype",
  "seq",
  "ctx",
  "context",
  "len",
  "seqlen",
  "seq_len",
  "sequence",
  "max_len",
  "max_seq_len",
  "max_seq_length",
  "length",
  "batch",
  "bs",
  "mbs",
  "batch_size",
  "gpu",
  "gpus",
  "rank",
  "r",
  "lora_r",
  "targets",
  "target",
  "optim",
  "optimizer",
  "ckpt",
  "gc",
  "flash",
  "fa",
  "attn",
  "zero",
  "fsdp",
  "offload",
  "regime",
  "master",
  "loss",
  "step",
  "quant",
  "kv",
  "layers",
  "train_layers",
] as const;
export type Key = (typeof KEYS)[number];

export const ON: ReadonlySet<string> = new Set(["on", "true", "yes", "1", "y", "enabled", "enable"]);
export const OFF: ReadonlySet<string> = new Set(["off", "false", "no", "0", "n", "none", "disabled", "disable"]);

export const HELP_WORDS: ReadonlySet<string> = new Set(["help", "?", "usage", "-h", "--help", "h", "examples", "commands"]);

/** Words after a number that say what it counts. */
export const SEQ_UNITS: ReadonlySet<string> = new Set(["tokens", "token", "toks", "context", "ctx", "seq", "seqlen", "sequence", "sequences", "context-length", "context-window"]);
export const GPU_UNITS: ReadonlySet<string> = new Set(["gpus", "gpu", "cards", "card", "devices", "device", "accelerators", "x"]);
export const LAYER_UNITS: ReadonlySet<string> = new Set(["layers", "layer", "blocks"]);

/** Words before a number that say what it is ("batch size of 8", "context length 8192", "rank 64", "zero stage 3"). */
export const SLOT_WORDS: Readonly<Record<string, "seq" | "batch" | "rank" | "zero" | "gpus">> = {
  context: "seq",
  ctx: "seq",
  seq: "seq",
  seqlen: "seq",
  sequence: "seq",
  "context-length": "seq",
  batch: "batch",
  "batch-size": "batch",
  batchsize: "batch",
  bs: "batch",
  "micro-batch": "batch",
  microbatch: "batch",
  mbs: "batch",
  rank: "rank",
  zero: "zero",
  stage: "zero",
  gpus: "gpus",
};
/** Words that may sit between a slot word and its number. */
export const SLOT_GAP: ReadonlySet<string> = new Set(["of", "size", "length", "len", "window", "is", "to", "stage", "=", "about", "around", "~"]);

/** Superlatives that, before "batch" or "context", ask for the largest value that fits. */
export const MOST_WORDS: ReadonlySet<string> = new Set(["biggest", "largest", "max", "maximum", "most", "longest", "highest", "greatest", "max.", "big", "long", "large"]);
export const BATCH_WORDS: ReadonlySet<string> = new Set(["batch", "batch-size", "batchsize", "bs", "micro-batch"]);
export const CONTEXT_WORDS: ReadonlySet<string> = new Set(["context", "ctx", "seq", "sequence", "seqlen", "context-length", "context-window", "prompt"]);

/** KV-cache words after a precision ("fp8 kv cache"). */
export const KV_WORDS: ReadonlySet<string> = new Set(["kv", "kv-cache", "kvcache", "cache"]);
export type KvWordPrecision = KvPrecision;

/** Little words between the ones that matter ("lora on a 4090 with 4k context"); never reported. */
export const FILLER: ReadonlySet<string> = new Set([
  "on", "a", "an", "the", "with", "at", "for", "of", "in", "using", "and", "to", "my", "via", "per", "please", "pls", "plz",
  "i", "can", "tokens", "token", "context", "model", "models", "vram", "memory", "gpu", "gpus", "card", "cards", "&", "+", "-", "w/", "/vram", "vram:",
  // words of the domain that carry no value of their own
  "gradient", "gradients", "activation", "activations", "precision", "attention", "weights", "params", "parameters", "size",
  "length", "window", "adapter", "adapters", "fine", "quantized", "quantization", "quantize", "bits", "bit", "deepspeed", "cache",
  "kv", "kv-cache", "kvcache", "cpu", "nvidia", "geforce", "rtx", "tesla", "amd", "mixed", "x", "vs", "or", "sequence", "sequences",
  "batch", "batches", "rank", "lora-rank", "stage", "zero", "layers", "layer", "the", "llm", "llms", "lm", "instruct", "chat", "base",
  "last", "first", "top", "bottom", "only", "just",
]);

/** Words that switch off the flag after them ("without checkpointing", "no flash attention"). */
export const NEGATIONS: ReadonlySet<string> = new Set(["no", "without", "w/o", "disable", "disabled", "not", "off"]);

/** After a capacity, memory that is not the GPU's ("64gb of ram"). */
export const HOST_MEMORY: ReadonlySet<string> = new Set(["ram", "system", "host", "cpu", "disk", "ssd", "storage", "dram", "ddr4", "ddr5", "swap"]);

/**
 * Common English words. One of them in the text means it is prose: unknown words are then ignored
 * unless they look like a mistyped request word. Also never reported themselves, even when a typo of one is near.
 */
export const PROSE_WORDS: ReadonlySet<string> = new Set([
  "i", "me", "my", "we", "our", "you", "your", "it", "its", "it's", "this", "that", "these", "those", "there", "here",
  "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "doing", "done", "have", "has", "had",
  "can", "could", "will", "would", "should", "shall", "may", "might", "must", "need", "needs", "needed", "want", "wants",
  "what", "what's", "whats", "which", "who", "how", "how's", "why", "when", "where", "whether", "if", "then", "than",
  "so", "but", "or", "not", "no", "yes", "any", "some", "all", "much", "many", "more", "less", "enough", "too", "very",
  "just", "only", "also", "still", "about", "around", "into", "from", "by", "up", "out", "over", "under", "without", "within",
  "get", "got", "use", "used", "fit", "fits", "fitting", "work", "works", "try", "trying", "tried", "think", "know", "see",
  "hi", "hello", "hey", "thanks", "thank", "thx", "please", "pls", "question", "quick", "anyone", "someone", "possible",
  "okay", "ok", "like", "make", "go", "going", "doable", "feasible", "enough", "would", "i'm", "im", "i'd", "i've", "don't",
  "won't", "can't", "cannot", "isn't", "doesn't", "does", "size", "big", "large", "small", "long", "short", "good", "best",
  "biggest", "largest", "longest", "max", "maximum", "most", "minimum", "min", "highest", "lowest", "least", "one", "two",
  "each", "every", "other", "another", "same", "new", "old", "it’s", "should", "fully", "full-on", "fill", "fall", "pull",
  "fell", "dull", "lord", "lore", "flora", "server", "servers", "nerve", "inter", "flesh", "flask", "slash", "clash", "flush",
  "hall", "halt", "calf", "lions", "loin", "trains", "rain", "brain", "drain", "tone", "tuna", "june", "held", "hell",
  "helm", "helps", "helped", "helpful", "laptop", "desktop", "machine", "box", "rig", "cluster", "node", "nodes", "cloud",
  "local", "locally", "home", "colab", "kaggle", "budget", "cheap", "fast", "slow", "also", "etc", "e.g", "i.e", "vs",
  "versus", "either", "both", "between", "compare", "comparison", "estimate", "estimated", "calculate", "roughly", "approx",
  "approximately", "total", "per", "require", "required", "requires", "requirement", "requirements", "enough?", "amount",
]);

/** Words near enough to these are treated as typos and reported, even inside prose. */
export const DISTINCTIVE_WORDS: readonly string[] = [
  ...new Set([
    ...Object.keys(METHOD_WORDS).filter((w) => w.length >= 4 && !w.includes("-")),
    ...Object.keys(OPTIMIZER_WORDS).filter((w) => w.length >= 4),
    "ckpt", "checkpointing", "fsdp", "flash", "offload", "finetune", "finetuning",
  ]),
];
