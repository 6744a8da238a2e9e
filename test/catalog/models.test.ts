import { describe, it, expect } from "vitest";
import { findModel, lookupKey } from "../../src/catalog/index.js";
import { MODELS } from "../../src/catalog/models.data.js";
import { ModelSpec } from "../../src/catalog/schema.js";
import { paramBreakdown } from "../../src/estimator/architecture.js";

const parsed: ModelSpec[] = MODELS.map((m) => ModelSpec.parse(m));

/** The ids the accuracy benchmark and the docs refer to. */
const REQUIRED_IDS = [
  "llama-3.2-1b",
  "llama-3.2-3b",
  "llama-3-8b",
  "llama-3.1-8b",
  "llama-3.1-70b",
  "llama-3.3-70b",
  "llama-3.1-405b",
  "llama-2-7b",
  "llama-2-13b",
  "llama-2-70b",
  "llama-65b",
  "codellama-34b",
  "mistral-7b",
  "phi-1.5",
  "phi-2",
  "stablelm-base-alpha-3b",
  "tinyllama-1.1b",
  "falcon-40b",
  "qwen-1.8b",
  "qwen-7b",
  "qwen-14b",
  "qwen-72b",
  "qwen2.5-0.5b",
  "qwen2.5-1.5b",
  "qwen2.5-3b",
  "qwen2.5-7b",
  "qwen2.5-14b",
  "qwen2.5-32b",
  "qwen2.5-72b",
  "qwen3-0.6b",
  "qwen3-8b",
  "qwen3-32b",
  "qwen3-30b-a3b",
  "bert-large",
  "t0-3b",
  "mt0-xxl",
  "bloomz-7b1",
  "gpt2",
  "mixtral-8x7b",
  "gemma-2-2b",
  "gemma-2-9b",
  "gemma-2-27b",
  "deepseek-v3",
];

function byId(id: string): ModelSpec {
  const m = parsed.find((x) => x.id === id);
  if (!m) throw new Error(`no catalog entry ${id}`);
  return m;
}

/** Decoders whose parameter count the shape formula must reproduce (MLA attention is not in it). */
const formulaCovered = parsed.filter((m) => m.arch === "decoder" && m.kvLatentDim === undefined);

