import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { models } from "../../src/catalog/index.js";
import type { ModelSpec } from "../../src/catalog/schema.js";
import { paramBreakdown } from "../../src/estimator/architecture.js";
import { Architecture, type MapResult } from "../../src/models/arch.js";
import { mapConfig, SUPPORTED_MODEL_TYPES } from "../../src/models/hub/config/index.js";

type Json = Record<string, unknown>;

/** A real config.json of the model type (test/fixtures/hub/README.md names each one's checkpoint). */
function fixture(modelType: string): Json {
  return JSON.parse(readFileSync(new URL(`../fixtures/hub/${modelType}.json`, import.meta.url), "utf8")) as Json;
}

function ok(result: MapResult): Architecture {
  if (result.kind !== "ok") throw new Error(`expected a mapping, got ${JSON.stringify(result)}`);
  return result.arch;
}

function problemOf(result: MapResult): string {
  if (result.kind !== "malformed") throw new Error(`expected malformed, got ${JSON.stringify(result)}`);
  return result.problem;
}

/** Everything that loads: the language model's shape plus the frozen vision tower. */
function loadedParams(a: Architecture): number {
  return paramBreakdown(a).total + a.extraFrozenParams;
}

function offBy(actual: number, published: number): number {
  return Math.abs(actual - published) / published;
}

const SHAPE_FIELDS = [
  "arch",
  "layers",
  "hidden",
  "heads",
  "kvHeads",
  "headDim",
  "intermediate",
  "ffn",
  "norm",
  "vocab",
  "tiedEmbeddings",
  "bias",
  "kvLatentDim",
  "moe",
  "slidingWindow",
  "maxContext",
] as const;

function shapeOf(x: Architecture | ModelSpec): Partial<Record<(typeof SHAPE_FIELDS)[number], unknown>> {
  return Object.fromEntries(SHAPE_FIELDS.map((k) => [k, x[k]]).filter(([, v]) => v !== undefined));
}

function catalogEntry(id: string): ModelSpec {
  const m = models.find((x) => x.id === id);
  if (!m) throw new Error(`no catalog entry ${id}`);
  return m;
}

interface Case {
  modelType: string;
  title: string;
  /** Parameters the publisher states, and where. */
  params: number;
  paramsSource: string;
  shape: Partial<Architecture>;
  /** The catalog entry of the same checkpoint, whose shape the mapping must reproduce. */
  catalog?: string;
}

