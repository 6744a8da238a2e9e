import { describe, expect, it } from "vitest";
import { savedPerTokenPerLayer } from "../../src/estimator/activations.js";
import { TRANSFORMERS_BUILD } from "../../src/estimator/build.js";
import { estimateScenario } from "../../src/estimator/estimate.js";
import { resolveModel } from "../../src/estimator/model.js";
import type { EstimationRequestInput, Method } from "../../src/estimator/request.js";
import { peakBytes } from "../../src/estimator/result.js";
import { termInputsBytes } from "../../src/estimator/terms.js";
import { named, req } from "../support/requests.js";

type Fields = Omit<EstimationRequestInput, "model"> & { model?: EstimationRequestInput["model"] };
const scenario = (fields: Fields, method: Method, gpus = 1) => {
  const r = req({ model: named("llama-3.2-1b"), ...fields });
  return estimateScenario(resolveModel(r.model), r, method, gpus);
};
const sumOf = (s: ReturnType<typeof scenario>) =>
  s.bytes.weights + s.bytes.gradients + s.bytes.optimizer + s.bytes.activations + s.bytes.kvCache + s.bytes.overhead;

describe("accum: when gradients and activations meet", () => {
  // Llama 3.2 1B, pure bf16, batch 4 × 2048: activations (~29 GB at the start of the backward) dwarf the 2.5 GB of
  // gradients, so with one micro-batch per step the backward peaks at its start with only the tied head's gradient.
  const base = { regime: "pure", batch: 4, seq: 2048, gradientCheckpointing: false } as const;
  const m = resolveModel(named("llama-3.2-1b"));
  const headGradient = m.vocab * m.hidden * 2;

  it("holds all gradients beside all activations when accumulating (the default reading)", () => {
    const s = scenario(base, "full");
    expect(s.bytes.gradients).toBe(Math.round(m.params * 2));
  });

  it("counts only the LM head's gradient beside the activations with accum=1", () => {
    const one = scenario({ ...base, accum: 1 }, "full");
    expect(one.bytes.gradients).toBe(Math.round(headGradient));
    // Everything else is unchanged: the accumulating answer is higher by exactly the other gradients.
    const acc = scenario(base, "full");
    expect(acc.bytes.total - one.bytes.total).toBeGreaterThan(0.99 * (m.params * 2 - headGradient));
    expect(one.bytes.activations).toBe(acc.bytes.activations);
  });

  it("treats accum=8 like the default: gradients wait beside the activations", () => {
    expect(scenario({ ...base, accum: 8 }, "full").bytes.total).toBe(scenario(base, "full").bytes.total);
  });

  it("peaks at the end of the backward when the gradients outgrow the activations", () => {
    // A short sequence: gradients (2.5 GB) + the tied embedding's sum (2 × V·h·2 B) beat the activations at the start.
    const s = scenario({ regime: "pure", seq: 128, accum: 1 }, "full");
    const working = 2 * m.vocab * m.hidden * 2;
    expect(s.bytes.gradients + s.bytes.activations).toBeCloseTo(m.params * 2 + working, -6);
  });

  it("keeps every term's bytes equal to its inputs (count × each / shards − freed)", () => {
    const s = scenario({ ...base, accum: 1 }, "full");
    for (const terms of Object.values(s.terms))
      for (const t of terms) expect(termInputsBytes(t)).toBeCloseTo(t.bytes, 0);
    expect(s.bytes.total).toBe(sumOf(s));
  });
});

describe("step=loop: AdamW one parameter at a time", () => {
  it("holds only the largest parameter's temporaries where foreach holds one state of every parameter", () => {
    // Pure bf16 at a short sequence: the freed activations are far smaller than a state of all 1.2B parameters.
    const m = resolveModel(named("llama-3.2-1b"));
    const ask = { regime: "pure", seq: 128, batch: 1 } as const;
    const foreach = scenario(ask, "full");
    const loop = scenario({ ...ask, optimStep: "loop" }, "full");
    expect(foreach.terms.optimizer.find((t) => t.kind === "step-temporary")?.step).toBe("foreach");
    // The square root of the largest parameter's second moment and its quotient: 2 × the tied embedding (V·h) × 2 B.
    expect(loop.setup.stepTemporaryBytes).toBe(2 * m.vocab * m.hidden * 2);
    expect(loop.bytes.total).toBeLessThan(foreach.bytes.total);
    expect(foreach.setup.stepTemporaryBytes).toBe(m.params * 2);
  });
});

describe("step=inbackward", () => {
  it("holds one parameter's gradient at a time, the embedding's", () => {
    const m = resolveModel(named("llama-3.2-1b"));
    const s = scenario({ regime: "pure", optimStep: "inbackward" }, "full");
    expect(s.terms.gradients.map((t) => t.kind)).toEqual(["gradient-in-flight"]);
    expect(s.bytes.gradients).toBe(m.vocab * m.hidden * 2);
    // No foreach temporary: each parameter's step runs alone.
    expect(s.setup.stepTemporaryBytes).toBe(0);
  });
});

