import { describe, expect, it } from "vitest";
import { estimateScenario, methodsFor } from "../../src/estimator/estimate.js";
import { resolveModel } from "../../src/estimator/model.js";
import type { EstimationRequestInput, Method } from "../../src/estimator/request.js";
import { COMPONENTS, type Scenario } from "../../src/estimator/result.js";
import { termInputsBytes } from "../../src/estimator/terms.js";
import { assumptionLines } from "../../src/render/assumptions.js";
import { explainComponent, termText } from "../../src/render/explain.js";
import { formatCount } from "../../src/render/units.js";
import { advise, named, req, size } from "../support/requests.js";

type Fields = Omit<EstimationRequestInput, "model"> & { model?: EstimationRequestInput["model"] };

/** Requests that reach every term kind: methods, optimizers, regimes, sharding, offload, quantization, caches. */
const BATTERY: [string, Fields, number][] = [
  ["7B defaults", {}, 1],
  ["8B full pure bf16", { model: named("llama-3.1-8b"), regime: "pure" }, 1],
  ["8B full mixed", { model: named("llama-3.1-8b"), regime: "mixed", gradientCheckpointing: true }, 1],
  ["8B full amp", { model: named("llama-3.1-8b"), regime: "amp" }, 1],
  ["8B full fp32", { model: named("llama-3.1-8b"), precision: "fp32" }, 1],
  ["8B adamw8bit", { model: named("llama-3.1-8b"), optimizer: "adamw8bit" }, 1],
  ["8B adafactor", { model: named("llama-3.1-8b"), optimizer: "adafactor" }, 1],
  ["8B sgd", { model: named("llama-3.1-8b"), optimizer: "sgd" }, 1],
  ["8B lion", { model: named("llama-3.1-8b"), optimizer: "lion", loss: "chunked" }, 1],
  ["8B offload", { model: named("llama-3.1-8b"), offload: "cpu" }, 1],
  ["8B zero3 offload x4", { model: named("llama-3.1-8b"), offload: "cpu", zero: 3 }, 4],
  ["8B DDP x2", { model: named("llama-3.1-8b"), zero: 0 }, 2],
  ["8B zero2 x8", { model: named("llama-3.1-8b"), zero: 2 }, 8],
  ["8B FSDP x8", { model: named("llama-3.1-8b") }, 8],
  ["8B eager attention", { model: named("llama-3.1-8b"), flashAttention: false, seq: 2048 }, 1],
  ["8B pure step fused", { model: named("llama-3.1-8b"), regime: "pure", optimStep: "fused" }, 1],
  ["8B lora all r64", { model: named("llama-3.1-8b"), rank: 64, targets: "all" }, 1],
  ["8B lora pure", { model: named("llama-3.1-8b"), regime: "pure" }, 1],
  ["8B qlora no dq", { model: named("llama-3.1-8b"), doubleQuant: false }, 1],
  ["8B int4 qlora", { model: named("llama-3.1-8b"), precision: "int4" }, 1],
  ["8B freeze", { model: named("llama-3.1-8b"), methods: ["freeze"], trainLayers: 4 }, 1],
  [
    "70B inference int4 32k x2",
    { model: named("llama-3.1-70b"), methods: ["inference"], precision: "int4", seq: 32768 },
    2,
  ],
  ["8B inference fp8 kv", { model: named("llama-3.1-8b"), methods: ["inference"], kvPrecision: "fp8", batch: 8 }, 1],
  ["Mistral sliding window", { model: named("mistral-7b"), methods: ["inference"], seq: 32768 }, 1],
  ["DeepSeek-V3 MLA", { model: named("deepseek-v3"), methods: ["inference"], precision: "fp8" }, 8],
  ["Mixtral MoE lora", { model: named("mixtral-8x7b"), methods: ["lora"] }, 1],
  ["BERT large", { model: named("bert-large"), methods: ["full"] }, 1],
  ["1.5B seed", { model: size(1.5e9), precision: "fp16" }, 1],
  ["1B pure accum=1", { model: named("llama-3.2-1b"), regime: "pure", accum: 1, batch: 4, seq: 2048 }, 1],
  ["1B tied sum at 128 tokens", { model: named("llama-3.2-1b"), regime: "pure", accum: 1, seq: 128 }, 1],
  ["3B compile", { model: named("llama-3.2-3b"), regime: "pure", compile: true, accum: 1, seq: 4096 }, 1],
  [
    "3B offload activations in backward",
    {
      model: named("llama-3.2-3b"),
      regime: "pure",
      gradientCheckpointing: true,
      offloadActivations: true,
      optimStep: "inbackward",
      optimizer: "adamw8bit",
    },
    1,
  ],
  [
    "7B nf4 short serving, torchao",
    { model: named("llama-2-7b"), methods: ["inference"], precision: "nf4", quantizer: "torchao", seq: 56 },
    1,
  ],
  ["8B vLLM", { model: named("llama-3.1-8b"), methods: ["inference"], engine: "vllm", seq: 8192 }, 1],
];

function scenarios(fields: Fields, count: number): Scenario[] {
  const r = req(fields);
  const m = resolveModel(r.model);
  const methods: Method[] = [...new Set([...methodsFor(r), "freeze" as const])];
  return methods.map((method) => estimateScenario(m, r, method, count));
}