describe("model catalog", () => {
  it("every entry is a valid ModelSpec", () => {
    for (const m of MODELS) {
      const result = ModelSpec.safeParse(m);
      expect(result.success, `${m.id}: ${result.success ? "" : result.error.message}`).toBe(true);
    }
  });

  it("holds at least 45 architectures", () => {
    expect(parsed.length).toBeGreaterThanOrEqual(45);
  });

  it("contains every id the benchmark refers to", () => {
    const ids = new Set(parsed.map((m) => m.id));
    const missing = REQUIRED_IDS.filter((id) => !ids.has(id));
    expect(missing).toEqual([]);
  });

  it("has unique ids", () => {
    const ids = parsed.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("resolves every id and alias to exactly one model", () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const m of parsed) {
      for (const name of [m.id, ...m.aliases]) {
        const key = lookupKey(name);
        const prev = owner.get(key);
        if (prev !== undefined && prev !== m.id) clashes.push(`${name} (${m.id}) vs ${prev}`);
        owner.set(key, prev ?? m.id);
      }
    }
    expect(clashes).toEqual([]);
  });

  it("writes aliases in lower case, without repeats", () => {
    for (const m of parsed) {
      for (const a of m.aliases) expect(a, `${m.id} alias ${a}`).toBe(a.toLowerCase());
      expect(new Set(m.aliases).size, `${m.id} repeats an alias`).toBe(m.aliases.length);
      expect(m.aliases, `${m.id} lists its own id as an alias`).not.toContain(m.id);
    }
  });

  it("cites a Hugging Face page for every entry", () => {
    for (const m of parsed) expect(m.source, m.id).toMatch(/^https:\/\/huggingface\.co\//);
  });

  it("reproduces each decoder's published parameter count from its shape within 2%", () => {
    const off: string[] = [];
    for (const m of formulaCovered) {
      const total = paramBreakdown(m).total;
      const err = Math.abs(total - m.params) / m.params;
      if (err > 0.02) off.push(`${m.id}: shape gives ${total}, catalog says ${m.params} (${(err * 100).toFixed(2)}%)`);
    }
    expect(off).toEqual([]);
    expect(formulaCovered.length).toBeGreaterThan(40);
  });

  it("keeps encoder, encoder-decoder and MLA models close to their counts too", () => {
    for (const m of parsed.filter((x) => !formulaCovered.includes(x))) {
      const total = paramBreakdown(m).total;
      expect(Math.abs(total - m.params) / m.params, m.id).toBeLessThan(0.1);
    }
  });

  it("has sane attention shapes", () => {
    for (const m of parsed) {
      expect(m.heads % m.kvHeads, `${m.id}: kvHeads must divide heads`).toBe(0);
      expect(m.kvHeads, m.id).toBeLessThanOrEqual(m.heads);
      expect(m.headDim % 16, `${m.id}: headDim ${m.headDim}`).toBe(0);
      if (m.kvLatentDim !== undefined) continue; // MLA projects q and kv through low-rank latents
      // q width equals the residual width unless the config states head_dim explicitly;
      // either way it stays within a factor of two of it.
      const qWidth = m.heads * m.headDim;
      expect(qWidth / m.hidden, m.id).toBeGreaterThanOrEqual(0.5);
      expect(qWidth / m.hidden, m.id).toBeLessThanOrEqual(2);
    }
  });

  it("derives headDim from hidden / heads for the classic shapes", () => {
    for (const id of ["llama-2-7b", "llama-3.1-70b", "mistral-7b", "qwen2.5-7b", "gpt2", "phi-2", "falcon-40b"]) {
      const m = byId(id);
      expect(m.headDim * m.heads, id).toBe(m.hidden);
    }
    // configs with an explicit head_dim that differs from hidden / heads
    expect(byId("qwen3-32b").headDim).toBe(128);
    expect(byId("qwen3-32b").heads * byId("qwen3-32b").headDim).toBeGreaterThan(byId("qwen3-32b").hidden);
    expect(byId("gemma-7b").headDim).toBe(256);
    expect(byId("gemma-2-9b").headDim).toBe(256);
  });

  it("spans from under 0.2B to over 400B parameters", () => {
    const sizes = parsed.map((m) => m.params);
    expect(Math.min(...sizes)).toBeLessThan(0.2e9);
    expect(Math.max(...sizes)).toBeGreaterThan(400e9);
  });

  it("gives every MoE a consistent expert layout", () => {
    const moe = parsed.filter((m) => m.moe);
    expect(moe.map((m) => m.id)).toEqual(
      expect.arrayContaining(["mixtral-8x7b", "qwen3-30b-a3b", "deepseek-v3", "gpt-oss-20b", "llama-4-scout"]),
    );
    for (const m of moe) {
      const e = m.moe!;
      expect(e.activeExperts, m.id).toBeLessThanOrEqual(e.experts);
      expect(e.denseLayers, m.id).toBeLessThan(m.layers);
      if (e.sharedExperts > 0) expect(e.sharedIntermediate, m.id).toBeGreaterThan(0);
      const b = paramBreakdown(m);
      expect(b.active, m.id).toBeLessThan(b.total);
    }
    expect(byId("qwen3-30b-a3b").moe).toMatchObject({ experts: 128, activeExperts: 8, expertIntermediate: 768 });
    expect(byId("deepseek-v3").moe).toMatchObject({
      experts: 256,
      activeExperts: 8,
      expertIntermediate: 2048,
      sharedExperts: 1,
      denseLayers: 3,
    });
    expect(byId("deepseek-v3").kvLatentDim).toBe(512 + 64);
    expect(byId("mixtral-8x7b").moe).toMatchObject({ experts: 8, activeExperts: 2, expertIntermediate: 14336 });
  });

  it("puts the active parameters of the MoEs where their names say", () => {
    const active = (id: string) => paramBreakdown(byId(id)).active / 1e9;
    expect(active("qwen3-30b-a3b")).toBeCloseTo(3.3, 0);
    expect(active("qwen3-235b-a22b")).toBeCloseTo(22, 0);
    expect(active("mixtral-8x7b")).toBeCloseTo(12.9, 0);
    // OpenAI's 3.6B leaves out the input embedding (a table lookup, not a matmul)
    expect(active("gpt-oss-20b") - paramBreakdown(byId("gpt-oss-20b")).embedding / 1e9).toBeCloseTo(3.6, 1);
    expect(active("llama-4-scout")).toBeCloseTo(17, 0);
  });

  it("keeps sliding windows within the model's layers and context", () => {
    for (const m of parsed.filter((x) => x.slidingWindow)) {
      const w = m.slidingWindow!;
      expect(w.layers, m.id).toBeLessThanOrEqual(m.layers);
      expect(w.window, m.id).toBeLessThan(m.maxContext);
    }
    expect(byId("mistral-7b").slidingWindow).toEqual({ window: 4096, layers: 32 });
    for (const id of ["gemma-2-2b", "gemma-2-9b", "gemma-2-27b"]) {
      const m = byId(id);
      expect(m.slidingWindow, id).toEqual({ window: 4096, layers: m.layers / 2 });
    }
  });

  it("describes Qwen v1 with half of its config intermediate_size and a qkv bias", () => {
    expect(byId("qwen-7b")).toMatchObject({ intermediate: 22016 / 2, ffn: "gated", bias: "qkv" });
    expect(byId("qwen-72b")).toMatchObject({ intermediate: 49152 / 2, ffn: "gated", bias: "qkv" });
    for (const id of ["qwen2.5-0.5b", "qwen2.5-72b"]) expect(byId(id).bias, id).toBe("qkv");
  });

  it("marks the non-decoders", () => {
    expect(byId("bert-large")).toMatchObject({ arch: "encoder", maxContext: 512 });
    expect(byId("t0-3b").arch).toBe("encoder-decoder");
    expect(byId("mt0-xxl").arch).toBe("encoder-decoder");
    expect(parsed.filter((m) => m.id !== "bert-large" && m.arch === "encoder")).toEqual([]);
  });
});

describe("the lookup key people's spellings fold to", () => {
  it("drops the org, folds case and separators, and finds the model by any of them", () => {
    expect(lookupKey("  Meta-Llama/Llama_3.1 8B ")).toBe("llama-3.1-8b");
    expect(lookupKey("qwen2.5--7b")).toBe("qwen2.5-7b");
    for (const name of ["meta-llama/Llama-3.1-8B", "LLAMA 3.1 8B", "llama_3.1_8b"]) {
      expect(findModel(name)?.id, name).toBe("llama-3.1-8b");
    }
  });
});
