/**
 * Llama 4 (`llama4`, Llama4ForConditionalGeneration): the text stack from `text_config`, the vision tower
 * and projector as frozen extras. MoE layers hold num_local_experts routed experts of intermediate_size
 * (num_experts_per_tok per token) and one shared expert of the same width; the other layers a dense MLP of
 * intermediate_size_mlp. Chunked attention (attention_chunk_size) on the RoPE layers never looks further
 * back than one chunk, so it is modelled as a sliding window; every no_rope_layer_interval-th layer is a
 * global NoPE layer.
 */
import { CONTEXT, EXPERTS, Fields, LAYERS, STEP, WIDTH } from "./fields.js";
import {
  activeExperts,
  type Core,
  countLayerTypes,
  decoder,
  layerSet,
  type Mapper,
  moeLayout,
  readCore,
  slidingWindow,
} from "./shape.js";
import { llama4Vision } from "./vision.js";

/** Llama4TextConfig's defaults, all of them: text_config is saved as a diff against them. */
const TEXT_DEFAULTS = {
  layers: 48,
  hidden: 5120,
  heads: 40,
  vocab: 202048,
  intermediate: 8192,
  kvHeads: 8,
  headDim: 128,
  maxContext: 131072,
  tied: false,
};

/** MoE layers: the `moe_layers` list, else every interleave_moe_layer_step-th layer (step - 1, 2·step - 1, …). */
function moeCount(t: Fields, core: Core): { count: number; step: number } {
  const listed = layerSet(t, "moe_layers", core.layers);
  const step = t.int("interleave_moe_layer_step", STEP, 1);
  if (listed !== undefined) return { count: listed.size, step: 1 };
  return { count: Math.floor(core.layers / step), step };
}

/** Chunked (RoPE) layers: layer_types, else the 1s of no_rope_layers, else all but each interval-th layer. */
function chunkedLayers(t: Fields, core: Core): number {
  const typed = countLayerTypes(t, core.layers, ["chunked_attention"]);
  if (typed !== undefined) return typed;
  const flags = t.intList("no_rope_layers", { min: 0, max: 1 }, LAYERS.max);
  if (flags !== undefined && flags.length > 0) return flags.slice(0, core.layers).filter((x) => x === 1).length;
  const interval = t.int("no_rope_layer_interval", STEP, 4);
  return core.layers - Math.floor(core.layers / interval);
}

export const llama4: Mapper = (f) => {
  const t = f.sub("text_config") ?? Fields.root({});
  const core = readCore(t, TEXT_DEFAULTS);
  const experts = t.int("num_local_experts", EXPERTS, 16);
  const { count, step } = moeCount(t, core);
  const dense = t.int("intermediate_size_mlp", WIDTH, 16384);
  const chunk = t.isNull("attention_chunk_size") ? undefined : t.int("attention_chunk_size", CONTEXT, 8192);
  const shape = decoder(
    { ...core, intermediate: dense },
    {
      ffn: "gated",
      norm: "rmsnorm",
      bias: t.bool("attention_bias", false) ? "qkv" : "none",
      moe:
        count > 0
          ? {
              experts,
              activeExperts: activeExperts(t, experts, 1),
              expertIntermediate: core.intermediate,
              sharedExperts: 1,
              sharedIntermediate: core.intermediate,
              ...moeLayout(core.layers, count, step),
            }
          : undefined,
      slidingWindow: slidingWindow(chunk, chunkedLayers(t, core), core),
    },
  );
  return { ...shape, extraFrozenParams: llama4Vision(f.sub("vision_config"), core.hidden) };
};
