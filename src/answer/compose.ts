import { applyChange, changesFor } from "../advisor/change.js";
import { fitsOn, smallestFit } from "../advisor/fits.js";
import { limitsOn } from "../advisor/limits.js";
import { bestPlans } from "../advisor/plan/index.js";
import { fittingOnNamed, primaryMethod, recommend } from "../advisor/recommend.js";
import { resolveTargets } from "../advisor/targets.js";
import { estimateScenario, methodsFor } from "../estimator/estimate.js";
import { type ResolvedModel, resolveModel } from "../estimator/model.js";
import { toCanonical } from "../parse/canonical.js";
import type { ParsedRequest } from "../parse/result.js";
import type { AdvisedScenario, Answer, AnswerPlan, ModelSummary } from "./schema.js";

function summary(m: ResolvedModel): ModelSummary {
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
    resolvedFrom: m.derived ? "size" : "catalog",
    basis: m.basis,
    basisName: m.basisName,
    source: m.source,
  };
}

/**
 * The one pipeline from a parsed request to the answer every surface formats: resolve the model, estimate every
 * method, verdicts per GPU, plans when it does not fit, limits, the recommendation and the one-click changes.
 */
export function composeAnswer(parsed: Omit<ParsedRequest, "kind">): Answer {
  const req = parsed.request;
  const model = resolveModel(req.model);
  const methods = methodsFor(req);
  const targets = resolveTargets(req.gpus);
  const gpuNamed = req.gpus.some((g) => g.id !== undefined || g.memoryBytes !== undefined);
  const named = gpuNamed ? targets[0] : undefined;
  const count = targets[0]?.count ?? 1;
  const scenarios: AdvisedScenario[] = methods.map((method) => {
    const s = estimateScenario(model, req, method, count);
    const smallest = smallestFit(model, req, method);
    return {
      ...s,
      fits: fitsOn(model, req, method, targets),
      ...(smallest ? { smallestFit: smallest } : {}),
    };
  });
  const primary = primaryMethod(methods);
  const advised = scenarios.map((s) => ({ method: s.method, scenario: s, fits: s.fits, smallestFit: s.smallestFit }));
  const fitsAsAsked = named !== undefined && fittingOnNamed(advised) !== undefined;
  const planned = fitsAsAsked ? { plans: [] } : bestPlans(model, req, primary, named);
  // A plan without changes would say "it fits as asked", which the verdicts already say.
  const found = planned.plans.filter((p) => p.changes.length > 0);
  const plans: AnswerPlan[] = found.map((p) => ({
    changes: p.changes,
    request: toCanonical(p.request),
    method: p.method,
    target: p.target,
    scenario: p.scenario,
    verdict: p.verdict,
    headroomBytes: p.headroomBytes,
    tier: p.tier,
  }));
  const cap = model.derived ? undefined : model.maxContext;
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
    ...(parsed.ask ? { ask: parsed.ask } : {}),
    model: summary(model),
    gpuNamed,
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
    recommendation: recommend(
      advised,
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
    changes: changesFor(req).map((change) => ({ change, request: toCanonical(applyChange(req, change)) })),
  };
}
