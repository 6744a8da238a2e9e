/**
 * Serving with vLLM on one card: the budget the engine takes, what its profile run and CUDA graphs take out of it,
 * and the paged KV cache it gives the rest to. The estimator gives the card-independent inputs
 * (src/estimator/vllm.ts); everything here depends on the card, so it is worked out once per target card and carried
 * in the answer (`Fit.serving`), which every surface only formats.
 *
 * Follows the current V1 engine (vllm/v1/worker/gpu_worker.py Worker.determine_available_memory): KV cache memory =
 * gpu_memory_utilization × the card's total memory − (weights + the profile run's activation peak + memory outside
 * torch + the CUDA graphs' memory). Releases before the CUDA-graph profiling (VLLM_MEMORY_PROFILER_ESTIMATE_CUDAGRAPHS)
 * captured the graphs after the KV cache, outside the budget; counting them inside is the current, conservative reading.
 */
import { z } from "zod";
import type { Scenario } from "../estimator/result.js";
import type { Term } from "../estimator/terms.js";
import { VLLM_GRAPH_FLOOR_BYTES, type VllmInputs } from "../estimator/vllm.js";
import type { GpuTarget, Verdict } from "./verdict.js";

const GiB = 2 ** 30;

/** Why vLLM does not serve the request as asked on a card ("none": it does). */
export const SERVING_PROBLEMS = ["none", "batch", "context", "fixed", "startup"] as const;

/** vLLM on one card, in numbers: the answer's `fits[].serving`. */
export const Serving = z.object({
  engine: z.literal("vllm"),
  gpuUtil: z.number().gt(0).max(1),
  /** ceil(gpu_memory_utilization × the card's total memory): all vLLM takes, whatever the model. */
  budgetBytes: z.int().nonnegative(),
  /** The engine's defaults on this card (they decide the profile run's size). */
  maxNumBatchedTokens: z.int().positive(),
  maxNumSeqs: z.int().positive(),
  /** Sequences the profile run samples (min(max_num_seqs, max_num_batched_tokens)). */
  profileSeqs: z.int().positive(),
  weightsBytes: z.int().nonnegative(),
  profileBytes: z.int().nonnegative(),
  graphBytes: z.int().nonnegative(),
  graphCount: z.int().nonnegative(),
  graphMaxTokens: z.int().nonnegative(),
  nonTorchBytes: z.int().nonnegative(),
  /** What the budget leaves for the KV cache (negative: the rest alone exceeds it). */
  kvPoolBytes: z.int(),
  blockTokens: z.int().positive(),
  /** One block id: a page of `blockTokens` tokens in each of `layersPerBlock` layers. */
  blockBytes: z.int().nonnegative(),
  layersPerBlock: z.int().nonnegative(),
  blocks: z.int().nonnegative(),
  /** Blocks one sequence of `seq` tokens (max_model_len) takes, summed over the KV-cache groups. */
  blocksPerSeq: z.int().nonnegative(),
  /** Sequences of `seq` tokens the KV cache holds at once (the null block set aside). */
  sequences: z.int().nonnegative(),
  /** vLLM's own "Maximum concurrency for N tokens per request" (blocks ÷ blocks per sequence). */
  concurrency: z.number().nonnegative(),
  seq: z.int().positive(),
  /** Sequences asked for at once (the request's batch). */
  batch: z.int().positive(),
  /** The smallest budget that holds `batch` sequences of `seq` tokens. */
  neededBytes: z.int().nonnegative(),
  /** The largest gpu_memory_utilization (in hundredths) vLLM starts with on this card. */
  maxUtil: z.number().nonnegative(),
  /** The smallest gpu_memory_utilization (in hundredths) that holds `batch` sequences; null when none up to maxUtil does. */
  minUtil: z.number().nullable(),
  problem: z.enum(SERVING_PROBLEMS),
});
export type Serving = z.infer<typeof Serving>;

/**
 * The engine's defaults for `vllm serve` on a card (vllm/engine/arg_utils.py EngineArgs._set_default_args, usage
 * context OPENAI_API_SERVER): cards with at least 70 GiB that are not A100s get max_num_batched_tokens 8192 and
 * max_num_seqs 1024, the others 2048 and 256; max_num_seqs never exceeds max_num_batched_tokens.
 */
export function engineDefaults(t: Pick<GpuTarget, "memoryBytes" | "name">): {
  maxNumBatchedTokens: number;
  maxNumSeqs: number;
} {
  const large = t.memoryBytes >= 70 * GiB && !t.name.toLowerCase().includes("a100");
  const maxNumBatchedTokens = large ? 8192 : 2048;
  return { maxNumBatchedTokens, maxNumSeqs: Math.min(large ? 1024 : 256, maxNumBatchedTokens) };
}

/**
 * CUDA-graph batch sizes (vllm/config/vllm.py VllmConfig, default cudagraph_capture_sizes): 1, 2, 4, multiples of 8
 * below 256, then multiples of 16, up to max_cudagraph_capture_size = min(2 × max_num_seqs, 512).
 */
