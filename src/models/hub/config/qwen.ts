/**
 * Qwen2 / Qwen2.5, Qwen2-MoE (Qwen1.5-MoE), Qwen3, Qwen3-MoE and the text stack of Qwen2.5-VL.
 * Qwen2 biases q, k and v (not o); Qwen3 drops the biases and states head_dim. Sliding windows only apply
 * with `use_sliding_window` (no released checkpoint sets it). Defaults per transformers' configuration classes.
 */
import { CONTEXT, EXPERTS, type Fields, LAYERS, STEP, WIDTH } from "./fields.js";
import {
  activeExperts,
  type Core,
  countLayerTypes,
  decoder,
  layerSet,
  type Mapper,
  type MoeShape,
  moeLayout,
  readCore,
  slidingWindow,
  type TextShape,
  type WindowShape,
} from "./shape.js";
import { qwen25Vision } from "./vision.js";

/**
 * Qwen2/Qwen3 and Qwen2.5-VL: with use_sliding_window, layers from max_window_layers on use the window
 * (an explicit layer_types list wins).
 */
function laterLayersWindow(f: Fields, core: Core, maxWindowLayers: number): WindowShape | undefined {
  if (!f.bool("use_sliding_window", false)) return undefined;
  const window = f.int("sliding_window", CONTEXT, 4096);
  const fromLayer = f.int("max_window_layers", { min: 0, max: LAYERS.max }, maxWindowLayers);
  const count = countLayerTypes(f, core.layers, ["sliding_attention"]) ?? Math.max(0, core.layers - fromLayer);
  return slidingWindow(window, count, core);
}

/**
 * Qwen-MoE layer selection: layer i is sparse when (i + 1) % decoder_sparse_step == 0 and i is not in
 * mlp_only_layers; the others keep a dense MLP of intermediate_size.
 */
function qwenMoe(
  f: Fields,
  core: Core,
  d: { experts: number; active: number; expertWidth: number; sharedWidth?: number },
): MoeShape | undefined {
  const experts = f.int("num_experts", { min: 0, max: EXPERTS.max }, d.experts);
  if (experts === 0) return undefined;
  const active = activeExperts(f, experts, d.active);
  const step = f.int("decoder_sparse_step", STEP, 1);
  const denseOnly = layerSet(f, "mlp_only_layers", core.layers) ?? new Set<number>();
  let sparseDenseOnly = 0;
  for (const i of denseOnly) if ((i + 1) % step === 0) sparseDenseOnly++;
  const moeCount = Math.floor(core.layers / step) - sparseDenseOnly;
  if (moeCount <= 0) return undefined;
  const sharedWidth =
    d.sharedWidth === undefined
      ? 0
      : f.int("shared_expert_intermediate_size", { min: 0, max: WIDTH.max }, d.sharedWidth);
  return {
    experts,
    activeExperts: active,
    expertIntermediate: f.int("moe_intermediate_size", WIDTH, d.expertWidth),
    ...(sharedWidth > 0 ? { sharedExperts: 1, sharedIntermediate: sharedWidth } : {}),
    ...moeLayout(core.layers, moeCount, step),
  };
}

/** Qwen2Config: 32 KV heads, max_position_embeddings 32768, untied, q/k/v biases. */
export const qwen2: Mapper = (f) => {
  const core = readCore(f, { kvHeads: 32, maxContext: 32768, tied: false });
  return decoder(core, { ffn: "gated", norm: "rmsnorm", bias: "qkv", slidingWindow: laterLayersWindow(f, core, 28) });
};

/**
 * Qwen2MoeConfig: 60 experts of 1408, 4 per token, one shared expert of shared_expert_intermediate_size
 * (5632, plus its one-unit gate, not counted); 16 KV heads, max_position_embeddings 32768, q/k/v biases
 * unless qkv_bias is false. With use_sliding_window, the even layers below max_window_layers (28) use it.
 */
export const qwen2Moe: Mapper = (f) => {
  const core = readCore(f, { kvHeads: 16, maxContext: 32768, tied: false });
  const moe = qwenMoe(f, core, { experts: 60, active: 4, expertWidth: 1408, sharedWidth: 5632 });
  let window: WindowShape | undefined;
  if (f.bool("use_sliding_window", false)) {
    const below = Math.min(core.layers, f.int("max_window_layers", { min: 0, max: LAYERS.max }, 28));
    const count = countLayerTypes(f, core.layers, ["sliding_attention"]) ?? Math.ceil(below / 2);
    window = slidingWindow(f.int("sliding_window", CONTEXT, 4096), count, core);
  }
  const bias = f.bool("qkv_bias", true) ? "qkv" : "none";
  return decoder(core, { ffn: "gated", norm: "rmsnorm", bias, moe, slidingWindow: window });
};

/** Qwen3Config: head_dim 128, 32 KV heads, max_position_embeddings 32768, untied, no biases (attention_bias). */
export const qwen3: Mapper = (f) => {
  const core = readCore(f, { kvHeads: 32, headDim: 128, maxContext: 32768, tied: false });
  const bias = f.bool("attention_bias", false) ? "qkv" : "none";
  return decoder(core, { ffn: "gated", norm: "rmsnorm", bias, slidingWindow: laterLayersWindow(f, core, 28) });
};

/**
 * Qwen3MoeConfig: 128 experts of 768, 8 per token, no shared expert; 4 KV heads, max_position_embeddings
 * 32768, untied. The class has no head_dim default (the modeling code falls back to hidden / heads).
 * With use_sliding_window every layer uses the window.
 */
export const qwen3Moe: Mapper = (f) => {
  const core = readCore(f, { kvHeads: 4, maxContext: 32768, tied: false });
  const moe = qwenMoe(f, core, { experts: 128, active: 8, expertWidth: 768 });
  const window = f.bool("use_sliding_window", false)
    ? slidingWindow(f.int("sliding_window", CONTEXT, 4096), core.layers, core)
    : undefined;
  const bias = f.bool("attention_bias", false) ? "qkv" : "none";
  return decoder(core, { ffn: "gated", norm: "rmsnorm", bias, moe, slidingWindow: window });
};

/**
 * Qwen2.5-VL: a Qwen2 text stack (q/k/v biases), written at the top level of config.json by the released
 * checkpoints, or under `text_config` (Qwen2_5_VLTextConfig defaults: 80 layers of 8192, 64 heads, 8 KV
 * heads, intermediate 29568, vocab 152064, max_position_embeddings 32768, untied) by newer transformers.
 * The vision tower and its merger are frozen extras.
 */
export const qwen25Vl: Mapper = (f) => {
  const nested = f.sub("text_config");
  const text = nested ?? f;
  const defaults = nested ? { layers: 80, hidden: 8192, heads: 64, vocab: 152064, intermediate: 29568 } : {};
  const core = readCore(text, { ...defaults, kvHeads: 8, maxContext: 32768, tied: false });
  const shape: TextShape = decoder(core, {
    ffn: "gated",
    norm: "rmsnorm",
    bias: "qkv",
    slidingWindow: laterLayersWindow(text, core, 80),
  });
  return { ...shape, extraFrozenParams: qwen25Vision(f.sub("vision_config"), core.hidden) };
};
