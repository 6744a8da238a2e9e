import { z } from "zod";
import { ModelSpec } from "../catalog/schema.js";
import { Precision } from "../estimator/request.js";

/**
 * An architecture read from somewhere other than the catalog (a Hub config.json): the shape fields of a catalog
 * entry, without its identity (id, name, aliases, source), plus what only a checkpoint says.
 */
export const Architecture = ModelSpec.pick({
  arch: true,
  layers: true,
  hidden: true,
  heads: true,
  kvHeads: true,
  headDim: true,
  intermediate: true,
  ffn: true,
  norm: true,
  parallel: true,
  vocab: true,
  tiedEmbeddings: true,
  bias: true,
  kvLatentDim: true,
  moe: true,
  slidingWindow: true,
  maxContext: true,
}).extend({
  /** The config's `model_type` (for the text stack of a multimodal model: the outer one, e.g. `qwen2_5_vl`). */
  modelType: z.string().min(1),
  /** Parameters outside the language model that load with it and stay frozen (a vision tower), from the config. */
  extraFrozenParams: z.int().nonnegative().default(0),
  /** The stored weight precision a `quantization_config` sets (GPTQ/AWQ int4, bitsandbytes nf4/int8, fp8). */
  storedPrecision: Precision.optional(),
});
export type Architecture = z.infer<typeof Architecture>;
export type ArchitectureInput = z.input<typeof Architecture>;

/** Why a config could not be mapped, for the person who asked (rendered by render/). */
export const UnsupportedArchitecture = z.object({
  kind: z.literal("unsupported"),
  modelType: z.string(),
  /** What an honest estimate would need, in a few words ("the Mamba state size per layer"). */
  needs: z.string(),
});
export type UnsupportedArchitecture = z.infer<typeof UnsupportedArchitecture>;

/** A config that is not what a config.json of that model_type must be (missing or absurd fields). */
export const MalformedConfig = z.object({
  kind: z.literal("malformed"),
  /** The field that was wrong, and how ("num_hidden_layers: 1e12 is out of range"). */
  problem: z.string(),
});
export type MalformedConfig = z.infer<typeof MalformedConfig>;

export type MapResult = { kind: "ok"; arch: Architecture } | UnsupportedArchitecture | MalformedConfig;
