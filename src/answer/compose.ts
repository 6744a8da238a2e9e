import { applyChange, changesFor } from "../advisor/change.js";
import { fitsOn, smallestFit } from "../advisor/fits.js";
import { limitsOn } from "../advisor/limits.js";
import { bestPlans } from "../advisor/plan/index.js";
import { primaryMethod, recommend } from "../advisor/recommend.js";
import { resolveTargets } from "../advisor/targets.js";
import { estimateScenario, methodsFor } from "../estimator/estimate.js";
import { type ResolvedModel, resolveModel } from "../estimator/model.js";
import { type EstimationRequest, MAX_SEQ, type Method, type ModelRef } from "../estimator/request.js";
import { type GpuTarget, verdictFor } from "../advisor/verdict.js";
import type { ModelResolution } from "../models/resolve.js";
import { toCanonical } from "../parse/canonical.js";
import type { ParsedRequest } from "../parse/result.js";
import type { AdvisedScenario, Answer, AnswerContext, AnswerPlan, ModelSummary } from "./schema.js";

/** Twice the context still fits the named card with headroom for the method the answer is about, within the model's own maximum. */
function longerFits(
  model: ResolvedModel,
  req: EstimationRequest,
  method: Method,
  named: GpuTarget | undefined,
  maxContext: number | undefined,
): boolean {
  const seq = req.seq * 2;
  if (seq > MAX_SEQ || (maxContext !== undefined && seq > maxContext)) return false;
  if (!named) return true;
  const total = estimateScenario(model, { ...req, seq }, method, named.count).bytes.total;
  return verdictFor(total, named.capacityBytes).verdict === "fits";
}

/** A catalog id or a size resolve without the Hub (tests and callers that hold no Hub client). */
function localResolution(ref: ModelRef): ModelResolution {
  return { model: resolveModel(ref), from: ref.kind === "catalog" ? "catalog" : "size" };
}

function summary(m: ResolvedModel, r: ModelResolution): ModelSummary {
  return {
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
    maxContext: m.derived ? null : m.maxContext,
    derived: m.derived,
    resolvedFrom: r.from,
    ...(r.hub
      ? {
          hub: {
            id: r.hub.id,
            ...(r.hub.sha ? { sha: r.hub.sha } : {}),
            ...(r.hub.storedPrecision ? { storedPrecision: r.hub.storedPrecision } : {}),
            ...(r.hub.error ? { error: r.hub.error } : {}),
          },
        }
      : {}),
    basis: m.basis,
    basisName: m.basisName,
    source: m.source,
  };
}

/**
 * The one pipeline from a parsed request to the answer every surface formats: resolve the model, estimate every
 * method, verdicts per GPU, plans when it does not fit, limits, the recommendation and the one-click changes.
 */
export function composeAnswer(
  parsed: Omit<ParsedRequest, "kind">,
  resolution?: ModelResolution,
  ctx: AnswerContext = {},
): Answer {
  // No GPU named at all, and the workspace has its own: the answer is about those, before any catalog card.
  const fleet = parsed.request.gpus.length === 0 && ctx.fleet?.length ? ctx.fleet : undefined;
  const asked: EstimationRequest = fleet
    ? { ...parsed.request, gpus: fleet.map((g) => ({ id: g.gpuId, count: g.count })) }
    : parsed.request;
  const r = resolution ?? localResolution(asked.model);
  const model = r.model;
  // A checkpoint stored quantized (GPTQ, AWQ, bitsandbytes, fp8) is that precision unless the person said otherwise.
  const stored = r.hub?.storedPrecision;
  const req = stored && !parsed.typed.includes("precision") ? { ...asked, precision: stored } : asked;
  const methods = methodsFor(req);
  const targets = resolveTargets(req.gpus);
  const gpuNamed = req.gpus.some((g) => g.id !== undefined || g.memoryBytes !== undefined);
  const named = gpuNamed ? targets[0] : undefined;
  const count = targets[0]?.count ?? 1;
  const scenarios: AdvisedScenario[] = methods.map((method) => {
    const s = estimateScenario(model, req, method, count);
    // The scenario at the count asked serves the verdicts and the smallest fit at that count: one estimate each.
    const smallest = smallestFit(model, req, method, s);
    return {
      ...s,
      fits: fitsOn(model, req, method, targets, s),
      ...(smallest ? { smallestFit: smallest } : {}),
    };
  });
  const primary = primaryMethod(methods);
  const advised = scenarios.map((s) => ({ method: s.method, scenario: s, fits: s.fits, smallestFit: s.smallestFit }));
  // The methods the headline is about: the training ones when training was asked about (inference fitting does
  // not answer "can I fine-tune"), else inference.
  const considered = advised.filter((s) => (primary === "inference") === (s.method === "inference"));
  // A context beyond the model's own maximum cannot run on any card: every plan starts by coming back to it.
  const maxContext = model.derived ? undefined : model.maxContext;
  const overContext = maxContext !== undefined && req.seq > maxContext ? maxContext : undefined;
  const fitsAsAsked =
    named !== undefined && overContext === undefined && considered.some((s) => s.fits[0]?.verdict === "fits");
  const planReq = overContext !== undefined ? { ...req, seq: overContext } : req;
  const planned = fitsAsAsked ? { plans: [] } : bestPlans(model, planReq, primary, named);
  const back =
    overContext !== undefined ? [{ lever: "seq" as const, from: String(req.seq), to: String(overContext) }] : [];
  // A plan without changes would say "it fits as asked", which the verdicts already say.
  const found = planned.plans
    .map((p) => (back.length ? { ...p, changes: [...back, ...p.changes], tier: "context" as const } : p))
    .filter((p) => p.changes.length > 0);
  const plans: AnswerPlan[] = found.map((p) => ({
    changes: p.changes,
    request: toCanonical(p.request),
    setup: p.request,
    method: p.method,
    target: p.target,
    scenario: p.scenario,
    verdict: p.verdict,
    headroomBytes: p.headroomBytes,
    tier: p.tier,
  }));
  const cap = maxContext;
  const limits = named ? scenarios.map((s) => limitsOn(model, req, s.method, named, "asked", cap)) : [];
  const first = found[0];
  if (first) limits.push(limitsOn(model, first.request, first.method, first.target, "plan", cap));
  const closest = "closest" in planned ? planned.closest : undefined;
  return {
    query: req.query,
    request: req,
    canonical: toCanonical(req),
    typed: parsed.typed,
    notes: parsed.notes,
    ...(parsed.modelNote ? { modelNote: parsed.modelNote } : {}),
    ...(parsed.ask ? { ask: parsed.ask } : {}),
    model: summary(model, r),
    gpuNamed,
    ...(fleet ? { fleet: [...fleet] } : {}),
    targets,
    scenarios,
    primary,
    plans,
    ...(closest
      ? {
          closest: {
            changes: closest.changes,
            request: toCanonical(closest.request),
            method: closest.method,
            target: closest.target,
            scenario: closest.scenario,
            floor: closest.floor,
          },
        }
      : {}),
    limits,
    ...(overContext !== undefined ? { overContext: { asked: req.seq, max: overContext } } : {}),
    recommendation: recommend(
      named ? considered : advised,
      named,
      first
        ? {
            method: first.method,
            target: first.target,
            totalBytes: first.scenario.bytes.total,
            headroomBytes: first.headroomBytes,
          }
        : undefined,
      primary,
    ),
    changes: changesFor(req, { primary, longerFits: longerFits(model, req, primary, named, maxContext) }).map(
      (change) => ({ change, request: toCanonical(applyChange(req, change)) }),
    ),
  };
}
