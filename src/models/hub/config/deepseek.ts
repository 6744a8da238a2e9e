/**
 * DeepSeek-V2 and V3: multi-head latent attention (MLA) and DeepSeekMoE. The KV cache holds one latent of
 * kv_lora_rank + qk_rope_head_dim per token and layer (`kvLatentDim`); `headDim` is v_head_dim, the width
 * the catalog uses for these models (equal to qk_nope_head_dim in every release). The first
 * first_k_dense_replace layers keep a dense MLP of intermediate_size; the rest (every moe_layer_freq-th, a
 * remote-code field, 1 when absent) hold n_routed_experts experts of moe_intermediate_size, plus
 * n_shared_experts always-on experts of the same width.
 *
 * The shape formula sizes attention as heads × headDim projections of the hidden state; MLA's low-rank
 * q/kv projections differ from that (the architecture has no field for them), which moves DeepSeek-V3's
 * total by under 3 %.
 */
import { COUNT, EXPERTS, type Fields, HEAD_DIM, LAYERS, MalformedField, STEP, WIDTH } from "./fields.js";
import {
  activeExperts,
  type CoreDefaults,
  decoder,
  type MoeShape,
  moeLayout,
  readCore,
  type TextShape,
} from "./shape.js";

interface DeepseekDefaults {
  core: CoreDefaults;
  routed: number;
  shared: number;
  /** num_experts_per_tok: V2's class default is None (a dense model would need none), so required there. */
  active: number | undefined;
  expertWidth: number;
  firstDense: number;
}

/** Multiples of `step` in [from, to): how many layers of that stretch are MoE. */
function multiplesIn(from: number, to: number, step: number): number {
  return from >= to ? 0 : Math.ceil(to / step) - Math.ceil(from / step);
}

function deepseekMoe(f: Fields, layers: number, d: DeepseekDefaults): MoeShape | undefined {
  if (f.isNull("n_routed_experts")) return undefined;
  const experts = f.int("n_routed_experts", EXPERTS, d.routed);
  const firstDense = f.int("first_k_dense_replace", { min: 0, max: LAYERS.max }, d.firstDense);
  const freq = f.int("moe_layer_freq", STEP, 1);
  const moeCount = multiplesIn(Math.min(firstDense, layers), layers, freq);
  if (moeCount === 0) return undefined;
  const width = f.int("moe_intermediate_size", WIDTH, d.expertWidth);
  const shared = f.int("n_shared_experts", COUNT, d.shared);
  return {
    experts,
    activeExperts: activeExperts(f, experts, d.active),
    expertIntermediate: width,
    ...(shared > 0 ? { sharedExperts: shared, sharedIntermediate: width } : {}),
    ...moeLayout(layers, moeCount, 1),
  };
}

function deepseek(f: Fields, d: DeepseekDefaults): TextShape {
  const core = readCore(f, d.core);
  if (f.isNull("kv_lora_rank")) throw new MalformedField(`${f.name("kv_lora_rank")}: null (MLA needs a latent rank)`);
  const kvLoraRank = f.int("kv_lora_rank", WIDTH, 512);
  const ropeDim = f.int("qk_rope_head_dim", HEAD_DIM, 64);
  f.int("qk_nope_head_dim", HEAD_DIM, 128);
  return decoder(
    { ...core, headDim: f.int("v_head_dim", HEAD_DIM, 128) },
    {
      ffn: "gated",
      norm: "rmsnorm",
      bias: f.bool("attention_bias", false) ? "qkv" : "none",
      kvLatentDim: kvLoraRank + ropeDim,
      moe: deepseekMoe(f, core.layers, d),
    },
  );
}

/**
 * DeepseekV2Config: 64 routed experts of 1407, 2 shared, first_k_dense_replace 0, KV heads = heads,
 * max_position_embeddings 2048, untied.
 */
export const deepseekV2 = (f: Fields): TextShape =>
  deepseek(f, {
    core: { maxContext: 2048, tied: false },
    routed: 64,
    shared: 2,
    active: undefined,
    expertWidth: 1407,
    firstDense: 0,
  });

/**
 * DeepseekV3Config: 256 routed experts of 2048, 8 per token, 1 shared, first_k_dense_replace 3, 128 KV heads,
 * max_position_embeddings 4096, untied.
 */
export const deepseekV3 = (f: Fields): TextShape =>
  deepseek(f, {
    core: { kvHeads: 128, maxContext: 4096, tied: false },
    routed: 256,
    shared: 1,
    active: 8,
    expertWidth: 2048,
    firstDense: 3,
  });
