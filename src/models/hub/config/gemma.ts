/**
 * Gemma, Gemma 2, Gemma 3 (text-only `gemma3_text` and the multimodal `gemma3`). GeGLU MLP, RMSNorm,
 * tied embeddings, explicit head_dim 256 by default. Gemma 2 alternates local (sliding) and global layers;
 * Gemma 3 has five local layers for every global one. Defaults per transformers' configuration classes.
 */
import { Fields, STEP } from "./fields.js";
import {
  type Core,
  type CoreDefaults,
  classWindow,
  countLayerTypes,
  decoder,
  type Mapper,
  readCore,
  llamaBias,
  slidingWindow,
  type TextShape,
} from "./shape.js";
import { gemma3Vision } from "./vision.js";

const SLIDING = ["sliding_attention"];

/** GemmaConfig: 28 layers of 3072, 16 heads and KV heads of 256, max_position_embeddings 8192, tied. */
export const gemma: Mapper = (f) => {
  const core = readCore(f, { kvHeads: 16, headDim: 256, maxContext: 8192, tied: true });
  return decoder(core, { ffn: "gated", norm: "rmsnorm", bias: llamaBias(f) });
};

/**
 * Gemma2Config: 4 KV heads, head_dim 256, max_position_embeddings 8192, tied; sliding_window 4096 on the
 * even-indexed layers (layer_types when the config lists them).
 */
export const gemma2: Mapper = (f) => {
  const core = readCore(f, { kvHeads: 4, headDim: 256, maxContext: 8192, tied: true });
  const local = countLayerTypes(f, core.layers, SLIDING) ?? Math.ceil(core.layers / 2);
  return decoder(core, {
    ffn: "gated",
    norm: "rmsnorm",
    bias: llamaBias(f),
    slidingWindow: slidingWindow(classWindow(f, "sliding_window", 4096), local, core),
  });
};

/** Gemma3TextConfig defaults, all of them: `gemma3`'s text_config is saved as a diff against them. */
const GEMMA3_TEXT: CoreDefaults = {
  layers: 26,
  hidden: 2304,
  heads: 8,
  vocab: 262208,
  intermediate: 9216,
  kvHeads: 4,
  headDim: 256,
  maxContext: 131072,
  tied: true,
};

/**
 * Gemma 3's text stack: sliding_window 4096 on every layer but each sliding_window_pattern-th (6th), or
 * as layer_types lists them.
 */
function gemma3Text(f: Fields, defaults: CoreDefaults): { core: Core; shape: TextShape } {
  const core = readCore(f, defaults);
  const pattern = f.int(["sliding_window_pattern", "_sliding_window_pattern"], STEP, 6);
  const local = countLayerTypes(f, core.layers, SLIDING) ?? core.layers - Math.floor(core.layers / pattern);
  const shape = decoder(core, {
    ffn: "gated",
    norm: "rmsnorm",
    bias: llamaBias(f),
    slidingWindow: slidingWindow(classWindow(f, "sliding_window", 4096), local, core),
  });
  return { core, shape };
}

/** gemma3_text (Gemma3ForCausalLM, the 1B): a full config; the core dimensions are required. */
export const gemma3TextOnly: Mapper = (f) =>
  gemma3Text(f, { kvHeads: GEMMA3_TEXT.kvHeads, headDim: 256, maxContext: 131072, tied: true }).shape;

/** gemma3 (Gemma3ForConditionalGeneration): text_config plus a SigLIP tower and projector, frozen extras. */
export const gemma3: Mapper = (f) => {
  // Without text_config transformers builds a default Gemma3TextConfig.
  const { core, shape } = gemma3Text(f.sub("text_config") ?? Fields.root({}), GEMMA3_TEXT);
  return { ...shape, extraFrozenParams: gemma3Vision(f.sub("vision_config"), core.hidden) };
};