const CASES: Case[] = [
  {
    modelType: "llama",
    title: "maps Llama 3.1 8B's config.json to 32 layers, GQA 8 KV heads, 128k context",
    params: 8_030_261_248,
    paramsSource: "meta-llama/Llama-3.1-8B safetensors metadata (catalog)",
    shape: { layers: 32, hidden: 4096, heads: 32, kvHeads: 8, headDim: 128, intermediate: 14336, maxContext: 131072 },
    catalog: "llama-3.1-8b",
  },
  {
    modelType: "mistral",
    title: "maps Mistral 7B v0.1's config.json to a 4096-token sliding window on all 32 layers",
    params: 7_241_732_096,
    paramsSource: "mistralai/Mistral-7B-v0.1 safetensors metadata (catalog)",
    shape: { kvHeads: 8, slidingWindow: { window: 4096, layers: 32 }, maxContext: 32768 },
    catalog: "mistral-7b",
  },
  {
    modelType: "mixtral",
    title: "maps Mixtral 8x7B's config.json to 8 experts of 14336, 2 per token, on every layer",
    params: 46_702_792_704,
    paramsSource: "mistralai/Mixtral-8x7B-v0.1 safetensors metadata (catalog)",
    shape: {
      moe: expect.objectContaining({ experts: 8, activeExperts: 2, expertIntermediate: 14336, denseLayers: 0 }),
    },
    catalog: "mixtral-8x7b",
  },
  {
    modelType: "qwen2",
    title: "maps Qwen2.5 7B's config.json to q/k/v biases, 4 KV heads and no window (use_sliding_window false)",
    params: 7_615_616_512,
    paramsSource: "Qwen/Qwen2.5-7B model card (7.61B) / safetensors metadata (catalog)",
    shape: { bias: "qkv", kvHeads: 4, slidingWindow: undefined, maxContext: 131072 },
    catalog: "qwen2.5-7b",
  },
  {
    modelType: "qwen2_moe",
    title: "maps Qwen1.5-MoE-A2.7B's config.json to 60 experts of 1408, 4 per token, and one shared expert of 5632",
    params: 14.3e9,
    paramsSource: 'Qwen/Qwen1.5-MoE-A2.7B model card: "14.3B parameters in total and 2.7B activated"',
    shape: {
      bias: "qkv",
      moe: expect.objectContaining({
        experts: 60,
        activeExperts: 4,
        expertIntermediate: 1408,
        sharedExperts: 1,
        sharedIntermediate: 5632,
      }),
    },
  },
  {
    modelType: "qwen3",
    title: "maps Qwen3 8B's config.json to explicit head_dim 128, no biases, 40960 context",
    params: 8_190_735_360,
    paramsSource: "Qwen/Qwen3-8B (8.2B on the model card; exact count in the catalog)",
    shape: { headDim: 128, bias: "none", maxContext: 40960 },
    catalog: "qwen3-8b",
  },
  {
    modelType: "qwen3_moe",
    title: "maps Qwen3 30B-A3B's config.json to 128 experts of 768, 8 per token, no shared expert",
    params: 30_532_122_624,
    paramsSource: "Qwen/Qwen3-30B-A3B (30.5B total, 3.3B active on the model card; exact count in the catalog)",
    shape: {
      moe: expect.objectContaining({ experts: 128, activeExperts: 8, expertIntermediate: 768, sharedExperts: 0 }),
    },
    catalog: "qwen3-30b-a3b",
  },
  {
    modelType: "qwen2_5_vl",
    title: "maps Qwen2.5-VL 7B's config.json to the Qwen2 text stack plus a frozen 677M vision tower",
    params: 8.29e9,
    paramsSource: "Qwen/Qwen2.5-VL-7B-Instruct on the Hub: 8.29B params (safetensors)",
    shape: { layers: 28, hidden: 3584, kvHeads: 4, bias: "qkv", maxContext: 128000 },
  },
  {
    modelType: "gemma3",
    title: "maps Gemma 3 4B's sparse text_config through Gemma3TextConfig's defaults, with the SigLIP tower frozen",
    params: 4.3e9,
    paramsSource: "google/gemma-3-4b-it on the Hub: 4.3B params (safetensors)",
    shape: {
      layers: 34,
      hidden: 2560,
      heads: 8,
      kvHeads: 4,
      headDim: 256,
      vocab: 262208,
      slidingWindow: { window: 1024, layers: 29 },
      maxContext: 131072,
      tiedEmbeddings: true,
    },
  },
  {
    modelType: "gemma",
    title: "maps Gemma 7B's config.json to 16 heads of 256 on a 3072 residual, tied embeddings",
    params: 8_537_680_896,
    paramsSource: "google/gemma-7b safetensors metadata (catalog)",
    shape: { heads: 16, headDim: 256, hidden: 3072, tiedEmbeddings: true },
    catalog: "gemma-7b",
  },
  {
    modelType: "gemma2",
    title: "maps Gemma 2 9B's config.json to 21 of 42 layers on a 4096 sliding window",
    params: 9_241_705_984,
    paramsSource: "google/gemma-2-9b safetensors metadata (catalog)",
    shape: { slidingWindow: { window: 4096, layers: 21 }, tiedEmbeddings: true },
    catalog: "gemma-2-9b",
  },
  {
    modelType: "gemma3_text",
    title: "maps Gemma 3 1B's config.json to 22 of 26 layers on a 512 window (sliding_window_pattern 6)",
    params: 999_885_952,
    paramsSource: "google/gemma-3-1b-pt safetensors metadata (catalog)",
    shape: { slidingWindow: { window: 512, layers: 22 }, kvHeads: 1, maxContext: 32768 },
    catalog: "gemma-3-1b",
  },
  {
    modelType: "phi",
    title:
      "maps Phi-2's config.json to a parallel block with one shared LayerNorm, a plain GELU MLP and biases everywhere",
    params: 2_779_683_840,
    paramsSource: "microsoft/phi-2 model card (2.7B) / safetensors metadata (catalog)",
    shape: { ffn: "plain", norm: "layernorm", bias: "all", headDim: 80, parallel: "shared-norm" },
    catalog: "phi-2",
  },
  {
    modelType: "phi3",
    title: "maps Phi-3 Mini 4K's config.json to head_dim 96 and a 2047 window on every layer",
    params: 3_821_079_552,
    paramsSource: "microsoft/Phi-3-mini-4k-instruct safetensors metadata (catalog)",
    shape: { headDim: 96, slidingWindow: { window: 2047, layers: 32 }, maxContext: 4096 },
    catalog: "phi-3-mini",
  },
  {
    modelType: "phimoe",
    title: "maps Phi-3.5-MoE's config.json to 16 experts of 6400, 2 per token, LayerNorm, biased attention",
    params: 41.9e9,
    paramsSource: "microsoft/Phi-3.5-MoE-instruct on the Hub: 41.9B params; card: 6.6B active",
    shape: {
      norm: "layernorm",
      bias: "qkv",
      // sliding_window 131072 equals the context: it never limits anything, so no window.
      slidingWindow: undefined,
      moe: expect.objectContaining({ experts: 16, activeExperts: 2, expertIntermediate: 6400 }),
    },
  },
  {
    modelType: "deepseek_v2",
    title: "maps DeepSeek-V2-Lite's config.json to a 576-wide MLA latent, 1 dense then 26 MoE layers with 2 shared",
    params: 15.7e9,
    paramsSource: "deepseek-ai/DeepSeek-V2-Lite model card: 15.7B total, 2.4B activated",
    shape: {
      kvLatentDim: 512 + 64,
      moe: expect.objectContaining({ experts: 64, activeExperts: 6, sharedExperts: 2, denseLayers: 1, every: 1 }),
    },
  },
  {
    modelType: "deepseek_v3",
    title: "maps DeepSeek-V3's config.json to MLA (512 + 64 cached), 3 dense and 58 MoE layers, fp8 weights",
    params: 671_026_434_048,
    paramsSource: "deepseek-ai/DeepSeek-V3 model card: 671B main model (exact count in the catalog)",
    shape: {
      kvLatentDim: 576,
      storedPrecision: "fp8",
      moe: expect.objectContaining({ experts: 256, activeExperts: 8, sharedExperts: 1, denseLayers: 3 }),
    },
    catalog: "deepseek-v3",
  },
  {
    modelType: "kimi_k2",
    title: "maps Kimi K2's config.json (DeepSeek-V3's architecture, 384 experts, 1 dense layer) like DeepSeek-V3's",
    params: 1_026_408_232_448,
    paramsSource: "the catalog's kimi-k2 entry (computed from moonshotai/Kimi-K2-Instruct config.json)",
    shape: {
      kvLatentDim: 576,
      moe: expect.objectContaining({ experts: 384, activeExperts: 8, sharedExperts: 1, denseLayers: 1 }),
    },
    catalog: "kimi-k2",
  },
  {
    modelType: "smollm3",
    title: "maps SmolLM3 3B's config.json with Llama's field names: 36 layers, 4 KV heads, tied, 64k context",
    params: 3_075_098_624,
    paramsSource: "the catalog's smollm3-3b entry (computed from HuggingFaceTB/SmolLM3-3B config.json)",
    shape: { layers: 36, hidden: 2048, kvHeads: 4, tiedEmbeddings: true, maxContext: 65536 },
    catalog: "smollm3-3b",
  },
  {
    modelType: "gpt2",
    title: "maps GPT-2's config.json (n_embd, n_layer, n_inner null) to 12 layers of 768 with a 3072 MLP",
    params: 124_439_808,
    paramsSource: "openai-community/gpt2 safetensors metadata (catalog)",
    shape: { layers: 12, hidden: 768, intermediate: 3072, tiedEmbeddings: true, maxContext: 1024 },
    catalog: "gpt2",
  },
  {
    modelType: "gpt_neox",
    title: "maps Pythia 1B's config.json to 8 heads of 256, untied, biases everywhere, a parallel block with two norms",
    params: 1_011_781_632,
    paramsSource: "EleutherAI/pythia-1b model card / safetensors metadata (catalog)",
    shape: { heads: 8, headDim: 256, tiedEmbeddings: false, bias: "all", parallel: "two-norms" },
    catalog: "pythia-1b",
  },
  {
    modelType: "falcon",
    title: "maps Falcon 7B's config.json to multi-query attention (1 KV head) and a 4 × hidden MLP",
    params: 6_921_720_704,
    paramsSource: "tiiuae/falcon-7b safetensors metadata (catalog)",
    shape: { kvHeads: 1, intermediate: 4 * 4544, tiedEmbeddings: true, maxContext: 2048, parallel: "shared-norm" },
    catalog: "falcon-7b",
  },
  {
    modelType: "olmo",
    title: "maps OLMo 1B's config.json to 16 layers of 2048, tied embeddings",
    params: 1.18e9,
    paramsSource: "allenai/OLMo-1B-hf on the Hub: 1.18B params (safetensors)",
    shape: { layers: 16, hidden: 2048, tiedEmbeddings: true, norm: "layernorm" },
  },
  {
    modelType: "olmo2",
    title: "maps OLMo 2 7B's config.json to 32 layers of 4096 and a 100352 vocabulary",
    params: 7.3e9,
    paramsSource: "allenai/OLMo-2-1124-7B on the Hub: 7.3B params (safetensors)",
    shape: { layers: 32, hidden: 4096, vocab: 100352, norm: "rmsnorm", maxContext: 4096 },
  },
  {
    modelType: "starcoder2",
    title: "maps StarCoder2 3B's config.json to 2 KV heads, a plain MLP with biases and a 4096 window",
    params: 3.03e9,
    paramsSource: "bigcode/starcoder2-3b on the Hub: 3.03B params (safetensors)",
    shape: { kvHeads: 2, ffn: "plain", bias: "all", slidingWindow: { window: 4096, layers: 30 }, maxContext: 16384 },
  },
  {
    modelType: "cohere",
    title: "maps Command R's config.json to 40 layers of 8192, LayerNorm, tied 256k embeddings",
    params: 35e9,
    paramsSource: 'CohereForAI/c4ai-command-r-v01 model card: "a 35 billion parameter" model',
    shape: {
      layers: 40,
      hidden: 8192,
      norm: "layernorm",
      tiedEmbeddings: true,
      vocab: 256000,
      parallel: "shared-norm",
    },
  },
  {
    modelType: "granite",
    title: "maps Granite 3.0 8B's config.json to 40 layers, 8 KV heads, tied embeddings",
    params: 8.17e9,
    paramsSource: "ibm-granite/granite-3.0-8b-base on the Hub: 8.17B params (safetensors)",
    shape: { layers: 40, kvHeads: 8, intermediate: 12800, tiedEmbeddings: true },
  },
  {
    modelType: "internlm2",
    title: "maps InternLM2 Chat 7B's config.json (remote code, bias false) to 8 KV heads and no biases",
    params: 7.74e9,
    paramsSource: "internlm/internlm2-chat-7b on the Hub: 7.74B params (safetensors)",
    shape: { kvHeads: 8, bias: "none", vocab: 92544, maxContext: 32768 },
  },
  {
    modelType: "glm4",
    title: "maps GLM-4 9B 0414's config.json to 2 KV heads of 128 with q/k/v biases",
    params: 9.4e9,
    paramsSource: "THUDM/GLM-4-9B-0414 on the Hub: 9.4B params (safetensors)",
    shape: { kvHeads: 2, headDim: 128, bias: "qkv", maxContext: 32768 },
  },
  {
    modelType: "chatglm",
    title: "maps ChatGLM3 6B's config.json (num_layers, padded_vocab_size, multi_query_group_num) to 2 KV groups",
    params: 6.24e9,
    paramsSource: "THUDM/chatglm3-6b on the Hub: 6.24B params (safetensors)",
    shape: { layers: 28, kvHeads: 2, headDim: 128, intermediate: 13696, vocab: 65024, bias: "qkv", maxContext: 8192 },
  },
  {
    modelType: "llama4",
    title: "maps Llama 4 Scout's config.json to 16 experts + 1 shared on every layer, chunked attention on 36 of 48",
    params: 109e9,
    paramsSource: "meta-llama/Llama-4-Scout-17B-16E model card: 17B active, 109B total (with the vision encoder)",
    shape: {
      moe: expect.objectContaining({ experts: 16, activeExperts: 1, sharedExperts: 1, sharedIntermediate: 8192 }),
      intermediate: 16384,
      slidingWindow: { window: 8192, layers: 36 },
    },
    catalog: "llama-4-scout",
  },
  {
    modelType: "gpt_oss",
    title: "maps gpt-oss-20b's config.json to 32 experts, alternating 128-token windows and MXFP4 weights",
    params: 20_914_757_184,
    paramsSource: "openai/gpt-oss-20b model card (21B; exact count in the catalog)",
    shape: { bias: "all", slidingWindow: { window: 128, layers: 12 }, storedPrecision: "int4" },
    catalog: "gpt-oss-20b",
  },
];

