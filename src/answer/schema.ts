import { z } from "zod";
import { CHANGES } from "../advisor/change.js";
import { Fit, SmallestFit } from "../advisor/fits.js";
import { Limits } from "../advisor/limits.js";
import { Serving } from "../advisor/serving.js";
import { ModelSpec } from "../catalog/schema.js";
import { COST_TIERS, LEVER_ORDER } from "../advisor/plan/levers.js";
import { Recommendation } from "../advisor/recommend.js";
import { GpuTarget, Verdict } from "../advisor/verdict.js";
import { EstimationRequest, Method, Precision } from "../estimator/request.js";
import { HubError } from "../models/hub/errors.js";
import { Component, Scenario } from "../estimator/result.js";
import { Ask, RequestField } from "../parse/result.js";
import { AppliedSetting } from "../parse/setting-fields.js";

/** The model an answer is about: which one, its shape, and where the numbers came from. */
export const ModelSummary = ModelSpec.pick({
  params: true,
  layers: true,
  hidden: true,
  heads: true,
  kvHeads: true,
  headDim: true,
  intermediate: true,
  vocab: true,
}).extend({
  /** A catalog id, or `7B-derived` for a size-only model. */
  id: z.string(),
  name: z.string(),
  /** The model's maximum context (null for a size-only model: its shape is borrowed). */
  maxContext: z.int().positive().nullable(),
  /** True when the shape was borrowed from a catalog model of similar size. */
  derived: z.boolean(),
  resolvedFrom: z.enum(["catalog", "size", "hub"]),
  /** The Hub repository named: the revision read and its stored precision, or why it could not be read. */
  hub: z
    .object({
      id: z.string(),
      sha: z.string().optional(),
      storedPrecision: Precision.optional(),
      error: HubError.optional(),
    })
    .optional(),
  /** The catalog model the shape came from (itself when not derived). */
  basis: z.string(),
  basisName: z.string(),
  source: z.string(),
});
export type ModelSummary = z.infer<typeof ModelSummary>;

export const AdvisedScenario = Scenario.extend({
  /** Verdict per target, in the order of `Answer.targets`. */
  fits: z.array(Fit),
  smallestFit: SmallestFit.optional(),
  /** engine=vllm: the card whose vLLM budget the breakdown shows (the one named, else the smallest that fits), and vLLM there. */
  servedOn: z.object({ target: GpuTarget, serving: Serving }).optional(),
});
export type AdvisedScenario = z.infer<typeof AdvisedScenario>;

/** The planner's levers and cost tiers (advisor/plan/levers.ts), as the schema of plans. */
export const LEVER_NAMES = LEVER_ORDER;
export const CostTier = z.enum(COST_TIERS);
export type CostTier = z.infer<typeof CostTier>;

/** One change of a plan: which setting, from what, to what (request-language values). */
export const PlanChange = z.object({ lever: z.enum(LEVER_NAMES), from: z.string(), to: z.string() });
export type PlanChange = z.infer<typeof PlanChange>;

/** A way to make the job fit: its changes, the canonical request that reproduces it, and its breakdown. */
export const AnswerPlan = z.object({
  changes: z.array(PlanChange),
  /** Canonical request text: run again, it gives this plan's total and verdict. */
  request: z.string(),
  /** The same request as data (for the setup a surface states beside the plan's breakdown). */
  setup: EstimationRequest,
  method: Method,
  target: GpuTarget,
  scenario: Scenario,
  verdict: Verdict,
  headroomBytes: z.int(),
  /** The most severe kind of cost among its changes. */
  tier: CostTier,
  /** engine=vllm: vLLM on the plan's card (budget, KV-cache blocks, sequences). */
  serving: Serving.optional(),
});
export type AnswerPlan = z.infer<typeof AnswerPlan>;

/** When nothing fits even with every change: the nearest setup, and the component that is the floor. */
export const Closest = AnswerPlan.pick({
  changes: true,
  request: true,
  method: true,
  target: true,
  scenario: true,
}).extend({
  floor: Component,
});
export type Closest = z.infer<typeof Closest>;

/** A one-click change offered on the answer (a Slack button), with the request it runs. */
export const OfferedChange = z.object({
  change: z.enum(CHANGES),
  request: z.string(),
});
export type OfferedChange = z.infer<typeof OfferedChange>;

/** A group of the workspace's own GPUs an answer was given for (no GPU named, a fleet saved). */
export const FleetGroup = z.object({ name: z.string(), gpuId: z.string(), count: z.int().positive() });
export type FleetGroup = z.infer<typeof FleetGroup>;

/** What an answer knows beyond the text: the workspace's GPUs, and the defaults of the person asking. */
export interface AnswerContext {
  fleet?: readonly FleetGroup[] | undefined;
  /** Defaults to fill what the text left unset (one per field: the person's own, else the workspace's). */
  defaults?: readonly AppliedSetting[] | undefined;
  /** The workspace's GPUs and defaults could not be read (the database is down): the answer goes without them. */
  teamDataUnavailable?: boolean | undefined;
}

/** The defaults an answer was given with, and those that did not go with its request. */
export const UsedDefaults = z.object({ applied: z.array(AppliedSetting), skipped: z.array(AppliedSetting) });
export type UsedDefaults = z.infer<typeof UsedDefaults>;

/** Everything any surface shows: the CLI, `--json`, Slack replies, the form and every button format this, nothing else. */
export const Answer = z.object({
  query: z.string(),
  request: EstimationRequest,
  /** The request as canonical text (what buttons carry). */
  canonical: z.string(),
  /** Fields the person set (or their saved defaults, listed in `defaults`); all others are defaults, and the answer says so. */
  typed: z.array(RequestField),
  /** Saved defaults (the person's or the workspace's) that filled fields the text left unset. */
  defaults: UsedDefaults.optional(),
  /** Readings the parser chose, said under the answer. */
  notes: z.array(z.string()),
  /** The parser's note about the model, when it is not exactly the one typed. */
  modelNote: z.string().optional(),
  ask: Ask.optional(),
  model: ModelSummary,
  /** A GPU (or capacity) was named; else `targets` are the default comparison tiers. */
  gpuNamed: z.boolean(),
  /** The workspace's GPUs and saved defaults could not be read: the answer is without them, and says so. */
  teamDataUnavailable: z.literal(true).optional(),
  /** The targets are the workspace's own groups (in this order), used because no GPU was named. */
  fleet: z.array(FleetGroup).optional(),
  targets: z.array(GpuTarget),
  scenarios: z.array(AdvisedScenario),
  /** The method plans and the headline are about. */
  primary: Method,
  plans: z.array(AnswerPlan),
  closest: Closest.optional(),
  limits: z.array(Limits),
  /** The context asked is longer than the model's maximum: every plan comes back to it first. */
  overContext: z.object({ asked: z.int().positive(), max: z.int().positive() }).optional(),
  recommendation: Recommendation,
  changes: z.array(OfferedChange),
});
export type Answer = z.infer<typeof Answer>;
