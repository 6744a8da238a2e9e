/**
 * The planner: when a request does not fit its GPU, the combinations of changes that make it fit, cheapest first.
 *
 * Outer choices (hardware × method, then method × a shorter context) are visited in rank order; within each,
 * the cheap levers (free, speed, numerics) are searched for minimal fitting subsets (search.ts). Every plan from a
 * later outer choice ranks after every plan of an earlier one (its prefix of the cost vector is larger), so the
 * search stops as soon as `limit` plans are kept.
 */
import type { ResolvedModel } from "../../estimator/model.js";
import type { EstimationRequest, Method } from "../../estimator/request.js";
import { type GpuTarget, HEADROOM } from "../verdict.js";
import { applyChanges } from "./apply.js";
import { ranked, toPlan, withoutCostlier } from "./build.js";
import { covers } from "./cost.js";
import { catalogPlans } from "./catalog.js";
import { closestSetup } from "./closest.js";
import { Evaluator, type PlanStats } from "./evaluate.js";
import type { PlanChange } from "./levers.js";
import { cheapChanges, hardwareChoices, methodChoices } from "./options.js";
import { contextPlan, minimalCheapSets } from "./search.js";
import type { Plan, PlanResult } from "./types.js";

/**
 * The cheap levers still worth searching at an outer choice, or undefined when a kept plan makes the whole choice
 * pointless. A plan every plan of `outer` would contain (in the sense of `dominates`) prunes the choice; one that only
 * lacks a single cheap lever prunes that lever (any plan using it here would be dominated). The micro-batch is never
 * pruned so: a plan here may use a larger one than the kept plan, which that plan does not dominate.
 */
function worthSearching(
  outer: readonly PlanChange[],
  cheap: readonly PlanChange[],
  kept: readonly Plan[],
): PlanChange[] | undefined {
  let left = [...cheap];
  for (const p of kept) {
    const rest = p.changes.filter((c) => !outer.some((o) => covers(o, c)));
    if (rest.length === 0) return undefined;
    const only = rest.length === 1 ? rest[0] : undefined;
    if (only && only.lever !== "batch") left = left.filter((c) => !covers(c, only));
  }
  return left;
}

/** The plans that make `method` fit `target` (undefined: rank the catalog), best first, at most `limit`. */
export function planFor(
  m: ResolvedModel,
  req: EstimationRequest,
  method: Method,
  target: GpuTarget | undefined,
  limit = 3,
  stats?: PlanStats,
): PlanResult {
  const want = Math.max(1, Math.floor(limit));
  const ev = new Evaluator(m, req, method, target, stats);
  if (!target) {
    const plans = catalogPlans(ev, want);
    return plans.length > 0 ? { plans } : { plans: [], closest: closestSetup(ev) };
  }
  // Fits as asked: the only minimal plan is no change at all.
  if (ev.fits([])) return { plans: [toPlan(ev.evaluate([]), target)] };

  let found: Plan[] = [];
  const keep = (changes: PlanChange[] | undefined, outer: readonly PlanChange[]): void => {
    if (!changes) return;
    // Minimal: dropping the method, hardware or context change must break the fit (the cheap ones are minimal already).
    if (outer.some((o) => ev.fits(changes.filter((c) => c !== o)))) return;
    found.push(toPlan(ev.evaluate(changes), target));
    // Plans another beats on every cost never count toward the limit: the search goes on until `want` survive.
    found = withoutCostlier(ranked(found), Number.POSITIVE_INFINITY);
  };

  const hardware = hardwareChoices(target);
  const methods = methodChoices(req, method).map((mc) => {
    const after = applyChanges(req, method, target, mc);
    return { mc, cheap: cheapChanges(after.request, after.method) };
  });
  // More of the same card only where sharding can help: activations do not shard, so where they alone (with every
  // cheap lever) leave no headroom on the card no count helps (read off the same-card setup, visited first); and
  // memory falls with the count, so where the largest count offered does not fit with every cheap lever (with or
  // without offload), no smaller one does. Those evaluations are the ones the largest count makes anyway (memo).
  const largest = hardware.filter((hw) => hw[0]?.lever === "gpus").at(-1);
  const shards = (mc: readonly PlanChange[], cheap: readonly PlanChange[]): boolean => {
    if (!largest) return false;
    if (ev.scenarioOf([...mc, ...cheap]).bytes.activations >= (1 - HEADROOM) * target.capacityBytes) return false;
    const plain = cheap.filter((c) => c.lever !== "offload");
    return (
      ev.fits([...mc, ...largest, ...plain]) || (plain.length < cheap.length && ev.fits([...mc, ...largest, ...cheap]))
    );
  };
  const sharding = new Map<readonly PlanChange[], boolean>();
  const worthSharding = (mc: readonly PlanChange[], cheap: readonly PlanChange[]): boolean => {
    let ok = sharding.get(mc);
    if (ok === undefined) {
      ok = shards(mc, cheap);
      sharding.set(mc, ok);
    }
    return ok;
  };

  for (const hw of hardware) {
    for (const { mc, cheap } of methods) {
      if (found.length >= want) return { plans: found.slice(0, want) };
      if (hw[0]?.lever === "gpus" && !worthSharding(mc, cheap)) continue;
      const outer = [...mc, ...hw];
      const levers = worthSearching(outer, cheap, found);
      if (levers) for (const set of minimalCheapSets(ev, outer, levers)) keep(set, outer);
    }
  }
  // Last, a shorter context, on the GPU asked (a context is cut to stay on one's hardware, not on top of new hardware),
  // and only for a method that does not fit the asked context with every cheap lever: a context is never traded for
  // a cheap lever. Hence the full cheap set, not the pruned one.
  for (const { mc, cheap } of methods) {
    if (found.length >= want || req.seq <= 1) break;
    const plan = worthSearching(mc, cheap, found) && contextPlan(ev, mc, cheap, req.seq);
    if (plan) keep(plan, [...mc, plan.find((c) => c.lever === "seq")!]);
  }
  if (found.length > 0) return { plans: found.slice(0, want) };
  return { plans: [], closest: closestSetup(ev) };
}

/** The plans an answer shows: the best `shown`, none of which another plan beats on every cost (build.ts). */
export function bestPlans(
  m: ResolvedModel,
  req: EstimationRequest,
  method: Method,
  target: GpuTarget | undefined,
  shown = 3,
  stats?: PlanStats,
): PlanResult {
  const result = planFor(m, req, method, target, shown, stats);
  return { ...result, plans: withoutCostlier(result.plans, shown) };
}
