import type { Answer } from "../answer/schema.js";
import type { ParseError } from "../parse/result.js";
import { autocastOn } from "../estimator/request.js";
import { assumptionLines } from "./assumptions.js";
import { type ErrorJson, EstimateJson } from "./contract.js";
import { atLoadText, explainAll } from "./explain.js";
import { modelOriginNote } from "./hub.js";
import { servingText } from "./serving.js";
import { changeText, costText, recommendationText } from "./words.js";

const SETTINGS = [
  "precision",
  "seq",
  "batch",
  "optimizer",
  "regime",
  "gradientCheckpointing",
  "flashAttention",
] as const;

/** Whenever the model answered for differs from what was typed: a borrowed shape, a Hub fallback, a Hub config. */
function modelNote(a: Answer): string | undefined {
  const m = a.model;
  const origin = modelOriginNote(m);
  if (origin) return origin;
  // The parser's own word when it chose for a family and a size, a base's architecture, a nearest member.
  if (a.modelNote) return a.modelNote;
  if (m.derived) return `No model named: a size-only estimate with the shape of ${m.basisName}.`;
  return undefined;
}

/** Answer → the JSON contract (validated, so the contract can never drift from the code). */
export function toJson(a: Answer): EstimateJson {
  const m = a.model;
  const r = a.request;
  return EstimateJson.parse({
    query: a.query,
    request: a.canonical,
    model: {
      // The contract's schema keeps only its own fields (zod strips the rest).
      ...m,
      ...(m.hub ? { hub: { id: m.hub.id, sha: m.hub.sha ?? null } } : {}),
      ...(modelNote(a) ? { note: modelNote(a) } : {}),
    },
    setup: {
      precision: r.precision,
      seq: r.seq,
      batch: r.batch,
      optimizer: r.optimizer,
      regime: r.regime,
      gradientCheckpointing: r.gradientCheckpointing ?? null,
      targets: r.targets ?? null,
      flashAttention: r.flashAttention,
      zero: r.zero ?? null,
      offload: r.offload,
      engine: r.engine,
      gpuUtil: r.gpuUtil,
      accum: r.accum ?? null,
      compile: r.compile,
      autocast: autocastOn(r),
      offloadActivations: r.offloadActivations,
      optimStep: r.optimStep,
      defaults: SETTINGS.filter((k) => !a.typed.includes(k)),
      gpus: a.targets.map((t) => ({ gpu: t.id, name: t.name, memoryBytes: t.memoryBytes, count: t.count })),
    },
    scenarios: a.scenarios.map((s) => ({
      method: s.method,
      trainableParams: s.trainableParams,
      gpuCount: s.gpuCount,
      zero: s.zero,
      gradientCheckpointing: s.gradientCheckpointing,
      bytes: s.bytes,
      hostBytes: s.hostBytes,
      ...(s.atLoad ? { atLoad: { bytes: s.atLoad.bytes, explain: atLoadText(s.atLoad) } } : {}),
      explain: explainAll(s),
      terms: s.terms,
      fits: s.fits.map((f, i) => {
        const t = a.targets[i]!;
        return { ...f, name: t.name, memoryBytes: t.memoryBytes };
      }),
      smallestFit: s.smallestFit
        ? { gpu: s.smallestFit.gpu, count: s.smallestFit.count, totalBytes: s.smallestFit.totalBytes }
        : null,
      ...(s.servedOn
        ? {
            servedOn: {
              gpu: s.servedOn.target.id,
              count: s.servedOn.target.count,
              text: servingText(s.servedOn.serving, s.servedOn.target, r.unit),
            },
          }
        : {}),
    })),
    plans: a.plans.map((p) => ({
      changes: p.changes.map((c) => ({ ...c, text: changeText(c, p) })),
      request: p.request,
      method: p.method,
      gpu: p.target.id,
      count: p.target.count,
      bytes: p.scenario.bytes,
      hostBytes: p.scenario.hostBytes,
      verdict: p.verdict,
      headroomBytes: p.headroomBytes,
      tier: p.tier,
      cost: costText(p),
      ...(p.serving ? { serving: p.serving } : {}),
    })),
    closest: a.closest
      ? {
          changes: a.closest.changes.map((c) => ({ ...c, text: changeText(c, a.closest!) })),
          request: a.closest.request,
          method: a.closest.method,
          gpu: a.closest.target.id,
          count: a.closest.target.count,
          bytes: a.closest.scenario.bytes,
          floor: a.closest.floor,
        }
      : null,
    limits: a.limits,
    recommendation: {
      kind: a.recommendation.kind,
      method: a.recommendation.method,
      gpu: a.recommendation.gpu,
      count: a.recommendation.count,
      text: recommendationText(a),
    },
    assumptions: assumptionLines(a),
  });
}

export function errorJson(e: ParseError): ErrorJson {
  return { error: { message: e.message, hint: e.hint, ...(e.code ? { code: e.code } : {}) } };
}
