import { z } from "zod";
import { ComponentBytes } from "../estimator/result.js";
import { Method, Optimizer, Precision, Regime } from "../estimator/request.js";

/** The JSON contract of `vram --json` (design.md): bytes as integers, `total` the sum of the parts. */

const Verdict = z.enum(["fits", "tight", "no"]);

export const FitJson = z.object({
  gpu: z.string(),
  name: z.string(),
  memoryBytes: z.int().positive(),
  count: z.int().positive(),
  verdict: Verdict,
  headroomBytes: z.int(),
  totalBytes: z.int().nonnegative(),
});

export const ScenarioJson = z.object({
  method: Method,
  trainableParams: z.int().nonnegative(),
  gpuCount: z.int().positive(),
  zero: z.int().min(0).max(3),
  gradientCheckpointing: z.boolean(),
  bytes: ComponentBytes,
  hostBytes: z.int().nonnegative(),
  explain: z.record(z.string(), z.string()),
  fits: z.array(FitJson),
  smallestFit: z.object({ gpu: z.string(), count: z.int().positive(), totalBytes: z.int().nonnegative() }).nullable(),
});

export const EstimateJson = z.object({
  query: z.string(),
  model: z.object({
    id: z.string(),
    name: z.string(),
    params: z.int().positive(),
    layers: z.int().positive(),
    hidden: z.int().positive(),
    heads: z.int().positive(),
    kvHeads: z.int().positive(),
    headDim: z.int().positive(),
    intermediate: z.int().positive(),
    vocab: z.int().positive(),
    derived: z.boolean(),
    basis: z.string(),
  }),
  setup: z.object({
    precision: Precision,
    seq: z.int().positive(),
    batch: z.int().positive(),
    optimizer: Optimizer,
    regime: Regime,
    gradientCheckpointing: z.boolean().nullable(),
    targets: z.enum(["qv", "qkv", "attn", "mlp", "all"]).nullable(),
    flashAttention: z.boolean(),
    zero: z.int().min(0).max(3).nullable(),
    offload: z.enum(["none", "cpu"]),
    gpus: z.array(
      z.object({ gpu: z.string(), name: z.string(), memoryBytes: z.int().positive(), count: z.int().positive() }),
    ),
  }),
  scenarios: z.array(ScenarioJson),
  recommendation: z.object({ method: Method, gpu: z.string(), count: z.int().nonnegative(), text: z.string() }),
  whatIfs: z.array(
    z.object({
      change: z.string(),
      label: z.string(),
      method: Method,
      count: z.int().positive(),
      totalBytes: z.int().nonnegative(),
      verdict: Verdict,
      tokens: z.string(),
    }),
  ),
  limits: z.array(
    z.object({
      method: Method,
      gpu: z.string(),
      count: z.int().positive(),
      maxSeq: z.int().nonnegative(),
      maxBatch: z.int().nonnegative(),
    }),
  ),
  assumptions: z.array(z.string()),
});
export type EstimateJson = z.infer<typeof EstimateJson>;

export const ErrorJson = z.object({ error: z.object({ message: z.string(), hint: z.string() }) });
export type ErrorJson = z.infer<typeof ErrorJson>;
