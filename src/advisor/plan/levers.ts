/** The levers a plan may pull, their cost tiers and their per-change costs (numbers only; the renderer writes sentences). */

export const LEVER_ORDER = [
  "loss",
  "step",
  "ckpt",
  "actOffload",
  "zero",
  "batch",
  "offload",
  "optim",
  "kv",
  "method",
  "precision",
  "gpus",
  "gpu",
  "seq",
] as const;
export type Lever = (typeof LEVER_ORDER)[number];

/** Cost tiers from the mildest to the most severe. */
export const COST_TIERS = ["free", "speed", "numerics", "method", "hardware", "context"] as const;
export type CostTier = (typeof COST_TIERS)[number];

/** The order cost vectors are compared in: the most severe tier first. `Plan.cost[i]` is the cost in `RANK_ORDER[i]`. */
export const RANK_ORDER: readonly CostTier[] = [...COST_TIERS].reverse();

/** One change, in request-language words: `off`→`on`, `standard`→`chunked`, `4`→`1`, `a10g`→`l40s`, `8192`→`4096`. */
export interface PlanChange {
  lever: Lever;
  from: string;
  to: string;
}

export interface LeverInfo {
  tier: CostTier;
  /**
   * Cost of one change within its tier. Levers whose cost depends on how far they go (method, precision, gpus, gpu)
   * give the cost of their first step here; `changeCost` (cost.ts) has the rule.
   */
  cost: number;
  /** Stable identifier (renderer sentences, button actions, tie-breaks); never changes once shipped. */
  key: string;
  /** True where the lever has a ladder of values (a stronger value saves more memory and costs at least as much). */
  graded: boolean;
}

export const LEVERS: Readonly<Record<Lever, LeverInfo>> = {
  // Free: a chunked/fused cross-entropy (Liger, Unsloth) and torch's fused AdamW step cost no speed and change no
  // numbers. 1 per change, so that among otherwise equal plans fewer edits rank first.
  loss: { tier: "free", cost: 1, key: "chunked-loss", graded: false },
  step: { tier: "free", cost: 1, key: "fused-step", graded: false },
  // The unit of the speed tier: checkpointing recomputes the forward pass once more, about 30 % slower
  // (the forward is about a third of a training step).
  ckpt: { tier: "speed", cost: 1, key: "ckpt", graded: false },
  // Activation offloading copies on a side stream, overlapped with compute (torchtune's OffloadActivations): a fraction
  // of checkpointing's slowdown where PCIe keeps up, and pinned host RAM.
  actOffload: { tier: "speed", cost: 0.5, key: "offload-activations", graded: false },
  // ZeRO-3 / FSDP full shard on the GPUs the user already has (they asked for less sharding): the weights, gradients
  // and states divide, for an all-gather of each block per step; on one node, about half checkpointing's slowdown.
  zero: { tier: "speed", cost: 0.5, key: "zero3", graded: false },
  // Same effective batch through gradient accumulation; smaller matmuls use the GPU less well: about half the
  // slowdown of checkpointing, whatever the micro-batch (one change, one cost).
  batch: { tier: "speed", cost: 0.5, key: "smaller-batch", graded: true },
  // ZeRO-Offload runs the optimizer step on the CPU and moves gradients and states over PCIe every step: typically
  // several times the slowdown of checkpointing, hence 3 units.
  offload: { tier: "speed", cost: 3, key: "offload", graded: false },
  // 8-bit optimizer states (bitsandbytes) and an fp8 KV cache change numbers slightly: one unit each.
  optim: { tier: "numerics", cost: 1, key: "adamw8bit", graded: false },
  kv: { tier: "numerics", cost: 1, key: "kv-fp8", graded: false },
  // One unit per step down the ladder full/freeze → LoRA → QLoRA (each trains less or quantizes the base).
  method: { tier: "method", cost: 1, key: "method", graded: true },
  // One unit per halving of the weights: 16-bit → int8 = 1, → int4 = 2 (int8 → int4 = 1).
  precision: { tier: "method", cost: 1, key: "quantize", graded: true },
  // log2 of the multiple of the same card: 2× = 1, 4× = 2, 8× = 3.
  gpus: { tier: "hardware", cost: 1, key: "more-gpus", graded: true },
  // 10 + the card's index among the larger ladder cards: above any count of the same card (at most 3), so a new
  // card ranks after 8× the card one has, and the smaller of the bigger cards first.
  gpu: { tier: "hardware", cost: 10, key: "bigger-gpu", graded: true },
  // The tier decides: a shortened context ranks after every other plan. One unit whatever the new length, so that
  // among context plans (all on the GPU asked) the one keeping the user's method ranks first.
  seq: { tier: "context", cost: 1, key: "shorter-seq", graded: true },
};

/** Counts of the same card offered, as multiples of the count asked; `log2` of the multiple is the cost. */
export const COUNT_MULTIPLES = [2, 4, 8] as const;

/** One server (HGX/DGX) holds 8 GPUs; beyond it the network between servers dominates and a bigger card is the better advice. */
export const MAX_COUNT_PER_CARD = 8;

/** Cost of a card among the bigger ones (`gpu` lever): after every count of the same card (log2 8 = 3 < 10). */
export const BIGGER_CARD_BASE_COST = 10;

/** How strong a training method is as a memory lever (higher saves more); `method` changes go up this ladder. */
export const METHOD_STRENGTH: Readonly<Record<string, number>> = { full: 0, freeze: 0, lora: 1, qlora: 2 };

/** Position of a lever in the stable order of a plan's changes. */
export function leverIndex(l: Lever): number {
  return LEVER_ORDER.indexOf(l);
}

/** Changes in the stable (lever) order. */
export function sortChanges(changes: readonly PlanChange[]): PlanChange[] {
  return [...changes].sort((a, b) => leverIndex(a.lever) - leverIndex(b.lever));
}
