import { z } from "zod";
import { Limits } from "../advisor/limits.js";
import { Serving } from "../advisor/serving.js";
import { Verdict } from "../advisor/verdict.js";
import { CostTier, LEVER_NAMES, ModelSummary } from "../answer/schema.js";
import { Engine, Method, OptimStep, Optimizer, Precision, Regime, Targets } from "../estimator/request.js";
import { Component, ComponentBytes, ComponentTerms } from "../estimator/result.js";
import { ErrorCode } from "../parse/result.js";

/** The JSON contract of `vram --json` (design.md): bytes as integers, `total` the sum of the parts. */

export const FitJson = z.object({
  gpu: z.string(),
  name: z.string(),
  memoryBytes: z.int().positive(),
  count: z.int().positive(),
  verdict: Verdict,
  headroomBytes: z.int(),
  totalBytes: z.int().nonnegative(),
  /** engine=vllm: the engine's budget on this card, the KV-cache blocks it leaves and the sequences they hold. */
  serving: Serving.optional(),
});

export const ScenarioJson = z.object({
  method: Method,
  trainableParams: z.int().nonnegative(),
  gpuCount: z.int().positive(),
  zero: z.int().min(0).max(3),
  gradientCheckpointing: z.boolean(),
  bytes: ComponentBytes,
  hostBytes: z.int().nonnegative(),
  /** The peak while loading, present only where it is above the step's `bytes.total` (then it is what must fit). */
  atLoad: z.object({ bytes: z.int().nonnegative(), explain: z.string() }).optional(),
  /** One sentence per component, written from `terms`. */
  explain: z.record(z.string(), z.string()),
  /** The inputs of every term of every component (numbers only). */
  terms: ComponentTerms,
  fits: z.array(FitJson),
  smallestFit: z.object({ gpu: z.string(), count: z.int().positive(), totalBytes: z.int().nonnegative() }).nullable(),
  /** engine=vllm: the card `bytes` is vLLM's budget on, and vLLM there in words. */
  servedOn: z.object({ gpu: z.string(), count: z.int().positive(), text: z.string() }).optional(),
});

export const PlanJson = z.object({
  changes: z.array(z.object({ lever: z.enum(LEVER_NAMES), from: z.string(), to: z.string(), text: z.string() })),
  /** Canonical request text: `vram <request>` gives this plan's total and verdict. */
  request: z.string(),
  method: Method,
  gpu: z.string(),
  count: z.int().positive(),
  bytes: ComponentBytes,
  hostBytes: z.int().nonnegative(),
  verdict: Verdict,
  headroomBytes: z.int(),
  tier: CostTier,
  /** What the plan costs the user, in words. */
  cost: z.string(),
  /** engine=vllm: vLLM on the plan's card. */
  serving: Serving.optional(),
});

export const EstimateJson = z.object({
  query: z.string(),
  /** The request as canonical text. */
  request: z.string(),
  model: ModelSummary.omit({ basisName: true, source: true, hub: true }).extend({
    /** The Hub repository and the revision whose config.json gave the shape. */
    hub: z.object({ id: z.string(), sha: z.string().nullable() }).optional(),
    /** Present when the model answered for differs from what was typed (a size given a borrowed shape). */
    note: z.string().optional(),
  }),
  setup: z.object({
    precision: Precision,
    seq: z.int().positive(),
    batch: z.int().positive(),
    optimizer: Optimizer,
    regime: Regime,
    gradientCheckpointing: z.boolean().nullable(),
    targets: Targets.nullable(),
    flashAttention: z.boolean(),
    zero: z.int().min(0).max(3).nullable(),
    offload: z.enum(["none", "cpu"]),
    /** Serving engine, and vLLM's gpu_memory_utilization (read only with engine "vllm"). */
    engine: Engine,
    gpuUtil: z.number().gt(0).max(1),
    /** null = gradient accumulation assumed (gradients held beside the activations). */
    accum: z.int().positive().nullable(),
    compile: z.boolean(),
    /** A 16-bit autocast around the forward (the HF Trainer's bf16=True; regime=amp implies it). */
    autocast: z.boolean(),
    offloadActivations: z.boolean(),
    optimStep: OptimStep,
    /** Settings left at their defaults (not typed). */
    defaults: z.array(z.string()),
    gpus: z.array(
      z.object({ gpu: z.string(), name: z.string(), memoryBytes: z.int().positive(), count: z.int().positive() }),
    ),
  }),
  scenarios: z.array(ScenarioJson),
  /** Best first; empty when the request fits as asked. */
  plans: z.array(PlanJson),
  /** When no plan fits: the nearest setup and the component that is the floor. */
  closest: z
    .object({
      changes: PlanJson.shape.changes,
      request: z.string(),
      method: Method,
      gpu: z.string(),
      count: z.int().positive(),
      bytes: ComponentBytes,
      floor: Component,
    })
    .nullable(),
  limits: z.array(Limits),
  recommendation: z.object({
    kind: z.enum(["fits", "tight", "plan", "smallest", "none"]),
    method: Method,
    gpu: z.string(),
    count: z.int().nonnegative(),
    text: z.string(),
  }),
  assumptions: z.array(z.string()),
});
export type EstimateJson = z.infer<typeof EstimateJson>;

export const ErrorJson = z.object({
  error: z.object({ message: z.string(), hint: z.string(), code: ErrorCode.optional() }),
});
export type ErrorJson = z.infer<typeof ErrorJson>;
