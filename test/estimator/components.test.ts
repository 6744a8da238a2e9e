import { describe, expect, it } from "vitest";
import { estimateScenario } from "../../src/estimator/estimate.js";
import { kvCacheBytes } from "../../src/estimator/kvcache.js";
import { loraParams } from "../../src/estimator/linears.js";
import { resolveModel } from "../../src/estimator/model.js";
import { COMPONENTS } from "../../src/estimator/result.js";
import type { EstimationRequestInput, Method } from "../../src/estimator/request.js";
import { named, req, size } from "../support/requests.js";

const scenario = (
  fields: Omit<EstimationRequestInput, "model"> & { model?: EstimationRequestInput["model"] },
  method: Method,
  gpus = 1,
) => {
  const r = req(fields);
  return estimateScenario(resolveModel(r.model), r, method, gpus);
};

describe("bytes per parameter of full fine-tuning by regime", () => {
  const fixedPerParam = (regime: "seed" | "mixed" | "amp" | "pure") => {
    const s = scenario({ model: size(1e9), regime }, "full");
    return (s.bytes.weights + s.bytes.gradients + s.bytes.optimizer) / 1e9;
  };
  it("is 12 for the seed, 16 for mixed (ZeRO), 18 for amp and 8 for pure bf16", () => {
    expect([fixedPerParam("seed"), fixedPerParam("mixed"), fixedPerParam("amp"), fixedPerParam("pure")]).toEqual([
      12, 16, 18, 8,
    ]);
  });
  it("trains an fp32 model at 4 + 4 + 8 bytes", () => {
    const s = scenario({ model: size(1e9), precision: "fp32" }, "full");
    expect((s.bytes.weights + s.bytes.gradients + s.bytes.optimizer) / 1e9).toBe(16);
  });
  it("keeps 2 bytes of optimizer state per parameter with 8-bit AdamW", () => {
    expect(scenario({ model: size(1e9), optimizer: "adamw8bit" }, "full").bytes.optimizer).toBe(2e9);
  });
  it("keeps no optimizer state for plain SGD and one moment for Lion", () => {
    expect(scenario({ model: size(1e9), optimizer: "sgd" }, "full").bytes.optimizer).toBe(0);
    expect(scenario({ model: size(1e9), optimizer: "lion" }, "full").bytes.optimizer).toBe(4e9);
  });
});

describe("every scenario", () => {
  it("reports a total equal to the sum of its components", () => {
    for (const method of ["full", "lora", "qlora", "freeze", "inference"] as const) {
      const s = scenario({ model: named("llama-3.1-8b"), seq: 4096, batch: 2 }, method);
      const sum = COMPONENTS.reduce((acc, k) => acc + s.bytes[k], 0);
      expect(s.bytes.total).toBe(sum);
      expect(Number.isInteger(s.bytes.total)).toBe(true);
    }
  });
});

describe("LoRA and QLoRA", () => {
  it("trains r·(d_in + d_out) per adapted matrix: 6,815,744 params for Llama-3.1-8B r=16 on q,v", () => {
    expect(loraParams(resolveModel(named("llama-3.1-8b")), "qv", 16)).toBe(6_815_744);
  });
  it("adapts q and v by default for LoRA and every linear layer for QLoRA", () => {
    const lora = scenario({ model: named("llama-3.1-8b") }, "lora");
    const qlora = scenario({ model: named("llama-3.1-8b") }, "qlora");
    expect(lora.trainableParams).toBe(6_815_744);
    expect(qlora.trainableParams).toBeGreaterThan(40e6);
  });
  it("keeps the embeddings and LM head in 16-bit under QLoRA", () => {
    const m = resolveModel(named("llama-3.1-8b"));
    const s = scenario({ model: named("llama-3.1-8b"), targets: "qv", rank: 1 }, "qlora");
    const sixteenBit = (m.parts.embedding + m.parts.lmHead) * 2;
    expect(s.bytes.weights).toBeGreaterThan(sixteenBit + (m.parts.attention + m.parts.mlp) * 0.5);
    expect(s.bytes.weights).toBeLessThan(
      sixteenBit + (m.parts.attention + m.parts.mlp) * 0.52 + m.parts.other * 2 + 1e6,
    );
  });
  it("saves memory with double quantization (0.127 vs 0.5 bit per weight)", () => {
    const dq = scenario({ model: named("llama-2-70b") }, "qlora").bytes.weights;
    const nodq = scenario({ model: named("llama-2-70b"), doubleQuant: false }, "qlora").bytes.weights;
    expect((nodq - dq) / 1e9).toBeGreaterThan(2.5);
  });
  it("fits 7B QLoRA on a 24 GB card", () => {
    expect(scenario({ model: size(7e9), seq: 2048 }, "qlora").bytes.total).toBeLessThan(24e9 * 0.9);
  });
});

