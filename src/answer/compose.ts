import { peakBytes } from "../estimator/result.js";
import { applyChange, changesFor } from "../advisor/change.js";
import { fitsOn, smallestFit } from "../advisor/fits.js";
import { limitsOn } from "../advisor/limits.js";
import { bestPlans, fleetPlans } from "../advisor/plan/index.js";
import { primaryMethod, recommend } from "../advisor/recommend.js";
import { resolveTargets } from "../advisor/targets.js";
import { estimateScenario, methodsFor } from "../estimator/estimate.js";
import { type ResolvedModel, resolveModel } from "../estimator/model.js";
import { type EstimationRequest, MAX_SEQ, type Method, type ModelRef } from "../estimator/request.js";
import { servingFit } from "../advisor/serving.js";
import { type GpuTarget, targetFromSpec, verdictFor } from "../advisor/verdict.js";
import { gpuById } from "../catalog/index.js";
import type { ModelResolution } from "../models/resolve.js";
import { toCanonical } from "../parse/canonical.js";
import type { ParsedRequest } from "../parse/result.js";
import type { AdvisedScenario, Answer, AnswerContext, AnswerPlan, ModelSummary, UsedDefaults } from "./schema.js";

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
  const longer = estimateScenario(model, { ...req, seq }, method, named.count);
  const served = servingFit(longer, named);
  if (served) return served.verdict === "fits";
  return verdictFor(peakBytes(longer), named.capacityBytes).verdict === "fits";
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
  defaults: UsedDefaults = { applied: [], skipped: [] },
): Answer {
  // No GPU named at all, and the workspace has its own: the answer is about those, before any catalog card.
  const fleet = parsed.request.gpus.length === 0 && ctx.fleet?.length ? ctx.fleet : undefined;
  const asked: EstimationRequest = fleet
    ? { ...parsed.request, gpus: fleet.map((g) => ({ id: g.gpuId, count: g.count })) }
    : parsed.request;
  const r = resolution ?? localResolution(asked.model);
  const model = r.model;
  // A checkpoint stored quantized (GPTQ, AWQ, bitsandbytes, fp8) is that precision unless the person said otherwise
  // (a saved default precision is not saying so about this checkpoint: it gives way, and the answer says so).
  const stored = r.hub?.storedPrecision;
  const defaultPrecision = defaults.applied.find((d) => d.field === "precision");
  const storedWins = stored !== undefined && (!parsed.typed.includes("precision") || defaultPrecision !== undefined);
  const req = storedWins ? { ...asked, precision: stored } : asked;
  const used: UsedDefaults =
    storedWins && defaultPrecision
      ? {
          applied: defaults.applied.filter((d) => d !== defaultPrecision),
          skipped: [...defaults.skipped, defaultPrecision],
        }
      : defaults;
  const methods = methodsFor(req);
  let targets = resolveTargets(req.gpus);
  let groups = fleet ? [...fleet] : undefined;
  const gpuNamed = req.gpus.some((g) => g.id !== undefined || g.memoryBytes !== undefined);
  // Each method at the first target's count (the one the answer leads with), with its verdict on every target.
  const adviseOn = (on: readonly GpuTarget[]): AdvisedScenario[] =>
    methods.map((method) => {
      const s = estimateScenario(model, req, method, on[0]?.count ?? 1);
      // The scenario at the count asked serves the verdicts and the smallest fit at that count: one estimate each.
      const smallest = smallestFit(model, req, method, s);
      const fits = fitsOn(model, req, method, on, s);
      // engine=vllm: one GPU holds the engine's budget on its card, so the breakdown is the one on the card the answer
      // is about (the one named, else the smallest that fits), worked out once here.
      const card = !s.setup.vllm
        ? undefined
        : gpuNamed || !smallest
          ? on[0]
          : targetFromSpec(gpuById(smallest.gpu), smallest.count);
      const onCard = card
        ? servingFit(card.count === s.gpuCount ? s : estimateScenario(model, req, method, card.count), card)
        : undefined;
      return {
        ...(onCard ? onCard.scenario : s),
        fits,
        ...(smallest ? { smallestFit: smallest } : {}),
        ...(onCard && card ? { servedOn: { target: card, serving: onCard.serving } } : {}),
      };
    });
  let scenarios = adviseOn(targets);
  const primary = primaryMethod(methods);
  // The methods the headline is about: the training ones when training was asked about (inference fitting does
  // not answer "can I fine-tune"), else inference.
  const isConsidered = (m: Method): boolean => (primary === "inference") === (m === "inference");
  // The team's own GPUs: the answer is about the first group the job fits as asked (their list's order), so that
  // group leads every line; the others follow in order.
  const lead = (i: number): void => {
    if (i <= 0) return;
    const first = <T>(xs: readonly T[]): T[] => [xs[i]!, ...xs.filter((_, j) => j !== i)];
    targets = first(targets);
    if (groups) groups = first(groups);
    scenarios = adviseOn(targets);
  };
  if (groups) {
    const fitsOn = (verdict: "fits" | "tight") =>
      targets.findIndex((_, g) => scenarios.some((s) => isConsidered(s.method) && s.fits[g]?.verdict === verdict));
    const fitting = fitsOn("fits");
    lead(fitting >= 0 ? fitting : fitsOn("tight"));
  }
  const advised = () =>
    scenarios.map((s) => ({ method: s.method, scenario: s, fits: s.fits, smallestFit: s.smallestFit }));
  const considered = () => advised().filter((s) => isConsidered(s.method));
  // A context beyond the model's own maximum cannot run on any card: every plan starts by coming back to it.
  const maxContext = model.derived ? undefined : model.maxContext;
  const overContext = maxContext !== undefined && req.seq > maxContext ? maxContext : undefined;
  const fitsAsAsked = gpuNamed && overContext === undefined && considered().some((s) => s.fits[0]?.verdict === "fits");
  const planReq = overContext !== undefined ? { ...req, seq: overContext } : req;
  const planned = fitsAsAsked
    ? { plans: [] }
    : groups
      ? fleetPlans(model, planReq, primary, targets)
      : bestPlans(model, planReq, primary, gpuNamed ? targets[0] : undefined);
  // Nothing fits a group as asked: the answer is about the group its first plan runs on, when that is one of them.
  if (groups && planned.plans[0]) {
    const on = planned.plans[0].target;
    lead(targets.findIndex((t) => t.id === on.id && t.count === on.count));
  }
  const named = gpuNamed ? targets[0] : undefined;
  const back =
    overContext !== undefined ? [{ lever: "seq" as const, from: String(req.seq), to: String(overContext) }] : [];
  // A plan without changes would say "it fits as asked", which the verdicts already say.
  const found = planned.plans
    .map((p) => (back.length ? { ...p, changes: [...back, ...p.changes], tier: "context" as const } : p))
    .filter((p) => p.changes.length > 0);
  const plans: AnswerPlan[] = found.map((p) => {
    const served = servingFit(p.scenario, p.target);
    return {
      changes: p.changes,
      request: toCanonical(p.request),
      setup: p.request,
      method: p.method,
      target: p.target,
      scenario: p.scenario,
      verdict: p.verdict,
      headroomBytes: p.headroomBytes,
      tier: p.tier,
      ...(served ? { serving: served.serving } : {}),
    };
  });
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
    ...(used.applied.length + used.skipped.length > 0 ? { defaults: used } : {}),
    notes: parsed.notes,
    ...(parsed.modelNote ? { modelNote: parsed.modelNote } : {}),
    ...(parsed.ask ? { ask: parsed.ask } : {}),
    model: summary(model, r),
    gpuNamed,
    ...(groups ? { fleet: groups } : {}),
    ...(ctx.teamDataUnavailable ? { teamDataUnavailable: true as const } : {}),
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
      named ? considered() : advised(),
      named,
      first
        ? {
            method: first.method,
            target: first.target,
            totalBytes: peakBytes(first.scenario),
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
