/** The planner: combinations of changes that make a job fit its GPU, ranked by what they cost. */
export { applyChanges, type Applied, gpuRefOf } from "./apply.js";
export {
  biggerCards,
  changeCost,
  changesKey,
  compareCost,
  comparePlans,
  costVector,
  dominates,
  tierOf,
} from "./cost.js";
export { MAX_HOST_BYTES_PER_GPU, type PlanStats, planFits } from "./evaluate.js";
export {
  BIGGER_CARD_BASE_COST,
  COST_TIERS,
  COUNT_MULTIPLES,
  type CostTier,
  LEVER_ORDER,
  LEVERS,
  type Lever,
  type LeverInfo,
  MAX_COUNT_PER_CARD,
  type PlanChange,
  RANK_ORDER,
} from "./levers.js";
export { cheapChanges, hardwareChoices, methodChoices } from "./options.js";
export { withoutCostlier } from "./build.js";
export { bestPlans, planFor } from "./planner.js";
export { fleetPlans } from "./fleet.js";
export type { Closest, Floor, Plan, PlanResult } from "./types.js";