describe("mapping real config.json files", () => {
  it("has one real fixture per supported model type", () => {
    expect(CASES.map((c) => c.modelType).sort()).toEqual([...SUPPORTED_MODEL_TYPES].sort());
  });

  for (const c of CASES) {
    it(c.title, () => {
      const arch = ok(mapConfig(fixture(c.modelType)));
      expect(arch.modelType).toBe(c.modelType);
      expect(arch).toMatchObject({ arch: "decoder", ...c.shape });
      // c.params: c.paramsSource
      const off = offBy(loadedParams(arch), c.params);
      expect(off, `${loadedParams(arch)} vs ${c.params} (${c.paramsSource})`).toBeLessThan(0.03);
      if (c.catalog && c.modelType !== "llama4") expect(shapeOf(arch)).toEqual(shapeOf(catalogEntry(c.catalog)));
    });
  }

  it("reproduces the catalog's Llama 4 Scout, whose 10,485,760 context is not what the base config.json states", () => {
    const arch = ok(mapConfig(fixture("llama4")));
    const { maxContext: fromConfig, ...rest } = shapeOf(arch);
    const { maxContext: fromCatalog, ...catalogRest } = shapeOf(catalogEntry("llama-4-scout"));
    expect(rest).toEqual(catalogRest);
    expect(fromConfig).toBe(262144);
    expect(fromCatalog).toBe(10485760);
  });

  it("puts the active parameters of the MoEs where their cards say", () => {
    const active = (t: string) => paramBreakdown(ok(mapConfig(fixture(t)))).active / 1e9;
    expect(active("qwen2_moe")).toBeCloseTo(2.7, 0); // "2.7B activated"
    expect(active("phimoe")).toBeCloseTo(6.6, 0); // "6.6B active parameters"
    expect(active("llama4")).toBeCloseTo(17, 0); // "17B active"
    expect(active("qwen3_moe")).toBeCloseTo(3.3, 0); // "3.3B activated"
  });

  it("counts the vision towers the way the modeling code builds them", () => {
    // Llama 4 Scout, per module: patch 827,904 + class 1,408 + positions 812,416 + 2 LayerNorms 5,632
    // + 34 layers × 23,807,872 + adapter 23,068,672 + 16,777,216 + projector 20,971,520.
    expect(ok(mapConfig(fixture("llama4"))).extraFrozenParams).toBe(871_932_416);
    // SigLIP so400m at 896 px (no pooling head) + the 1152 → 2560 projection: the 4.30B minus the text stack.
    expect(ok(mapConfig(fixture("gemma3"))).extraFrozenParams).toBeCloseTo(0.42e9, -7);
    // Qwen2.5-VL: 32 blocks of 1280 + the 5120 → 3584 merger.
    expect(ok(mapConfig(fixture("qwen2_5_vl"))).extraFrozenParams).toBeCloseTo(0.677e9, -7);
  });

  it("has no frozen extras for text-only models", () => {
    for (const t of ["llama", "gemma3_text", "deepseek_v3"])
      expect(ok(mapConfig(fixture(t))).extraFrozenParams).toBe(0);
  });
});

