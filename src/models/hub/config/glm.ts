/**
 * GLM: `glm4` (GLM-4-0414 in transformers: Llama-like with q/k/v biases and four norms a layer) and
 * `chatglm` (THUDM's remote code for ChatGLM2/3 and GLM-4-9B: Megatron-style field names).
 */
import { HEAD_DIM, HEADS, WIDTH } from "./fields.js";
import { checkKvHeads, decoder, type Mapper, readCore } from "./shape.js";

/** Glm4Config: 2 KV heads, head_dim 128, max_position_embeddings 131072, untied, attention_bias true (q, k, v). */
export const glm4: Mapper = (f) => {
  const core = readCore(f, { kvHeads: 2, headDim: 128, maxContext: 131072, tied: false });
  return decoder(core, { ffn: "gated", norm: "rmsnorm", bias: f.bool("attention_bias", true) ? "qkv" : "none" });
};

/**
 * ChatGLMConfig (remote code): num_layers, padded_vocab_size, ffn_hidden_size (each half of the SwiGLU
 * dense_h_to_4h), kv_channels (head width, 128), seq_length (2048); KV heads are multi_query_group_num (1)
 * with multi_query_attention, else all heads; add_qkv_bias / add_bias_linear for biases; RMSNorm unless
 * rmsnorm is false. The output layer is a weight of its own (untied) unless the config says otherwise.
 */
export const chatglm: Mapper = (f) => {
  const core = readCore(
    f,
    { maxContext: 2048, tied: false },
    {
      layers: ["num_layers", "num_hidden_layers"],
      vocab: ["padded_vocab_size", "vocab_size"],
      kvHeads: null,
      headDim: null,
      intermediate: null,
      maxContext: ["seq_length", "max_position_embeddings"],
    },
  );
  let kvHeads = core.heads;
  if (f.bool("multi_query_attention", false)) {
    kvHeads = f.int("multi_query_group_num", HEADS, 1);
    checkKvHeads(f, "multi_query_group_num", kvHeads, core.heads);
  }
  const bias = f.bool("add_bias_linear", false) ? "all" : f.bool("add_qkv_bias", false) ? "qkv" : "none";
  return decoder(
    {
      ...core,
      kvHeads,
      headDim: f.int("kv_channels", HEAD_DIM, 128),
      intermediate: f.int("ffn_hidden_size", WIDTH, 13696),
    },
    { ffn: "gated", norm: f.bool("rmsnorm", true) ? "rmsnorm" : "layernorm", bias },
  );
};
