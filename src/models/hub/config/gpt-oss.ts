/**
 * OpenAI gpt-oss: every layer a mixture of num_local_experts experts (biased, gated, intermediate_size wide),
 * num_experts_per_tok per token; biased q, k, v, o; layers alternate sliding (128) and full attention.
 */
import { EXPERTS } from "./fields.js";
import { activeExperts, classWindow, countLayerTypes, decoder, type Mapper, readCore, slidingWindow } from "./shape.js";

/**
 * GptOssConfig: 36 layers, 128 experts of 2880, 4 per token, head_dim 64, 8 KV heads, sliding_window 128 on
 * the even-indexed layers (or as layer_types lists them), max_position_embeddings 131072, untied.
 */
export const gptOss: Mapper = (f) => {
  const core = readCore(f, { kvHeads: 8, headDim: 64, maxContext: 131072, tied: false });
  const experts = f.int(["num_local_experts", "num_experts"], EXPERTS, 128);
  const local = countLayerTypes(f, core.layers, ["sliding_attention"]) ?? Math.ceil(core.layers / 2);
  return decoder(core, {
    ffn: "gated",
    norm: "rmsnorm",
    bias: f.bool("attention_bias", true) ? "all" : "none",
    moe: { experts, activeExperts: activeExperts(f, experts, 4), expertIntermediate: core.intermediate },
    slidingWindow: slidingWindow(classWindow(f, "sliding_window", 128), local, core),
  });
};
