/**
 * Plans for a team's own GPUs: every group is planned for, and what runs on a group the team owns (settings,
 * method, checkpointing …) comes before anything that needs more or other cards, which comes before cutting the
 * context asked (as on one GPU: a context is cut to stay on one's hardware only when nothing else does).
 */
import type { ResolvedModel } from "../../estimator/model.js";
import type { EstimationRequest, Method } from "../../estimator/request.js";
import type { GpuTarget } from "../verdict.js";
import { changesKey, comparePlans, dominates } from "./cost.js";
import { bestPlans } from "./planner.js";
import type { Plan, PlanResult } from "./types.js";

const buysHardware = (p: Plan): boolean => p.changes.some((c) => c.lever === "gpu" || c.lever === "gpus");

/** Best first within a kind, a group earlier in the team's list first on a tie; the same changes shown once. */
function ordered(xs: { plan: Plan; group: number }[], byTarget: boolean): Plan[] {
  const sorted = [...xs].sort((a, b) => comparePlans(a.plan, b.plan) || a.group - b.group);
  const seen = new Set<string>();
  const kept = sorted.filter(({ plan }) => {
    const key = `${changesKey(plan.changes)}${byTarget ? `@${plan.target.count}x${plan.target.id}` : ""}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  // On owned hardware, a plan whose changes include another's (on any group) is never the better one.
  return kept
    .filter(({ plan }) => byTarget || !kept.some((o) => o.plan !== plan && dominates(o.plan.changes, plan.changes)))
    .map((x) => x.plan);
}

export function fleetPlans(
  m: ResolvedModel,
  req: EstimationRequest,
  method: Method,
  groups: readonly GpuTarget[],
  shown = 3,
): PlanResult {
  const results = groups.map((g) => bestPlans(m, req, method, g, shown));
  const all = results.flatMap((r, group) => r.plans.map((plan) => ({ plan, group })));
  const owned = all.filter((x) => !buysHardware(x.plan) && x.plan.tier !== "context");
  const bought = all.filter((x) => buysHardware(x.plan));
  const shorter = all.filter((x) => !buysHardware(x.plan) && x.plan.tier === "context");
  const plans = [...ordered(owned, false), ...ordered(bought, true), ...ordered(shorter, false)].slice(0, shown);
  return plans.length > 0 ? { plans } : { plans: [], closest: results[0]?.closest };
}
