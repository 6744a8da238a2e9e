import { gpuById } from "../catalog/index.js";
import { assumptionsFor } from "../estimator/assumptions.js";
import { estimateScenario, methodsFor } from "../estimator/estimate.js";
import { resolveModel, type ResolvedModel } from "../estimator/model.js";
import type { EstimationRequest, Method } from "../estimator/request.js";
import type { Scenario } from "../estimator/result.js";
import { formatBytes } from "../estimator/units.js";
import { limitsOn, type Limits } from "./limits.js";
import { METHOD_LABELS } from "./labels.js";
import { GPU_COUNTS, RECOMMEND_LADDER, resolveTargets } from "./targets.js";
import { targetFromSpec, targetLabel, verdictFor, type GpuTarget, type Verdict } from "./verdict.js";
import { whatIfs, type WhatIf } from "./whatif.js";

export interface Fit {
  gpu: string;
  name: string;
  short: string;
  memoryBytes: number;
  count: number;
  verdict: Verdict;
  headroomBytes: number;
  /** Per-GPU total at this count (sharding changes it). */
  totalBytes: number;
}

export interface AdvisedScenario extends Scenario {
  fits: Fit[];
  /** Smallest recommended card (and count) on which this method fits, if any up to 64 GPUs. */
  smallestFit?: { gpu: string; short: string; count: number; totalBytes: number } | undefined;
}

export interface Recommendation {
  method: Method;
  gpu: string;
  count: number;
  text: string;
}

export interface Advice {
  request: EstimationRequest;
  model: ResolvedModel;
  targets: GpuTarget[];
  scenarios: AdvisedScenario[];
  recommendation: Recommendation;
  /** Changes that make the primary method fit the first GPU named (empty when it fits or no GPU was named). */
  whatIfs: WhatIf[];
  /** Longest sequence and largest micro-batch that fit the first GPU named, per method asked. */
  limits: Limits[];
  assumptions: string[];
}

/** Evaluate a method on one target at the target's own count. */
export function fitOn(m: ResolvedModel, req: EstimationRequest, method: Method, t: GpuTarget): Fit {
  const s = estimateScenario(m, req, method, t.count);
  const v = verdictFor(s.bytes.total, t.capacityBytes);
  return {
    gpu: t.id,
    name: t.name,
    short: t.short,
    memoryBytes: t.memoryBytes,
    count: t.count,
    ...v,
    totalBytes: s.bytes.total,
  };
}

/** The first card of the ladder, at the smallest count, on which the method fits with headroom. */
export function smallestFit(m: ResolvedModel, req: EstimationRequest, method: Method): AdvisedScenario["smallestFit"] {
  // "gpus=8" without a card: the user has that many; search cards at that count (and more, if none fits).
  const asked = req.gpus[0]?.count ?? 1;
  for (const count of GPU_COUNTS.filter((c) => c >= asked)) {
    for (const id of RECOMMEND_LADDER) {
      const t = targetFromSpec(gpuById(id), count);
      const f = fitOn(m, req, method, t);
      if (f.verdict === "fits") return { gpu: t.id, short: t.short, count, totalBytes: f.totalBytes };
    }
  }
  return undefined;
}

/** Training methods from the most to the least capable: the first that fits is the one to use. */
const PREFERENCE: readonly Method[] = ["full", "freeze", "lora", "qlora", "inference"];

