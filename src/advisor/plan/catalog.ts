/** No GPU named: the ladder cards, smallest first, each with its cheapest plan (no method or context change). */
import { RECOMMEND_LADDER } from "../targets.js";
import { comparePlans } from "./cost.js";
import { toPlan, withoutCostlier } from "./build.js";
import type { Evaluator } from "./evaluate.js";
import type { PlanChange } from "./levers.js";
import { cheapChanges } from "./options.js";
import { minimalCheapSets } from "./search.js";
import type { Plan } from "./types.js";

/**
 * The first `limit` ladder cards (at the count asked) that admit a plan of free, speed and numerics levers only, none
 * asking for as much as a smaller card's plan.
 */
export function catalogPlans(ev: Evaluator, limit: number): Plan[] {
  const cheap = cheapChanges(ev.req, ev.method);
  let plans: Plan[] = [];
  for (const id of RECOMMEND_LADDER) {
    const gpu: PlanChange = { lever: "gpu", from: "none", to: id };
    // Scenarios do not depend on the card, only on its count: after the first card these are mostly memo hits.
    const options = minimalCheapSets(ev, [gpu], cheap).map((set) => toPlan(ev.evaluate(set), undefined, true));
    const best = options.sort(comparePlans)[0];
    // A bigger card that asks for no less than a smaller one is no option: it does not count toward the limit.
    if (best) plans = withoutCostlier([...plans, best], Number.POSITIVE_INFINITY);
    if (plans.length >= limit) break;
  }
  return plans;
}
