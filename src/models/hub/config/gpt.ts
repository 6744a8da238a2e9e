/**
 * GPT-style decoders with a plain two-matrix MLP and LayerNorm: GPT-2, GPT-NeoX (Pythia), Falcon and
 * StarCoder2. Defaults per transformers' configuration classes.
 */
import { CONTEXT, HEADS, WIDTH } from "./fields.js";
import { checkKvHeads, decoder, type Mapper, readCore, slidingWindow } from "./shape.js";

/**
 * GPT2Config: n_layer / n_embd / n_head / n_positions (1024), n_inner null meaning 4 × n_embd, biases on
 * every linear, tied (PretrainedConfig's default; gpt2 configs do not state it).
 */
export const gpt2: Mapper = (f) => {
  const core = readCore(
    f,
    { maxContext: 1024, tied: true },
    {
      layers: ["n_layer", "num_hidden_layers"],
      hidden: ["n_embd", "hidden_size"],
      heads: ["n_head", "num_attention_heads"],
      kvHeads: null,
      headDim: null,
      maxContext: ["n_positions", "max_position_embeddings"],
      intermediate: null,
    },
  );
  const intermediate = f.int("n_inner", WIDTH, 4 * core.hidden);
  return decoder({ ...core, intermediate }, { ffn: "plain", norm: "layernorm", bias: "all" });
};

/**
 * GPTNeoXConfig: max_position_embeddings 2048, untied; attention_bias (default true) biases the attention,
 * the MLP linears always have biases; use_parallel_residual (default true) runs attention and MLP on the same input,
 * each through its own LayerNorm.
 */
export const gptNeox: Mapper = (f) => {
  const core = readCore(f, { maxContext: 2048, tied: false });
  return decoder(core, {
    ffn: "plain",
    norm: "layernorm",
    bias: f.bool("attention_bias", true) ? "all" : "none",
    ...(f.bool("use_parallel_residual", true) ? { parallel: "two-norms" as const } : {}),
  });
};

/**
 * FalconConfig: KV heads are num_kv_heads with new_decoder_architecture, one with multi_query (the 7B's
 * default), else all heads; ffn_hidden_size null meaning 4 × hidden; max_position_embeddings 2048; tied;
 * `bias` biases every linear. Older configs spell n_layer / n_head / n_head_kv / n_embed.
 */
export const falcon: Mapper = (f) => {
  const core = readCore(
    f,
    { maxContext: 2048, tied: true },
    {
      layers: ["num_hidden_layers", "n_layer"],
      hidden: ["hidden_size", "n_embed"],
      heads: ["num_attention_heads", "n_head"],
      kvHeads: null,
      headDim: null,
      intermediate: null,
    },
  );
  let kvHeads = core.heads;
  if (f.bool("new_decoder_architecture", false)) {
    kvHeads = f.int(["num_kv_heads", "n_head_kv"], HEADS, core.heads);
    checkKvHeads(f, "num_kv_heads", kvHeads, core.heads);
  } else if (f.bool("multi_query", true)) {
    kvHeads = 1;
  }
  const intermediate = f.int("ffn_hidden_size", WIDTH, 4 * core.hidden);
  // parallel_attn (default true): attention and MLP over the same input, through ln_attn and ln_mlp with the new
  // decoder architecture (num_ln_in_parallel_attn, 2 unless it says 1), else through one input_layernorm.
  const twoNorms =
    f.bool("new_decoder_architecture", false) && f.optInt("num_ln_in_parallel_attn", { min: 1, max: 2 }) !== 1;
  const parallel = f.bool("parallel_attn", true) ? (twoNorms ? "two-norms" : "shared-norm") : undefined;
  return decoder(
    { ...core, kvHeads, intermediate },
    {
      ffn: "plain",
      norm: "layernorm",
      bias: f.bool("bias", false) ? "all" : "none",
      ...(parallel ? { parallel } : {}),
    },
  );
};

/**
 * Starcoder2Config: 2 KV heads, max_position_embeddings 4096, tied, use_bias (default true) on every linear,
 * sliding_window (if set) on every layer.
 */
export const starcoder2: Mapper = (f) => {
  const core = readCore(f, { kvHeads: 2, maxContext: 4096, tied: true });
  return decoder(core, {
    ffn: "plain",
    norm: "layernorm",
    bias: f.bool("use_bias", true) ? "all" : "none",
    slidingWindow: slidingWindow(f.optInt("sliding_window", CONTEXT), core.layers, core),
  });
};