describe("class defaults for fields a config leaves out", () => {
  const minimalLlama = { model_type: "llama", num_hidden_layers: 2, hidden_size: 64, num_attention_heads: 4 };

  it("gives Llama KV heads = heads, head_dim = hidden / heads, 2048 context, untied (LlamaConfig)", () => {
    const arch = ok(mapConfig({ ...minimalLlama, intermediate_size: 128, vocab_size: 100 }));
    expect(arch).toMatchObject({ kvHeads: 4, headDim: 16, maxContext: 2048, tiedEmbeddings: false, bias: "none" });
  });

  it("gives Mistral 8 KV heads and a 4096 window unless sliding_window is null (MistralConfig)", () => {
    const base = {
      ...minimalLlama,
      model_type: "mistral",
      num_attention_heads: 8,
      intermediate_size: 128,
      vocab_size: 9,
    };
    expect(ok(mapConfig(base))).toMatchObject({
      kvHeads: 8,
      maxContext: 131072,
      slidingWindow: { window: 4096, layers: 2 },
    });
    expect(ok(mapConfig({ ...base, sliding_window: null })).slidingWindow).toBeUndefined();
  });

  it("gives Gemma head_dim 256 and tied embeddings (GemmaConfig)", () => {
    const config = {
      ...minimalLlama,
      model_type: "gemma",
      num_attention_heads: 16,
      intermediate_size: 128,
      vocab_size: 10,
    };
    expect(ok(mapConfig(config))).toMatchObject({ headDim: 256, kvHeads: 16, tiedEmbeddings: true, maxContext: 8192 });
  });

  it("builds Gemma 3's whole text stack from Gemma3TextConfig when text_config is absent", () => {
    const arch = ok(mapConfig({ model_type: "gemma3" }));
    expect(arch).toMatchObject({ layers: 26, hidden: 2304, heads: 8, kvHeads: 4, vocab: 262208, maxContext: 131072 });
    expect(arch.slidingWindow).toEqual({ window: 4096, layers: 26 - 4 });
    expect(arch.extraFrozenParams).toBeGreaterThan(0);
  });

  it("counts sliding layers from layer_types when a config lists them", () => {
    const config = { ...fixture("gemma2"), num_hidden_layers: 4 };
    const types = ["sliding_attention", "sliding_attention", "full_attention", "sliding_attention"];
    expect(ok(mapConfig({ ...config, layer_types: types })).slidingWindow).toEqual({ window: 4096, layers: 3 });
  });

  it("honours Qwen's use_sliding_window and max_window_layers", () => {
    const on = { ...fixture("qwen2"), use_sliding_window: true, sliding_window: 4096, max_window_layers: 20 };
    expect(ok(mapConfig(on)).slidingWindow).toEqual({ window: 4096, layers: 8 });
  });

  it("keeps mlp_only_layers and decoder_sparse_step in the MoE layer count", () => {
    const moe = (extra: Json) => ok(mapConfig({ ...fixture("qwen3_moe"), ...extra })).moe;
    expect(moe({ mlp_only_layers: [0, 1, 47] })).toMatchObject({ denseLayers: 3, every: 1 });
    expect(moe({ decoder_sparse_step: 2 })).toMatchObject({ denseLayers: 0, every: 2 });
    expect(moe({ mlp_only_layers: [...Array(48).keys()] })).toBeUndefined();
  });

  it("reads Llama 4's interleave_moe_layer_step (Maverick: MoE every second layer)", () => {
    const scout = fixture("llama4");
    const { moe_layers: _listed, ...text } = scout.text_config as Json;
    const maverick = { ...scout, text_config: { ...text, interleave_moe_layer_step: 2, num_local_experts: 128 } };
    expect(ok(mapConfig(maverick)).moe).toMatchObject({ experts: 128, every: 2, denseLayers: 0 });
  });

  it("reads Falcon's new decoder architecture (40B: 8 KV groups)", () => {
    const config = { ...fixture("falcon"), new_decoder_architecture: true, num_kv_heads: 8, num_attention_heads: 128 };
    expect(ok(mapConfig({ ...config, hidden_size: 8192 }))).toMatchObject({ kvHeads: 8, headDim: 64 });
    // Its parallel block normalises the input twice (ln_attn, ln_mlp), or once with num_ln_in_parallel_attn = 1.
    expect(ok(mapConfig(config)).parallel).toBe("two-norms");
    expect(ok(mapConfig({ ...config, num_ln_in_parallel_attn: 1 })).parallel).toBe("shared-norm");
    expect(ok(mapConfig({ ...fixture("falcon"), parallel_attn: false })).parallel).toBeUndefined();
  });

  it("reads GPT-NeoX's use_parallel_residual (sequential when false)", () => {
    expect(ok(mapConfig({ ...fixture("gpt_neox"), use_parallel_residual: false })).parallel).toBeUndefined();
  });
});

