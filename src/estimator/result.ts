import { z } from "zod";
import { Method } from "./request.js";

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
export type Component = (typeof COMPONENTS)[number];

export const COMPONENT_LABELS: Record<Component, string> = {
  weights: "Weights",
  gradients: "Gradients",
  optimizer: "Optimizer states",
  activations: "Activations",
  kvCache: "KV cache",
  overhead: "Runtime overhead",
};

/** One method on one GPU count: what each GPU holds, and why. */
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
  /** One sentence per component saying how it was computed. */
  explain: z.record(z.string(), z.string()),
});
export type Scenario = z.infer<typeof Scenario>;
