import { estimateScenario } from "../estimator/estimate.js";
import type { ResolvedModel } from "../estimator/model.js";
import { MAX_SEQ, type EstimationRequest, type Method } from "../estimator/request.js";
import { HEADROOM, type GpuTarget } from "./verdict.js";

/** The longest sequence and the largest micro-batch with which a method still fits (with headroom). */
export interface Limits {
  method: Method;
  gpu: string;
  count: number;
  /** 0 when not even one token fits. */
  maxSeq: number;
  maxBatch: number;
}

/** Largest x in [1, hi] with ok(x), for a monotone predicate; 0 when ok(1) fails. */
function largest(hi: number, ok: (x: number) => boolean): number {
  if (!ok(1)) return 0;
  let lo = 1;
  let top = hi;
  while (lo < top) {
    const mid = Math.floor((lo + top + 1) / 2);
    if (ok(mid)) lo = mid;
    else top = mid - 1;
  }
  return lo;
}

export function limitsOn(m: ResolvedModel, req: EstimationRequest, method: Method, target: GpuTarget): Limits {
  const budget = (1 - HEADROOM) * target.capacityBytes;
  const fits = (patch: Partial<EstimationRequest>): boolean =>
    estimateScenario(m, { ...req, ...patch }, method, target.count).bytes.total <= budget;
  return {
    method,
    gpu: target.id,
    count: target.count,
    maxSeq: largest(MAX_SEQ, (seq) => fits({ seq })),
    maxBatch: largest(65_536, (batch) => fits({ batch })),
  };
}