describe("every number of a breakdown is explained by its terms", () => {
  for (const [name, fields, count] of BATTERY) {
    it(`adds up, term by term, for ${name}`, () => {
      for (const s of scenarios(fields, count)) {
        for (const k of COMPONENTS) {
          const sum = s.terms[k].reduce((x, t) => x + t.bytes, 0);
          expect(Math.abs(sum - s.bytes[k]), `${s.method} ${k}`).toBeLessThanOrEqual(1);
          for (const t of s.terms[k]) {
            expect(termInputsBytes(t), `${s.method} ${k} ${t.kind}`).toBeCloseTo(t.bytes, 0);
            // A term that multiplies says what it multiplies: the count and the bytes each, as the sentence prints them.
            const text = termText(t);
            if (
              t.count !== undefined &&
              t.each !== undefined &&
              !["layer-activations", "checkpointed-inputs", "kv-cache"].includes(t.kind)
            )
              expect(text, `${s.method} ${t.kind}`).toContain(formatCount(t.count));
            expect(text).not.toMatch(/undefined|NaN/);
          }
          if (s.bytes[k] > 0) expect(explainComponent(s, k).length, `${s.method} ${k}`).toBeGreaterThan(0);
        }
        if (s.atLoad) {
          // The load peak is its parts too: weights + the quantizer's transients + their overhead.
          const transient = s.atLoad.terms.reduce((x, t) => x + t.bytes, 0);
          expect(Math.abs(transient - s.atLoad.transient)).toBeLessThanOrEqual(1);
          expect(
            Math.abs(s.atLoad.weights + s.atLoad.transient + s.atLoad.overhead - s.atLoad.bytes),
          ).toBeLessThanOrEqual(2);
          for (const t of s.atLoad.terms) expect(termText(t)).toContain(formatCount(t.count ?? 0));
        }
      }
    });
  }
});

describe("the explanations say what the numbers are", () => {
  const one = (fields: Fields, method: Method, count = 1) => {
    const r = req(fields);
    return estimateScenario(resolveModel(r.model), r, method, count);
  };

  it("calls 8-bit AdamW's states 8-bit, at 2 B per parameter", () => {
    const text = explainComponent(one({ model: named("llama-3.1-8b"), optimizer: "adamw8bit" }, "full"), "optimizer");
    expect(text).toContain("× 2 B");
    expect(text).toContain("8-bit");
    expect(text).not.toContain("32-bit");
  });

  it("explains LoRA with Adafactor by its factored statistics, not as × 0 B", () => {
    const s = one({ model: named("llama-3.1-8b"), optimizer: "adafactor" }, "lora");
    expect(s.bytes.optimizer).toBeGreaterThan(0);
    expect(explainComponent(s, "optimizer")).toContain("factored");
    expect(explainComponent(s, "optimizer")).not.toContain("× 0 B");
  });

  it("says offloaded gradients and states live in host memory, with nothing on the GPU", () => {
    const s = one({ model: named("llama-3.1-8b"), offload: "cpu" }, "full");
    expect(s.bytes.gradients).toBe(0);
    expect(explainComponent(s, "gradients")).toContain("offloaded to CPU");
    expect(explainComponent(s, "gradients")).not.toMatch(/× \d/);
    expect(explainComponent(s, "optimizer")).toContain("offloaded to CPU");
  });

  it("explains QLoRA's dequantization buffer among the activations", () => {
    expect(explainComponent(one({ model: named("llama-3.1-8b") }, "qlora"), "activations")).toContain("dequantized");
  });

  it("names the step temporary only where it is counted", () => {
    const pure = one({ model: named("llama-3.1-8b"), regime: "pure", gradientCheckpointing: true }, "full");
    expect(explainComponent(pure, "optimizer")).toContain("foreach AdamW step");
    const seed = one({ model: named("llama-3.1-8b"), gradientCheckpointing: true }, "full");
    expect(explainComponent(seed, "optimizer")).not.toContain("foreach");
  });

  it("does not claim the foreach temporary is counted in the seed's accounting", () => {
    const a = advise(req({ model: size(7e9), methods: ["full"] }));
    const line = assumptionLines(a).find((l) => l.startsWith("Optimizer"))!;
    expect(line).not.toContain("temporary is counted");
    expect(line).toContain("no step temporary");
    const pure = advise(req({ model: size(7e9), methods: ["full"], regime: "pure" }));
    expect(assumptionLines(pure).find((l) => l.startsWith("Optimizer"))).toContain("temporary is counted");
  });

  it("says nothing of gradient accumulation on a serving answer", () => {
    const a = advise(req({ model: named("llama-3.1-8b"), methods: ["inference"] }));
    expect(assumptionLines(a).join(" ")).not.toMatch(/accumulation|Optimizer/);
  });

  it("calls a default a default", () => {
    const a = advise(req({ model: named("llama-3.1-8b"), methods: ["lora"] }));
    expect(assumptionLines(a).join(" ")).toContain("1k (default) tokens");
  });
});

describe("the KV cache explained", () => {
  const kvText = (fields: Fields, count = 1) => {
    const r = req(fields);
    const s = estimateScenario(resolveModel(r.model), r, "inference", count);
    const t = s.terms.kvCache[0]!;
    return { s, t, text: termText(t) };
  };
  it("multiplies out to its bytes: 2 × layers × tokens × KV heads × head dim × bytes for GQA", () => {
    const { t, text } = kvText({ model: named("llama-3.1-8b"), methods: ["inference"], seq: 8192 });
    expect(2 * 32 * 8192 * 8 * 128 * 2).toBe(t.bytes);
    expect(text).toContain("2 (K, V) × 32 layers × 1×8k tokens × 8 KV heads × 128 × 2 B");
  });
  it("has no K/V pair for MLA's single latent", () => {
    const { t, text } = kvText({ model: named("deepseek-v3"), methods: ["inference"], precision: "int8" }, 8);
    expect(text).not.toContain("2 (K, V)");
    expect(t.bytes).toBeCloseTo((61 * 1024 * 576 * 2) / 8, 0);
  });
});
