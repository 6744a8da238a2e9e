import type { EstimationRequest, Method } from "../../estimator/request.js";
import type { COMPONENTS, Scenario } from "../../estimator/result.js";
import type { GpuTarget, Verdict } from "../verdict.js";
import type { CostTier, PlanChange } from "./levers.js";

/** A set of changes that makes the job fit, and everything needed to show and replay it. */
export interface Plan {
  /** In the stable lever order (catalog mode: the `gpu` change first). */
  changes: PlanChange[];
  /** The full request that reproduces the plan: one method, the plan's GPU and count, ZeRO explicit with more GPUs. */
  request: EstimationRequest;
  method: Method;
  /** The card and count the plan runs on. */
  target: GpuTarget;
  /** estimateScenario(model, request, method, target.count). */
  scenario: Scenario;
  /** Always "fits" for returned plans (at least 10 % headroom). */
  verdict: Verdict;
  headroomBytes: number;
  /** The most severe tier among the changes. */
  tier: CostTier;
  /** Per-tier cost, the most severe tier first (`RANK_ORDER`); plans are ranked on it lexicographically. */
  cost: number[];
}

/** The largest component of a setup: what stands in the way when nothing fits. */
export type Floor = (typeof COMPONENTS)[number];

/** When no plan fits: every applicable lever but hardware and context, on the asked target (or the largest card). */
export interface Closest {
  changes: PlanChange[];
  request: EstimationRequest;
  method: Method;
  target: GpuTarget;
  scenario: Scenario;
  floor: Floor;
}

export interface PlanResult {
  /** Best first, at most `limit`. */
  plans: Plan[];
  /** Only when no plan fits. */
  closest?: Closest | undefined;
}
