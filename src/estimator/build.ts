/**
 * How the framework's own model code builds what the request asks for, where that changes what autograd saves. The
 * traits and the file that does each are data (src/catalog/frameworks.data.ts, `builds`); no framework, or one with
 * none, builds the models transformers and PEFT do.
 */
import { type BuildTrait, presetOf } from "../catalog/frameworks.js";
import type { Framework } from "./request.js";

export interface Build {
  /** LoRA on q, k and v is one module over the fused qkv linear (LitGPT's LoRAQKVLinear), not one per linear (PEFT). */
  fusedQkvLora: boolean;
  /** K and V are repeated to every query head before attention in training, so attention saves them at full width. */
  repeatedKv: boolean;
  /** The chunked loss keeps every chunk's 16-bit log-softmax for the backward (cross_entropy on 16-bit logits). */
  chunkLogSoftmax: boolean;
}

export const TRANSFORMERS_BUILD: Build = { fusedQkvLora: false, repeatedKv: false, chunkLogSoftmax: false };

/** Read once per framework: every estimate of an answer (the planner's too) asks again. */
const builds = new Map<Framework, Build>();

export function buildOf(framework: Framework | undefined): Build {
  if (framework === undefined) return TRANSFORMERS_BUILD;
  const known = builds.get(framework);
  if (known) return known;
  const traits = new Set<BuildTrait>(presetOf(framework).builds.map((b) => b.trait));
  const build: Build = {
    fusedQkvLora: traits.has("fused-qkv-lora"),
    repeatedKv: traits.has("repeated-kv"),
    chunkLogSoftmax: traits.has("chunk-log-softmax"),
  };
  builds.set(framework, build);
  return build;
}