export function captureSizes(maxNumSeqs: number): number[] {
  const max = Math.min(2 * maxNumSeqs, 512);
  const sizes = [1, 2, 4];
  for (let s = 8; s < 256; s += 8) sizes.push(s);
  for (let s = 256; s <= max; s += 16) sizes.push(s);
  return sizes.filter((s) => s <= max);
}

/**
 * vLLM's KV-cache groups (vllm/v1/core/kv_cache_utils.py _get_kv_cache_groups_uniform_page_size): layers of one
 * attention type are cut into groups of `group_size` layers, the smallest type's count (the largest's when it is
 * under 1.25× the smallest, vLLM's own rule to limit padding); one block id is a page in `group_size` layers, and a
 * sequence takes blocks in every group. A model of one type is one group of all its layers.
 */
export function kvGroups(v: Pick<VllmInputs, "fullLayers" | "slidingLayers">): {
  layersPerBlock: number;
  full: number;
  sliding: number;
} {
  const counts = [v.fullLayers, v.slidingLayers].filter((n) => n > 0);
  if (counts.length === 0) return { layersPerBlock: 0, full: 0, sliding: 0 };
  const min = Math.min(...counts);
  const max = Math.max(...counts);
  const size = max < min * 1.25 ? max : min;
  return { layersPerBlock: size, full: Math.ceil(v.fullLayers / size), sliding: Math.ceil(v.slidingLayers / size) };
}

/**
 * Blocks one sequence of `len` tokens takes (vllm/v1/kv_cache_interface.py max_memory_usage_bytes, summed over the
 * groups as get_max_concurrency_for_kv_cache_config does): a full-attention group cdiv(len, block) blocks; a
 * sliding-window group cdiv(min(window − 1 + max_num_batched_tokens, len), block) + 1 (the window need not start on a
 * block boundary).
 */
export function blocksPerSequence(v: VllmInputs, maxNumBatchedTokens: number, len: number): number {
  const g = kvGroups(v);
  const b = v.blockTokens;
  const full = Math.ceil(len / b);
  const sliding = v.window ? Math.ceil(Math.min(v.window - 1 + maxNumBatchedTokens, len) / b) + 1 : full;
  return g.full * full + g.sliding * sliding;
}

const hundredthsDown = (x: number): number => Math.floor(x * 100 + 1e-9) / 100;
const hundredthsUp = (x: number): number => Math.ceil(x * 100 - 1e-9) / 100;

/** vLLM serving `s` (an engine=vllm inference scenario) on one card of `t`, at the target's count (tensor parallel). */
export function vllmOnCard(s: Scenario, t: GpuTarget): Serving {
  const v = s.setup.vllm;
  if (!v) throw new Error("not a vLLM scenario");
  const d = engineDefaults(t);
  const T = d.maxNumBatchedTokens;
  // GPUModelRunner.profile_run: a dummy forward over max_num_batched_tokens tokens spread over
  // min(max_num_seqs, tokens) requests, then the sampler on each request's last token; the peak is the larger phase.
  const profileSeqs = Math.min(d.maxNumSeqs, T);
  const profileBytes = Math.round(
    Math.max(T * v.forwardPerToken, T * v.hiddenPerToken + profileSeqs * v.samplerPerSeq),
  );
  // CUDA graphs (GPUModelRunner.capture_model, cudagraph_mode FULL_AND_PIECEWISE, V1's default): a piecewise graph per
  // capture size and a full decode graph per size up to max_num_seqs, captured largest first into one shared pool
  // that the largest batch's forward pass fills, plus vLLM's floor per graph.
  const sizes = captureSizes(d.maxNumSeqs);
  const graphMaxTokens = sizes.at(-1) ?? 0;
  const graphCount = sizes.length + sizes.filter((x) => x <= d.maxNumSeqs).length;
  const graphBytes = Math.round(graphMaxTokens * v.forwardPerToken + graphCount * VLLM_GRAPH_FLOOR_BYTES);
  // vllm/v1/worker/utils.py request_memory: math.ceil(total_memory × gpu_memory_utilization).
  const budgetBytes = Math.ceil(v.gpuUtil * t.memoryBytes);
  const weightsBytes = s.bytes.weights;
  const fixed = weightsBytes + profileBytes + graphBytes + v.nonTorchBytes;
  const kvPoolBytes = budgetBytes - fixed;
  const g = kvGroups(v);
  const blockBytes = v.pageBytes * g.layersPerBlock;
  // kv_cache_utils.py get_num_blocks: available memory // page size // layers per block id.
  const blocks = blockBytes > 0 ? Math.max(0, Math.floor(kvPoolBytes / blockBytes)) : 0;
  const blocksPerSeq = blockBytes > 0 ? blocksPerSequence(v, T, v.maxModelLen) : 0;
  // vllm/v1/core/block_pool.py BlockPool: block 0 is the null block, never handed to a request.
  const sequences =
    blocksPerSeq > 0 ? Math.max(0, Math.floor((blocks - 1) / blocksPerSeq)) : kvPoolBytes >= 0 ? d.maxNumSeqs : 0;
  const concurrency = blocksPerSeq > 0 ? blocks / blocksPerSeq : sequences;
  const neededBytes = fixed + blockBytes * (blocksPerSeq > 0 ? blocksPerSeq * v.sequences + 1 : 0);
  // request_memory refuses to start when the free memory at start, the card less the CUDA context already made, is
  // below the budget.
  const free = t.capacityBytes - v.nonTorchBytes;
  const maxUtil = hundredthsDown(Math.max(0, free) / t.memoryBytes);
  const wanted = hundredthsUp(neededBytes / t.memoryBytes);
  const problem: Serving["problem"] =
    budgetBytes > free
      ? "startup"
      : kvPoolBytes < 0
        ? "fixed"
        : sequences < 1
          ? "context"
          : sequences < v.sequences
            ? "batch"
            : "none";
  return {
    engine: "vllm",
    gpuUtil: v.gpuUtil,
    budgetBytes,
    maxNumBatchedTokens: T,
    maxNumSeqs: d.maxNumSeqs,
    profileSeqs,
    weightsBytes,
    profileBytes,
    graphBytes,
    graphCount,
    graphMaxTokens,
    nonTorchBytes: v.nonTorchBytes,
    kvPoolBytes,
    blockTokens: v.blockTokens,
    blockBytes,
    layersPerBlock: g.layersPerBlock,
    blocks,
    blocksPerSeq,
    sequences,
    concurrency,
    seq: v.maxModelLen,
    batch: v.sequences,
    neededBytes,
    maxUtil,
    minUtil: wanted <= maxUtil ? wanted : null,
    problem,
  };
}

