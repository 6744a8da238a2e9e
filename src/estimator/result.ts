import { z } from "zod";
import { Method, Targets } from "./request.js";
import { Term } from "./terms.js";
import { VllmInputs } from "./vllm.js";

/** Memory of one scenario on one GPU, by component, in bytes. `total` is the sum of the others. */
export const ComponentBytes = z.object({
  weights: z.int().nonnegative(),
  gradients: z.int().nonnegative(),
  optimizer: z.int().nonnegative(),
  activations: z.int().nonnegative(),
  kvCache: z.int().nonnegative(),
  overhead: z.int().nonnegative(),
  total: z.int().nonnegative(),
});
export type ComponentBytes = z.infer<typeof ComponentBytes>;

export const COMPONENTS = ["weights", "gradients", "optimizer", "activations", "kvCache", "overhead"] as const;
export const Component = z.enum(COMPONENTS);
export type Component = z.infer<typeof Component>;

/** The terms of each component (numbers only; `render/explain.ts` writes their sentences). */
export const ComponentTerms = z.object({
  weights: z.array(Term),
  gradients: z.array(Term),
  optimizer: z.array(Term),
  activations: z.array(Term),
  kvCache: z.array(Term),
  overhead: z.array(Term),
});
export type ComponentTerms = z.infer<typeof ComponentTerms>;

/** Settings as this method ran them, where the method's own default applied (for the answer's assumptions). */
export const ScenarioSetup = z.object({
  /** LoRA targets and rank (adapter methods only). */
  targets: Targets.optional(),
  rank: z.int().positive().optional(),
  /** Bytes per adapter element: 4 (PEFT's fp32) or 2 (pure bf16). */
  adapterBytes: z.number().positive().optional(),
  /** Element type of the frozen base (nf4, int4, bf16, …) for adapter methods and inference. */
  baseDtype: z.string().optional(),
  /** Size of torch's foreach AdamW step temporary on this GPU (0 where the regime or optimizer has none). */
  stepTemporaryBytes: z.number().nonnegative(),
  /** KV-cache element type (inference). */
  kvDtype: z.string().optional(),
  /** engine=vllm: what the card-side arithmetic needs (src/advisor/serving.ts resolves it on each card). */
  vllm: VllmInputs.optional(),
});
export type ScenarioSetup = z.infer<typeof ScenarioSetup>;

/** The peak while the model loads (quantizing at load), kept only where it is above the training step's. */
export const AtLoad = z.object({
  bytes: z.int().nonnegative(),
  weights: z.int().nonnegative(),
  transient: z.int().nonnegative(),
  overhead: z.int().nonnegative(),
  terms: z.array(Term),
});
export type AtLoad = z.infer<typeof AtLoad>;

/** One method on one GPU count: what each GPU holds, and the inputs of every term. */
export const Scenario = z.object({
  method: Method,
  trainableParams: z.int().nonnegative(),
  /** GPUs the job is spread over, and the ZeRO stage used (0 = replicated). */
  gpuCount: z.int().positive(),
  zero: z.int().min(0).max(3),
  /** Gradient checkpointing as this method ran (the request's, or the method's default). */
  gradientCheckpointing: z.boolean(),
  bytes: ComponentBytes,
  /** Host (CPU) memory for offloaded states, per GPU process. */
  hostBytes: z.int().nonnegative(),
  terms: ComponentTerms,
  /** Present only when loading peaks above the step: then it is the scenario's peak (see peakBytes). */
  atLoad: AtLoad.optional(),
  setup: ScenarioSetup,
});
export type Scenario = z.infer<typeof Scenario>;

/** The most a scenario needs on one GPU at any moment: the step's total, or the load peak where that is higher. */
export function peakBytes(s: { bytes: { total: number }; atLoad?: { bytes: number } | undefined }): number {
  return Math.max(s.bytes.total, s.atLoad?.bytes ?? 0);
}
