/**
 * Microsoft Phi: Phi-1/1.5/2 (`phi`: parallel attention and a plain GELU MLP, LayerNorm, biases everywhere),
 * Phi-3/3.5/4 (`phi3`: Llama-like with fused qkv and gate_up) and Phi-3.5-MoE (`phimoe`: Mixtral-like with
 * LayerNorm). Defaults per transformers' configuration classes.
 */
import { CONTEXT, EXPERTS } from "./fields.js";
import { activeExperts, decoder, type Mapper, readCore, slidingWindow } from "./shape.js";

/**
 * PhiConfig: KV heads = heads, max_position_embeddings 2048, untied (the LM head has its own bias); one
 * input_layernorm feeds both the attention and the MLP (PhiDecoderLayer).
 */
export const phi: Mapper = (f) => {
  const core = readCore(f, { maxContext: 2048, tied: false });
  return decoder(core, { ffn: "plain", norm: "layernorm", bias: "all", parallel: "shared-norm" });
};

/** Phi3Config: KV heads = heads, max_position_embeddings 4096, untied; sliding_window (if set) on every layer. */
export const phi3: Mapper = (f) => {
  const core = readCore(f, { maxContext: 4096, tied: false });
  return decoder(core, {
    ffn: "gated",
    norm: "rmsnorm",
    bias: "none",
    slidingWindow: slidingWindow(f.optInt("sliding_window", CONTEXT), core.layers, core),
  });
};

/**
 * PhimoeConfig: every layer a mixture of num_local_experts (16) experts of intermediate_size, 2 per token;
 * 8 KV heads, max_position_embeddings 131072, untied, LayerNorm; attention_bias biases q, k, v and o.
 */
export const phimoe: Mapper = (f) => {
  const core = readCore(f, { kvHeads: 8, maxContext: 131072, tied: false });
  const experts = f.int("num_local_experts", EXPERTS, 16);
  return decoder(core, {
    ffn: "gated",
    norm: "layernorm",
    bias: f.bool("attention_bias", false) ? "qkv" : "none",
    moe: {
      experts,
      activeExperts: activeExperts(f, experts, 2),
      expertIntermediate: core.intermediate,
    },
    slidingWindow: slidingWindow(f.optInt("sliding_window", CONTEXT), core.layers, core),
  });
};