/** The verdict vLLM's own checks give: no when it would not start or not hold one sequence; tight under `batch`. */
export function servingVerdict(f: Serving): Verdict {
  return f.problem === "none" ? "fits" : f.problem === "batch" ? "tight" : "no";
}

/**
 * The scenario as it stands on the card: weights, the profile peak, memory outside torch and the CUDA graphs, and
 * the KV cache, which is every block the budget leaves (the total is then vLLM's budget, less a fraction of a block),
 * or, where not even the asked sequences fit, the blocks they would need (the total is then the budget they need).
 */
export function servingScenario(s: Scenario, f: Serving): Scenario {
  const v = s.setup.vllm;
  if (!v) return s;
  const kvBlocks = servingVerdict(f) === "no" ? f.blocksPerSeq * f.batch + (f.blocksPerSeq > 0 ? 1 : 0) : f.blocks;
  const kv: Term[] =
    f.blockBytes > 0
      ? [
          {
            kind: "kv-pool",
            bytes: kvBlocks * f.blockBytes,
            count: kvBlocks,
            each: f.blockBytes,
            layers: f.layersPerBlock,
            dtype: v.kvDtype,
            ...(v.latent ? { latent: v.latent } : { kvHeads: v.kvHeads, headDim: v.headDim }),
            ...(v.window ? { window: v.window, windowLayers: v.slidingLayers } : {}),
          },
        ]
      : [];
  const terms = {
    weights: s.terms.weights,
    gradients: [],
    optimizer: [],
    activations: [
      { kind: "profile-peak" as const, bytes: f.profileBytes, seq: f.maxNumBatchedTokens, batch: f.profileSeqs },
    ],
    kvCache: kv,
    overhead: [
      { kind: "cuda-context" as const, bytes: f.nonTorchBytes },
      { kind: "cuda-graphs" as const, bytes: f.graphBytes, count: f.graphCount, seq: f.graphMaxTokens },
    ],
  };
  const bytes = {
    weights: s.bytes.weights,
    gradients: 0,
    optimizer: 0,
    activations: f.profileBytes,
    kvCache: kvBlocks * f.blockBytes,
    overhead: f.nonTorchBytes + f.graphBytes,
    total: 0,
  };
  bytes.total = bytes.weights + bytes.activations + bytes.kvCache + bytes.overhead;
  return { ...s, bytes, terms };
}

/** vLLM's verdict on one target, its numbers and the scenario as it stands there; undefined unless engine=vllm. */
export function servingFit(
  s: Scenario,
  t: GpuTarget,
): { verdict: Verdict; headroomBytes: number; totalBytes: number; serving: Serving; scenario: Scenario } | undefined {
  if (!s.setup.vllm) return undefined;
  const serving = vllmOnCard(s, t);
  const scenario = servingScenario(s, serving);
  return {
    verdict: servingVerdict(serving),
    headroomBytes: t.capacityBytes - scenario.bytes.total,
    totalBytes: scenario.bytes.total,
    serving,
    scenario,
  };
}
