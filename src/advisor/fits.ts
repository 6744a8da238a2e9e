import { peakBytes } from "../estimator/result.js";
import { z } from "zod";
import { gpuById } from "../catalog/index.js";
import { estimateScenario } from "../estimator/estimate.js";
import type { ResolvedModel } from "../estimator/model.js";
import type { EstimationRequest, Method } from "../estimator/request.js";
import type { Scenario } from "../estimator/result.js";
import { Serving, servingFit } from "./serving.js";
import { GPU_COUNTS, RECOMMEND_LADDER } from "./targets.js";
import { type GpuTarget, targetFromSpec, Verdict, verdictFor } from "./verdict.js";

/** A method's verdict on one target at the target's own count. */
export const Fit = z.object({
  gpu: z.string(),
  count: z.int().positive(),
  verdict: Verdict,
  headroomBytes: z.int(),
  /** Per-GPU total at this count (sharding changes it). */
  totalBytes: z.int().nonnegative(),
  /** engine=vllm: the engine's budget on this card and the KV-cache blocks and sequences it leaves (serving.ts). */
  serving: Serving.optional(),
});
export type Fit = z.infer<typeof Fit>;

/** The smallest recommended card (and count) on which a method fits with headroom. */
export const SmallestFit = z.object({
  gpu: z.string(),
  short: z.string(),
  count: z.int().positive(),
  totalBytes: z.int().nonnegative(),
});
export type SmallestFit = z.infer<typeof SmallestFit>;

/** The first card of the ladder, at the smallest count, on which the method fits with headroom. */
export function smallestFit(
  m: ResolvedModel,
  req: EstimationRequest,
  method: Method,
  known?: Scenario,
): SmallestFit | undefined {
  // "gpus=8" without a card: the user has that many; search cards at that count (and more, if none fits).
  const asked = req.gpus[0]?.count ?? 1;
  for (const count of GPU_COUNTS.filter((c) => c >= asked)) {
    // What one GPU holds depends on the count, not on the card: one estimate per count.
    const s = known?.gpuCount === count ? known : estimateScenario(m, req, method, count);
    const total = peakBytes(s);
    for (const id of RECOMMEND_LADDER) {
      const t = targetFromSpec(gpuById(id), count);
      // vLLM takes a share of each card: its own checks on that card decide.
      const served = servingFit(s, t);
      if (served) {
        if (served.verdict === "fits") return { gpu: t.id, short: t.short, count, totalBytes: served.totalBytes };
      } else if (verdictFor(total, t.capacityBytes).verdict === "fits")
        return { gpu: t.id, short: t.short, count, totalBytes: total };
    }
  }
  return undefined;
}

/** Verdicts of a method on every target, estimating once per distinct GPU count. */
export function fitsOn(
  m: ResolvedModel,
  req: EstimationRequest,
  method: Method,
  targets: readonly GpuTarget[],
  known?: Scenario,
): Fit[] {
  const scenarios = new Map<number, Scenario>(known ? [[known.gpuCount, known]] : []);
  return targets.map((t) => {
    let s = scenarios.get(t.count);
    if (s === undefined) {
      s = estimateScenario(m, req, method, t.count);
      scenarios.set(t.count, s);
    }
    const served = servingFit(s, t);
    if (served) {
      const { verdict, headroomBytes, totalBytes, serving } = served;
      return { gpu: t.id, count: t.count, verdict, headroomBytes, totalBytes, serving };
    }
    const total = peakBytes(s);
    return { gpu: t.id, count: t.count, ...verdictFor(total, t.capacityBytes), totalBytes: total };
  });
}
