/**
 * Llama-style decoders: RoPE, gated (SwiGLU) MLP, `num_key_value_heads` for GQA. Llama, Mistral, Mixtral,
 * Granite, OLMo, OLMo 2, Cohere (Command R) and InternLM2 differ only in defaults, norms and biases.
 * Defaults are those of each transformers configuration class (InternLM2: its remote-code class).
 */
import { CONTEXT, EXPERTS } from "./fields.js";
import { activeExperts, classWindow, decoder, type Mapper, readCore, llamaBias, slidingWindow } from "./shape.js";

/** LlamaConfig: max_position_embeddings 2048, untied, no biases, head_dim hidden / heads. */
export const llama: Mapper = (f) => {
  const core = readCore(f, { maxContext: 2048, tied: false });
  return decoder(core, { ffn: "gated", norm: "rmsnorm", bias: llamaBias(f) });
};

/**
 * MistralConfig: 8 KV heads, max_position_embeddings 131072, untied, and sliding_window 4096 on every layer
 * unless the config sets it to null (v0.2 and later do).
 */
export const mistral: Mapper = (f) => {
  const core = readCore(f, { kvHeads: 8, maxContext: 131072, tied: false });
  const window = classWindow(f, "sliding_window", 4096);
  return decoder(core, {
    ffn: "gated",
    norm: "rmsnorm",
    bias: "none",
    slidingWindow: slidingWindow(window, core.layers, core),
  });
};

/**
 * MixtralConfig: every layer a mixture of num_local_experts (8) experts of intermediate_size width,
 * num_experts_per_tok (2) per token; 8 KV heads, max_position_embeddings 131072, no sliding window by default.
 */
export const mixtral: Mapper = (f) => {
  const core = readCore(f, { kvHeads: 8, maxContext: 131072, tied: false });
  const experts = f.int(["num_local_experts", "num_experts"], EXPERTS, 8);
  const active = activeExperts(f, experts, 2);
  return decoder(core, {
    ffn: "gated",
    norm: "rmsnorm",
    bias: "none",
    moe: { experts, activeExperts: active, expertIntermediate: core.intermediate },
    slidingWindow: slidingWindow(f.optInt("sliding_window", CONTEXT), core.layers, core),
  });
};

/** GraniteConfig: Llama's layout and defaults (the multipliers change activations, not sizes). */
export const granite: Mapper = llama;

/** OlmoConfig: Llama's defaults; its LayerNorm has no weights at all (counted as a LayerNorm, a rounding error). */
export const olmo: Mapper = (f) => {
  const core = readCore(f, { maxContext: 2048, tied: false });
  return decoder(core, { ffn: "gated", norm: "layernorm", bias: llamaBias(f) });
};

/** Olmo2Config: Llama's defaults, RMSNorm (also on q and k). */
export const olmo2: Mapper = llama;

/** CohereConfig: tied embeddings, max_position_embeddings 8192, one LayerNorm (no bias) before parallel blocks. */
export const cohere: Mapper = (f) => {
  const core = readCore(f, { maxContext: 8192, tied: true });
  return decoder(core, { ffn: "gated", norm: "layernorm", bias: llamaBias(f), parallel: "shared-norm" });
};

/**
 * InternLM2Config (remote code): fused wqkv and wo biased when `bias` (default true), bias-free MLP;
 * max_position_embeddings 2048, untied.
 */
export const internlm2: Mapper = (f) => {
  const core = readCore(f, { maxContext: 2048, tied: false });
  return decoder(core, { ffn: "gated", norm: "rmsnorm", bias: f.bool("bias", true) ? "qkv" : "none" });
};
