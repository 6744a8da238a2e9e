import { peakBytes } from "../estimator/result.js";
import { z } from "zod";
import { estimateScenario } from "../estimator/estimate.js";
import type { ResolvedModel } from "../estimator/model.js";
import { type EstimationRequest, MAX_BATCH, MAX_SEQ, Method } from "../estimator/request.js";
import { blocksPerSequence, vllmOnCard } from "./serving.js";
import { type GpuTarget, HEADROOM } from "./verdict.js";

/** The longest sequence and the largest micro-batch with which a method still fits (with headroom). */
export const Limits = z.object({
  method: Method,
  gpu: z.string(),
  count: z.int().positive(),
  /** 0 when not even one token fits (at the request's batch). */
  maxSeq: z.int().nonnegative(),
  /** 0 when not even one sequence fits (at the request's seq). */
  maxBatch: z.int().nonnegative(),
  /** The model's maximum context when it, not memory, capped `maxSeq`. */
  contextCap: z.int().positive().nullable(),
  /** The setup the limits are for: as asked, or under the recommended plan. */
  basis: z.enum(["asked", "plan"]),
  /** The batch `maxSeq` holds fixed and the seq `maxBatch` holds fixed. */
  batch: z.int().positive(),
  seq: z.int().positive(),
});
export type Limits = z.infer<typeof Limits>;

/**
 * Largest x in [1, hi] with total(x) ≤ budget, for a non-decreasing total; 0 when not even x = 1 fits.
 * Memory grows about linearly in seq and batch (quadratically with eager attention), so the bound is found by
 * interpolating between the last point that fits and the first that does not (regula falsi): a handful of estimates
 * instead of a 24-step bisection. A step that fails to halve the bracket is followed by a bisection, which keeps
 * the worst case logarithmic.
 */
export function largest(hi: number, total: (x: number) => number, budget: number): number {
  let lo = 1;
  let fLo = total(1);
  if (fLo > budget) return 0;
  let top = hi;
  let fTop = total(hi);
  if (fTop <= budget) return hi;
  let bisect = false;
  while (top - lo > 1) {
    const guess = bisect || fTop <= fLo ? (lo + top) / 2 : lo + ((budget - fLo) * (top - lo)) / (fTop - fLo);
    const mid = Math.min(top - 1, Math.max(lo + 1, Math.floor(guess)));
    const f = total(mid);
    const width = top - lo;
    if (f <= budget) {
      lo = mid;
      fLo = f;
    } else {
      top = mid;
      fTop = f;
    }
    bisect = !bisect && top - lo > width / 2;
  }
  return lo;
}

/**
 * Limits of a method on a target. `maxContext` is the model's own maximum (max_position_embeddings): a longer
 * context is never offered, whatever the memory allows; undefined for a size-only model, whose shape is borrowed.
 */
export function limitsOn(
  m: ResolvedModel,
  req: EstimationRequest,
  method: Method,
  target: GpuTarget,
  basis: Limits["basis"],
  maxContext: number | undefined,
): Limits {
  const budget = (1 - HEADROOM) * target.capacityBytes;
  const total = (patch: Partial<EstimationRequest>): number =>
    peakBytes(estimateScenario(m, { ...req, ...patch }, method, target.count));
  const seqTop = Math.min(MAX_SEQ, maxContext ?? MAX_SEQ);
  const served = method === "inference" && req.engine === "vllm" ? servingLimits(m, req, target, seqTop) : undefined;
  const maxSeq = served ? served.maxSeq : largest(seqTop, (seq) => total({ seq }), budget);
  const maxBatch = served ? served.maxBatch : largest(MAX_BATCH, (batch) => total({ batch }), budget);
  return {
    method,
    gpu: target.id,
    count: target.count,
    maxSeq,
    maxBatch,
    contextCap: maxContext !== undefined && maxSeq === seqTop && seqTop < MAX_SEQ ? seqTop : null,
    basis,
    batch: req.batch,
    seq: req.seq,
  };
}

/**
 * vLLM's limits on a card: its KV-cache blocks do not depend on the context or the number of sequences (the profile run
 * is sized by the engine's defaults), so the longest context is the longest max_model_len whose `batch` sequences fit
 * the blocks (vLLM's own estimate_max_model_len, vllm/v1/core/kv_cache_utils.py), and the most sequences those the
 * blocks hold at the asked context. No headroom is kept: vLLM takes its budget whatever the model, and checks these itself.
 */
function servingLimits(
  m: ResolvedModel,
  req: EstimationRequest,
  target: GpuTarget,
  seqTop: number,
): { maxSeq: number; maxBatch: number } {
  const s = estimateScenario(m, req, "inference", target.count);
  const f = vllmOnCard(s, target);
  const v = s.setup.vllm;
  if (!v || f.problem === "startup" || f.problem === "fixed") return { maxSeq: 0, maxBatch: 0 };
  if (f.blockBytes === 0) return { maxSeq: seqTop, maxBatch: Math.min(MAX_BATCH, f.sequences) };
  const blocksFor = (seq: number): number => blocksPerSequence(v, f.maxNumBatchedTokens, seq) * req.batch + 1;
  return { maxSeq: largest(seqTop, blocksFor, f.blocks), maxBatch: Math.min(MAX_BATCH, f.sequences) };
}