describe("compile", () => {
  const shape = resolveModel(named("llama-3.2-3b"));
  const opts = {
    shape,
    p: 2,
    batch: 1,
    seq: 4096,
    flash: true,
    checkpointing: false,
    trainBase: true,
    trainedLayers: shape.layers,
    trainHead: true,
    adapters: [],
    adapterBytes: 2,
    rank: 16,
    adapterDropout: false,
    loss: "standard",
    build: TRANSFORMERS_BUILD,
    autocast: false,
  } as const;

  it("drops each norm's fp32 copies and SwiGLU's SiLU output, and nothing a matmul needs", () => {
    const eager = savedPerTokenPerLayer({ ...opts, compile: false });
    const compiled = savedPerTokenPerLayer({ ...opts, compile: true });
    const h = shape.hidden;
    // Per norm: fp32 input (4h) + normalised copy (2h) → 16-bit input (2h) + rstd (4 B); SwiGLU: − the SiLU output (2i).
    expect(eager - compiled).toBe(2 * (4 * h - 4) + 2 * shape.intermediate);
  });

  it("matches torchtune's ablation: Llama 3.2 3B, 2 × 4096 tokens, 60.0 → 51.0 GiB peak active", () => {
    const ask = { model: named("llama-3.2-3b"), regime: "pure", batch: 2, seq: 4096, accum: 1 } as const;
    const gib = (s: ReturnType<typeof scenario>) => (s.bytes.total - s.bytes.overhead) / 2 ** 30;
    const eager = gib(scenario({ ...ask, gradientCheckpointing: false }, "full"));
    const compiled = gib(scenario({ ...ask, gradientCheckpointing: false, compile: true }, "full"));
    expect(eager).toBeGreaterThan(57);
    expect(eager).toBeLessThan(63);
    expect(compiled).toBeGreaterThan(48.5);
    expect(compiled).toBeLessThan(53.5);
  });
});

describe("offload=activations", () => {
  it("keeps two blocks' checkpointed inputs on the GPU and reports the rest as host memory", () => {
    const ask = { regime: "pure", batch: 2, seq: 4096, gradientCheckpointing: true } as const;
    const on = scenario({ ...ask, offloadActivations: true }, "full");
    const off = scenario(ask, "full");
    const inputs = (s: ReturnType<typeof scenario>) =>
      s.terms.activations.find((t) => t.kind === "checkpointed-inputs")!;
    expect(inputs(on).layers).toBe(2);
    expect(inputs(off).layers).toBe(16);
    expect(on.hostBytes).toBeCloseTo(inputs(off).bytes - inputs(on).bytes, 0);
    expect(off.bytes.activations - on.bytes.activations).toBeCloseTo(on.hostBytes, -3);
  });
});

describe("the peak at load", () => {
  it("is the peak of a short 4-bit serving run: the largest weight in 16 bits beside the loaded NF4 ones", () => {
    // Llama 2 7B served in NF4 over 56 tokens (LitGPT's table): the KV cache and prefill are tiny, so bitsandbytes
    // quantizing the 4096 × 11008 weight (2 + 0.5 B per element) at load is the larger moment.
    const r = req({ model: named("llama-2-7b"), methods: ["inference"], precision: "nf4", seq: 56 });
    const s = estimateScenario(resolveModel(r.model), r, "inference", 1);
    expect(s.atLoad?.transient).toBe(2.5 * 4096 * 11008);
    expect(peakBytes(s)).toBe(s.atLoad?.bytes);
    expect(peakBytes(s)).toBeGreaterThan(s.bytes.total);
  });

  it("quantizes with torchao in chunks of 2^20 elements, never the whole weight's 16-way comparison", () => {
    const r = req({
      model: named("llama-2-7b"),
      methods: ["inference"],
      precision: "nf4",
      quantizer: "torchao",
      seq: 56,
    });
    const s = estimateScenario(resolveModel(r.model), r, "inference", 1);
    const n = 4096 * 11008;
    expect(s.atLoad?.transient).toBe(5 * n + 2 ** 20 * 16 * 4);
  });

  it("stays out of the answer when training outgrows the load", () => {
    const r = req({ model: named("llama-2-7b"), methods: ["qlora"], batch: 2, seq: 512 });
    const s = estimateScenario(resolveModel(r.model), r, "qlora", 1);
    expect(s.atLoad).toBeUndefined();
    expect(peakBytes(s)).toBe(s.bytes.total);
  });
});

describe("a frozen fp32 base under autocast (regime=amp)", () => {
  const m = resolveModel(named("llama-3.1-8b"));
  const linears = m.parts.attention + m.parts.mlp;
  const head = m.vocab * m.hidden;
  const lora = (fields: Fields) => scenario({ model: named("llama-3.1-8b"), regime: "amp", ...fields }, "lora");

  it("keeps the fp32 weights and the 16-bit cast every matmul saves for the backward", () => {
    const casts = lora({ gradientCheckpointing: false }).terms.weights.find((t) => t.kind === "autocast-casts");
    expect(casts?.count).toBe(linears + head);
  });

  it("keeps one block's casts with checkpointing, which recomputes the rest", () => {
    const casts = lora({ gradientCheckpointing: true }).terms.weights.find((t) => t.kind === "autocast-casts");
    expect(casts?.count).toBe(linears / m.layers + head);
  });
});

describe("LoRA dropout", () => {
  it("keeps each adapter's dropped-out input and its 1-byte mask, with PEFT's fp32 adapters one byte per element more", () => {
    const m = resolveModel(named("llama-3.1-8b"));
    const ask = {
      model: named("llama-3.1-8b"),
      targets: "all",
      batch: 1,
      seq: 4096,
      gradientCheckpointing: false,
    } as const;
    const off = scenario(ask, "lora").bytes.activations;
    const on = scenario({ ...ask, loraDropout: 0.05 }, "lora").bytes.activations;
    // Six adapted linears read the hidden state (q, k, v, o, gate, up) and one the MLP's width (down): each adds a mask.
    const perToken = 6 * m.hidden + m.intermediate;
    expect(on - off).toBe(perToken * m.layers * 4096);
  });

  it("saves nothing at PEFT's default of 0", () => {
    const ask = { model: named("llama-3.1-8b"), targets: "all" } as const;
    expect(scenario({ ...ask, loraDropout: 0 }, "lora").bytes.total).toBe(scenario(ask, "lora").bytes.total);
  });
});
