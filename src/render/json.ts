import type { Advice } from "../advisor/advise.js";
import type { ParseError } from "../parse/result.js";
import { EstimateJson, type ErrorJson } from "./contract.js";

/** Advice → the JSON contract (validated, so the contract can never drift from the code). */
export function toJson(a: Advice): EstimateJson {
  const m = a.model;
  return EstimateJson.parse({
    query: a.request.query,
    model: {
      id: m.id,
      name: m.name,
      params: Math.round(m.params),
      layers: m.layers,
      hidden: m.hidden,
      heads: m.heads,
      kvHeads: m.kvHeads,
      headDim: m.headDim,
      intermediate: m.intermediate,
      vocab: m.vocab,
      derived: m.derived,
      basis: m.basis,
    },
    setup: {
      precision: a.request.precision,
      seq: a.request.seq,
      batch: a.request.batch,
      optimizer: a.request.optimizer,
      regime: a.request.regime,
      gradientCheckpointing: a.request.gradientCheckpointing ?? null,
      targets: a.request.targets ?? null,
      flashAttention: a.request.flashAttention,
      zero: a.request.zero ?? null,
      offload: a.request.offload,
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
      explain: s.explain,
      fits: s.fits.map((f) => ({
        gpu: f.gpu,
        name: f.name,
        memoryBytes: f.memoryBytes,
        count: f.count,
        verdict: f.verdict,
        headroomBytes: f.headroomBytes,
        totalBytes: f.totalBytes,
      })),
      smallestFit: s.smallestFit
        ? { gpu: s.smallestFit.gpu, count: s.smallestFit.count, totalBytes: s.smallestFit.totalBytes }
        : null,
    })),
    recommendation: a.recommendation,
    whatIfs: a.whatIfs.map((w) => ({
      change: w.change,
      label: w.label,
      method: w.method,
      count: w.count,
      totalBytes: w.totalBytes,
      verdict: w.verdict,
      tokens: w.tokens,
    })),
    limits: a.limits,
    assumptions: a.assumptions,
  });
}

export function errorJson(e: ParseError): ErrorJson {
  return { error: { message: e.message, hint: e.hint } };
}