function recommend(
  scenarios: AdvisedScenario[],
  targets: GpuTarget[],
  gpuNamed: boolean,
  whatIfList: WhatIf[],
): Recommendation {
  const ordered = [...scenarios].sort((a, b) => PREFERENCE.indexOf(a.method) - PREFERENCE.indexOf(b.method));
  const primary = targets[0];
  if (gpuNamed && primary) {
    for (const verdict of ["fits", "tight"] as const) {
      const hit = ordered.find((s) => s.fits[0]?.verdict === verdict);
      if (hit) {
        const f = hit.fits[0]!;
        const spare =
          verdict === "fits"
            ? `with ${formatBytes(f.headroomBytes)} to spare`
            : `but tight: only ${formatBytes(f.headroomBytes)} left`;
        return {
          method: hit.method,
          gpu: f.gpu,
          count: f.count,
          text: `${METHOD_LABELS[hit.method]} fits on ${targetLabel(primary)} ${spare} (${formatBytes(f.totalBytes)} of ${formatBytes(primary.capacityBytes)} per GPU).`,
        };
      }
    }
    const fix = whatIfList.find((w) => w.verdict === "fits");
    const first = ordered[0]!;
    if (fix) {
      return {
        method: fix.method,
        gpu: primary.id,
        count: fix.count,
        text: `Nothing fits ${targetLabel(primary)} as asked. ${fix.label}: ${formatBytes(fix.totalBytes)} per GPU, which fits.`,
      };
    }
    const alt = first.smallestFit;
    return {
      method: first.method,
      gpu: alt?.gpu ?? primary.id,
      count: alt?.count ?? primary.count,
      text: alt
        ? `Nothing fits ${targetLabel(primary)} as asked. ${METHOD_LABELS[first.method]} needs ${alt.count > 1 ? `${alt.count}× ` : ""}${alt.short} (${formatBytes(alt.totalBytes)} per GPU).`
        : `Nothing fits ${targetLabel(primary)} as asked, nor any catalog GPU up to 64 cards.`,
    };
  }
  // No GPU named: the most capable method and the smallest card it fits.
  const hit = ordered.find((s) => s.smallestFit);
  if (!hit?.smallestFit) {
    const first = ordered[0]!;
    return {
      method: first.method,
      gpu: "",
      count: 0,
      text: `${METHOD_LABELS[first.method]} does not fit any catalog GPU up to 64 cards.`,
    };
  }
  const sf = hit.smallestFit;
  const others = ordered
    .filter((s) => s !== hit && s.smallestFit)
    .map(
      (s) =>
        `${METHOD_LABELS[s.method]}: ${s.smallestFit!.count > 1 ? `${s.smallestFit!.count}× ` : ""}${s.smallestFit!.short}`,
    );
  return {
    method: hit.method,
    gpu: sf.gpu,
    count: sf.count,
    text: `${METHOD_LABELS[hit.method]} needs ${formatBytes(sf.totalBytes)} per GPU: smallest fit ${sf.count > 1 ? `${sf.count}× ` : ""}${sf.short}.${others.length ? ` ${others.join("; ")}.` : ""}`,
  };
}

/** Request → estimate per method → verdicts per GPU → recommendation, what-ifs and limits. */
export function advise(req: EstimationRequest): Advice {
  const model = resolveModel(req.model);
  const methods = methodsFor(req);
  const targets = resolveTargets(req.gpus);
  const gpuNamed = req.gpus.some((g) => g.id || g.memoryBytes);
  const primaryCount = targets[0]?.count ?? 1;
  const scenarios: AdvisedScenario[] = methods.map((method) => {
    const s = estimateScenario(model, req, method, primaryCount);
    return {
      ...s,
      fits: targets.map((t) => fitOn(model, req, method, t)),
      smallestFit: smallestFit(model, req, method),
    };
  });
  const primary = targets[0];
  const asked = req.methods.length > 0 ? scenarios : scenarios.filter((s) => s.method !== "inference");
  const wantsFix = gpuNamed && primary !== undefined && !scenarios.some((s) => s.fits[0]?.verdict === "fits");
  const whatIfList = wantsFix && asked[0] ? whatIfs(model, req, asked[0].method, primary) : [];
  const limits = gpuNamed && primary ? scenarios.map((s) => limitsOn(model, req, s.method, primary)) : [];
  return {
    request: req,
    model,
    targets,
    scenarios,
    recommendation: recommend(scenarios, targets, gpuNamed, whatIfList),
    whatIfs: whatIfList,
    limits,
    assumptions: assumptionsFor(model, req, methods),
  };
}