describe("stored precision from quantization_config", () => {
  const withQuant = (q: unknown) => mapConfig({ ...fixture("llama"), quantization_config: q });
  const stored = (q: unknown) => ok(withQuant(q)).storedPrecision;

  it("reads GPTQ and AWQ bit widths", () => {
    expect(stored({ quant_method: "gptq", bits: 4, group_size: 128 })).toBe("int4");
    expect(stored({ quant_method: "gptq", bits: 8 })).toBe("int8");
    expect(stored({ quant_method: "awq", bits: 4, version: "gemm" })).toBe("int4");
  });

  it("reads bitsandbytes 4-bit as nf4 and 8-bit as int8, with or without quant_method", () => {
    expect(stored({ quant_method: "bitsandbytes", load_in_4bit: true, bnb_4bit_quant_type: "nf4" })).toBe("nf4");
    expect(stored({ quant_method: "bitsandbytes", load_in_8bit: true })).toBe("int8");
    expect(stored({ load_in_4bit: true })).toBe("nf4");
  });

  it("reads fp8, fbgemm_fp8 and compressed-tensors float8 weights as fp8", () => {
    expect(stored({ quant_method: "fp8", fmt: "e4m3", weight_block_size: [128, 128] })).toBe("fp8");
    expect(stored({ quant_method: "fbgemm_fp8", activation_scale_ub: 1200.0 })).toBe("fp8");
    const fp8 = { quant_method: "compressed-tensors", format: "float-quantized" };
    expect(stored({ ...fp8, config_groups: { group_0: { weights: { num_bits: 8, type: "float" } } } })).toBe("fp8");
    expect(stored(fp8)).toBe("fp8");
    const w4a16 = { group_0: { weights: { num_bits: 4, type: "int", strategy: "group" } } };
    expect(stored({ quant_method: "compressed-tensors", config_groups: w4a16 })).toBe("int4");
  });

  it("leaves the precision unset without a quantization_config or for a method it does not know", () => {
    expect(ok(mapConfig(fixture("llama"))).storedPrecision).toBeUndefined();
    expect(stored({ quant_method: "hqq", nbits: 4 })).toBeUndefined();
  });

  it("rejects a quantization_config that is not an object, or bits that are not numbers", () => {
    expect(problemOf(withQuant([4]))).toMatch(/^quantization_config: expected an object/);
    expect(problemOf(withQuant({ quant_method: "gptq", bits: "4" }))).toMatch(/^quantization_config\.bits:/);
  });
});

