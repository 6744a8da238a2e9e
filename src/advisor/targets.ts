import { findGpu, gpuById } from "../catalog/index.js";
import type { GpuRef } from "../estimator/request.js";
import { bareTarget, type GpuTarget, targetFromSpec } from "./verdict.js";

/** Cards shown when the user names none: one per memory tier people rent or buy. */
export const DEFAULT_GPUS = ["rtx-4090", "rtx-5090", "l40s", "a100-80gb", "h100-sxm", "h200"] as const;

/** Cards the advisor may recommend, smallest first (one per tier; Apple and multi-die packages left out). */
export const RECOMMEND_LADDER = [
  "rtx-3060",
  "rtx-4060-ti-16gb",
  "rtx-4090",
  "rtx-5090",
  "l40s",
  "a100-80gb",
  "h100-sxm",
  "rtx-pro-6000",
  "h200",
  "b200",
  "mi300x",
] as const;

export const GPU_COUNTS = [1, 2, 4, 8, 16, 32, 64] as const;

/** The GPUs a request asks about (or the default tiers), each with its count. */
export function resolveTargets(refs: readonly GpuRef[]): GpuTarget[] {
  const countOnly = refs.filter((r) => !r.id && !r.memoryBytes);
  const named = refs.filter((r) => r.id || r.memoryBytes);
  if (named.length === 0) {
    const count = countOnly[0]?.count ?? 1;
    return DEFAULT_GPUS.map((id) => targetFromSpec(gpuById(id), count));
  }
  return named.map((r) => {
    const spec = r.id ? findGpu(r.id) : undefined;
    if (spec) return targetFromSpec(spec, r.count);
    return bareTarget(r.memoryBytes ?? 0, r.count);
  });
}