describe("the KV cache", () => {
  it("is 2·L·b·s·kv_heads·head_dim·bytes with GQA: 1 GiB for Llama-3.1-8B at 8k tokens in bf16", () => {
    expect(kvCacheBytes(resolveModel(named("llama-3.1-8b")), 1, 8192, 2)).toBe(2 * 32 * 8192 * 8 * 128 * 2);
  });
  it("stops growing at the window on sliding-window layers", () => {
    const m = resolveModel(named("gemma-2-9b"));
    const at = (s: number) => kvCacheBytes(m, 1, s, 2);
    const globalLayers = m.layers - m.slidingWindow!.layers;
    expect(at(16384) - at(8192)).toBe(2 * globalLayers * 8192 * m.kvHeads * m.headDim * 2);
  });
  it("stores one latent per token and layer with multi-head latent attention", () => {
    const m = resolveModel(named("deepseek-v3"));
    expect(kvCacheBytes(m, 1, 1000, 2)).toBe(m.layers * 1000 * m.kvLatentDim! * 2);
  });
  it("is not counted when training", () => {
    expect(scenario({ model: named("llama-3.1-8b") }, "full").bytes.kvCache).toBe(0);
  });
});

describe("activations", () => {
  it("shrink with gradient checkpointing", () => {
    const off = scenario({ model: named("llama-3.1-8b"), seq: 4096, gradientCheckpointing: false }, "full").bytes
      .activations;
    const on = scenario({ model: named("llama-3.1-8b"), seq: 4096, gradientCheckpointing: true }, "full").bytes
      .activations;
    expect(on).toBeLessThan(off / 2);
  });
  it("count the fp32 logits: a chunked loss saves gigabytes at a 128k vocabulary and 8k context", () => {
    const std = scenario({ model: named("llama-3.1-8b"), seq: 8192, loss: "standard" }, "full").bytes.activations;
    const chunked = scenario({ model: named("llama-3.1-8b"), seq: 8192, loss: "chunked" }, "full").bytes.activations;
    // Standard: the fp32 log-softmax kept (4 B) + its two fp32 gradients (8 B) per logit; chunked: the 16-bit logits
    // (2 B) + one chunk's fp32 work (12/8 B), or a block's working set where that is larger: up to 8.5 B × 8192 × 128256
    // logits = 8.9 GB.
    const saved = (std - chunked) / 1e9;
    expect(saved).toBeGreaterThan(8.5);
    expect(saved).toBeLessThanOrEqual((8.5 * 8192 * 128256) / 1e9);
  });
  it("grow linearly with the micro-batch", () => {
    const a1 = scenario({ model: named("qwen2.5-7b"), batch: 1 }, "lora").bytes.activations;
    const a4 = scenario({ model: named("qwen2.5-7b"), batch: 4 }, "lora").bytes.activations;
    expect(a4 / a1).toBeGreaterThan(3.5);
    expect(a4 / a1).toBeLessThan(4.5);
  });
});

describe("many GPUs", () => {
  it("shards optimizer, gradients and weights with ZeRO-3 but never the activations", () => {
    const one = scenario({ model: named("llama-3.1-70b") }, "full", 1);
    const eight = scenario({ model: named("llama-3.1-70b") }, "full", 8);
    expect(eight.zero).toBe(3);
    expect(eight.bytes.optimizer).toBe(Math.round(one.bytes.optimizer / 8));
    expect(eight.bytes.gradients).toBe(Math.round(one.bytes.gradients / 8));
    expect(eight.bytes.weights).toBeLessThan(one.bytes.weights / 4);
    expect(eight.bytes.activations).toBe(one.bytes.activations);
  });
  it("shards only the optimizer at ZeRO-1 and also gradients at ZeRO-2", () => {
    const z1 = scenario({ model: named("llama-3.1-8b"), zero: 1 }, "full", 4);
    const z2 = scenario({ model: named("llama-3.1-8b"), zero: 2 }, "full", 4);
    expect(z1.bytes.gradients).toBe(z2.bytes.gradients * 4);
    expect(z1.bytes.optimizer).toBe(z2.bytes.optimizer);
  });
  it("moves optimizer states to host memory with CPU offload", () => {
    const s = scenario({ model: named("llama-3.1-8b"), zero: 2, offload: "cpu" }, "full", 2);
    expect(s.bytes.optimizer).toBe(0);
    expect(s.hostBytes).toBeGreaterThan(0);
  });
  it("splits an inference model's weights and KV cache across GPUs", () => {
    const one = scenario({ model: named("llama-3.1-70b"), seq: 32768 }, "inference", 1);
    const two = scenario({ model: named("llama-3.1-70b"), seq: 32768 }, "inference", 2);
    expect(two.bytes.weights).toBe(Math.round(one.bytes.weights / 2));
    expect(two.bytes.kvCache).toBe(Math.round(one.bytes.kvCache / 2));
  });
});

describe("the optimizer step's temporary", () => {
  it("adds one state-sized temporary for torch's foreach AdamW when it outgrows the activations", () => {
    const foreach = scenario({ model: named("llama-3.1-8b"), regime: "pure", gradientCheckpointing: true }, "full");
    const fused = scenario(
      { model: named("llama-3.1-8b"), regime: "pure", gradientCheckpointing: true, optimStep: "fused" },
      "full",
    );
    const states = fused.bytes.optimizer;
    expect(foreach.bytes.optimizer - states).toBe(states / 2 - fused.bytes.activations);
    expect(foreach.terms.optimizer.map((t) => t.kind)).toContain("step-temporary");
    expect(fused.terms.optimizer.map((t) => t.kind)).not.toContain("step-temporary");
  });
  it("keeps the seed's 12 B/param accounting free of it", () => {
    const s = scenario({ model: size(7e9), gradientCheckpointing: true }, "full");
    expect(s.bytes.optimizer).toBe(56e9);
  });
});