describe("state-space and unknown architectures", () => {
  it("reports Mamba as unsupported, naming the recurrent state it would need", () => {
    const result = mapConfig({ model_type: "mamba", hidden_size: 2560, num_hidden_layers: 64, state_size: 16 });
    expect(result).toEqual({ kind: "unsupported", modelType: "mamba", needs: expect.stringContaining("d_state") });
  });

  it("reports Jamba and the other hybrids as unsupported, never as a transformer estimate", () => {
    for (const t of ["jamba", "mamba2", "falcon_mamba", "zamba", "recurrent_gemma", "rwkv"]) {
      const result = mapConfig({ ...fixture("llama"), model_type: t });
      expect(result.kind, t).toBe("unsupported");
    }
  });

  it("reports any other model type as needing a mapping", () => {
    expect(mapConfig({ ...fixture("llama"), model_type: "bert" })).toEqual({
      kind: "unsupported",
      modelType: "bert",
      needs: "a mapping for this architecture",
    });
    // Object.prototype's names are not model types either.
    for (const t of ["constructor", "toString", "__proto__"])
      expect(mapConfig({ model_type: t }).kind, t).not.toBe("ok");
  });
});

describe("malformed configs", () => {
  const llama = () => fixture("llama");

  it("rejects input that is not a JSON object", () => {
    for (const input of [null, undefined, 42, "config", [], [fixture("llama")], true]) {
      expect(problemOf(mapConfig(input)), JSON.stringify(input)).toMatch(/^config: expected a JSON object/);
    }
  });

  it("rejects a missing or odd model_type", () => {
    const { model_type: _t, ...rest } = llama();
    expect(problemOf(mapConfig(rest))).toBe("model_type: missing");
    expect(problemOf(mapConfig({ ...rest, model_type: 7 }))).toMatch(/^model_type: expected a string/);
    expect(problemOf(mapConfig({ ...rest, model_type: "../../etc" }))).toBe("model_type: not a model type name");
  });

  it("names a missing required field", () => {
    const { hidden_size: _h, ...rest } = llama();
    expect(problemOf(mapConfig(rest))).toBe("hidden_size: missing");
  });

  it("rejects strings, negatives, fractions, NaN and infinities for numbers", () => {
    const bad: [unknown, RegExp][] = [
      ["32", /^num_hidden_layers: expected an integer, got the string "32"/],
      [-32, /^num_hidden_layers: -32 is out of range/],
      [0, /^num_hidden_layers: 0 is out of range/],
      [32.5, /^num_hidden_layers: expected an integer, got 32.5/],
      [Number.NaN, /^num_hidden_layers: expected an integer, got NaN/],
      [Number.POSITIVE_INFINITY, /^num_hidden_layers: expected an integer/],
      [true, /^num_hidden_layers: expected an integer, got a boolean/],
      [[32], /^num_hidden_layers: expected an integer, got an array/],
    ];
    for (const [value, problem] of bad) {
      expect(problemOf(mapConfig({ ...llama(), num_hidden_layers: value })), String(value)).toMatch(problem);
    }
  });

  it("rejects absurd sizes without computing anything from them", () => {
    expect(problemOf(mapConfig({ ...llama(), num_hidden_layers: 1e12 }))).toMatch(
      /^num_hidden_layers: 1000000000000 is out of range/,
    );
    expect(problemOf(mapConfig({ ...llama(), hidden_size: 1_000_000 }))).toMatch(/^hidden_size: .* out of range/);
    expect(problemOf(mapConfig({ ...llama(), vocab_size: 1e9 }))).toMatch(/^vocab_size: .* out of range/);
    expect(problemOf(mapConfig({ ...llama(), max_position_embeddings: 1e15 }))).toMatch(/^max_position_embeddings:/);
    expect(problemOf(mapConfig({ ...fixture("mixtral"), num_local_experts: 100_000 }))).toMatch(/^num_local_experts:/);
  });

  it("rejects shapes that are each in range but multiply out past 10 trillion parameters", () => {
    const huge = { ...llama(), num_hidden_layers: 1000, hidden_size: 100_000, num_attention_heads: 1000 };
    expect(problemOf(mapConfig({ ...huge, num_key_value_heads: 1000, intermediate_size: 1_000_000 }))).toMatch(
      /^config: the shape adds up to .* parameters/,
    );
  });

  it("rejects KV heads that do not divide the attention heads, and more routed experts than exist", () => {
    expect(problemOf(mapConfig({ ...llama(), num_key_value_heads: 64 }))).toMatch(
      /^num_key_value_heads: 64 is more than/,
    );
    expect(problemOf(mapConfig({ ...llama(), num_key_value_heads: 5 }))).toMatch(
      /^num_key_value_heads: 5 does not divide/,
    );
    expect(problemOf(mapConfig({ ...fixture("mixtral"), num_experts_per_tok: 9 }))).toMatch(
      /^num_experts_per_tok: 9 is more than the 8 experts/,
    );
  });

  it("rejects arrays or scalars where an object belongs, naming the nested field", () => {
    expect(problemOf(mapConfig({ ...fixture("gemma3"), text_config: [] }))).toMatch(
      /^text_config: expected an object, got an array/,
    );
    expect(problemOf(mapConfig({ ...fixture("gemma3"), vision_config: "siglip" }))).toMatch(
      /^vision_config: expected an object/,
    );
    const text = { ...(fixture("gemma3").text_config as Json), hidden_size: -1 };
    expect(problemOf(mapConfig({ ...fixture("gemma3"), text_config: text }))).toMatch(/^text_config\.hidden_size: -1/);
  });

  it("rejects per-layer lists that do not fit the layer count, before reading their entries", () => {
    const gpt = fixture("gpt_oss");
    expect(problemOf(mapConfig({ ...gpt, layer_types: ["full_attention"] }))).toMatch(
      /^layer_types: 1 entries for 24 layers/,
    );
    const long = new Array(1_000_000).fill("full_attention");
    expect(problemOf(mapConfig({ ...gpt, layer_types: long }))).toMatch(/^layer_types: 1000000 entries, more than 24/);
    expect(problemOf(mapConfig({ ...fixture("qwen3_moe"), mlp_only_layers: [48] }))).toMatch(
      /^mlp_only_layers\[0\]: 48 is out of range/,
    );
  });

  it("rejects booleans that are not booleans", () => {
    expect(problemOf(mapConfig({ ...llama(), tie_word_embeddings: "false" }))).toMatch(
      /^tie_word_embeddings: expected true or false/,
    );
  });

  it("answers, and never throws, for an object whose fields throw when read", () => {
    const hostile = Object.defineProperty({ ...fixture("llama") }, "hidden_size", {
      enumerable: true,
      get() {
        throw new Error("boom");
      },
    });
    expect(mapConfig(hostile)).toEqual({ kind: "malformed", problem: "config: could not be read" });
    const proxy = new Proxy(
      {},
      {
        get() {
          throw new Error("trap");
        },
      },
    );
    expect(mapConfig(proxy).kind).toBe("malformed");
  });

  it("never throws and only ever answers a valid result, whatever a field of a real config is replaced by", () => {
    const json: fc.Arbitrary<unknown> = fc.oneof(
      fc.integer({ min: -5, max: 300_000 }),
      fc.double(),
      fc.constantFrom(0, 1, 2, 3, 4, 8, 64, 1e12, -1, null, true, false, "", "4096", Number.NaN),
      fc.string({ maxLength: 8 }),
      fc.array(fc.oneof(fc.integer({ min: -2, max: 60 }), fc.string({ maxLength: 20 })), { maxLength: 60 }),
      fc.dictionary(fc.string({ maxLength: 12 }), fc.oneof(fc.integer(), fc.boolean(), fc.string({ maxLength: 8 }))),
    );
    const types = [...SUPPORTED_MODEL_TYPES];
    fc.assert(
      fc.property(
        fc.constantFrom(...types),
        fc.nat(),
        json,
        fc.constantFrom("top", "text_config", "vision_config"),
        (t, k, value, where) => {
          const config = fixture(t);
          const target = where !== "top" && typeof config[where] === "object" ? (config[where] as Json) : config;
          const keys = Object.keys(target);
          const key = keys[k % keys.length] ?? "hidden_size";
          target[key] = value;
          const result = mapConfig(config);
          expect(["ok", "unsupported", "malformed"]).toContain(result.kind);
          if (result.kind === "ok") expect(Architecture.safeParse(result.arch).success).toBe(true);
          if (result.kind === "malformed") expect(result.problem.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 400 },
    );
  });
});
