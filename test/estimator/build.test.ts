import { describe, expect, it } from "vitest";
import { type ActivationOptions, logitsBytes, savedPerTokenPerLayer } from "../../src/estimator/activations.js";
import { type Build, buildOf, TRANSFORMERS_BUILD } from "../../src/estimator/build.js";
import { estimateScenario } from "../../src/estimator/estimate.js";
import { resolveModel } from "../../src/estimator/model.js";
import { named, req } from "../support/requests.js";

const LITGPT: Build = buildOf("litgpt");

/** A LoRA block of `model` in pure bf16, no dropout, adapters on `adapters`. */
const lora = (model: string, adapters: ActivationOptions["adapters"], extra: Partial<ActivationOptions> = {}) => {
  const shape = resolveModel(named(model));
  const o: ActivationOptions = {
    shape,
    p: 2,
    batch: 1,
    seq: 1024,
    flash: true,
    checkpointing: false,
    trainBase: false,
    trainedLayers: shape.layers,
    trainHead: false,
    adapters,
    adapterBytes: 2,
    rank: 8,
    adapterDropout: false,
    loss: "chunked",
    compile: false,
    autocast: false,
    build: TRANSFORMERS_BUILD,
    ...extra,
  };
  return { shape, o };
};

describe("framework=litgpt: what LitGPT's own model code saves", () => {
  it("reads LitGPT's build from its preset and nothing special for the others", () => {
    expect(LITGPT).toEqual({ fusedQkvLora: true, repeatedKv: true, chunkLogSoftmax: true });
    for (const f of ["hf", "trl", "torchtune", "unsloth"] as const) expect(buildOf(f)).toEqual(TRANSFORMERS_BUILD);
    expect(buildOf(undefined)).toBe(TRANSFORMERS_BUILD);
  });

  it("keeps zero_pad's index_copy source when LoRA adapts q and v but not k", () => {
    // Phi-1.5 is multi-head: q and v are each hidden wide, so the kept source is 2 × 2048 16-bit values per token.
    const { shape, o } = lora("phi-1.5", ["q", "v"]);
    const peft = savedPerTokenPerLayer(o);
    const litgpt = savedPerTokenPerLayer({ ...o, build: LITGPT });
    expect(litgpt - peft).toBe(2 * (shape.heads * shape.headDim + shape.kvHeads * shape.headDim));
  });

  it("keeps no index_copy source when q, k and v are all adapted (zero_pad returns its input)", () => {
    const { o } = lora("phi-1.5", ["q", "k", "v"]);
    expect(savedPerTokenPerLayer({ ...o, build: LITGPT })).toBe(savedPerTokenPerLayer(o));
  });

  it("runs one dropout for q, k and v where PEFT runs one per adapted linear", () => {
    // PEFT: three dropped-out copies and masks of the block input (3 × 3 B per element); LitGPT: one (3 B).
    const { shape, o } = lora("phi-1.5", ["q", "k", "v"], { adapterDropout: true });
    const peft = savedPerTokenPerLayer(o);
    const litgpt = savedPerTokenPerLayer({ ...o, build: LITGPT });
    expect(peft - litgpt).toBe(2 * (2 + 1) * shape.hidden);
  });

  it("saves K and V at every head's width when the model repeats them before attention (GQA)", () => {
    // Llama 3.2 1B: 32 query heads share 8 KV heads of 64.
    const { shape, o } = lora("llama-3.2-1b", ["q", "k", "v"]);
    const repeated = savedPerTokenPerLayer({ ...o, build: { ...TRANSFORMERS_BUILD, repeatedKv: true } });
    expect(repeated - savedPerTokenPerLayer(o)).toBe(2 * 2 * (shape.heads - shape.kvHeads) * shape.headDim);
  });

  it("keeps each loss chunk's 16-bit log-softmax beside the 16-bit logits", () => {
    const { shape, o } = lora("phi-1.5", ["q", "v"], { batch: 4, seq: 1044 });
    const bsV = 4 * 1044 * shape.vocab;
    expect(logitsBytes(o).kept).toBe(2 * bsV);
    const litgpt = logitsBytes({ ...o, build: LITGPT });
    expect(litgpt.kept).toBe(4 * bsV);
    // The backward works one chunk at a time: 128 positions of each of the 4 sequences, two 16-bit gradients.
    expect(litgpt.transient).toBe(2 * 2 * 4 * 128 * shape.vocab);
  });

  it("counts all of it in a LitGPT answer, and says so in the logits' words", () => {
    const ask = {
      model: named("phi-1.5"),
      regime: "pure",
      batch: 4,
      seq: 1044,
      loss: "chunked",
      targets: "qv",
    } as const;
    const peft = req(ask);
    const litgpt = req({ ...ask, framework: "litgpt", loraDropout: 0.05 });
    const m = resolveModel(peft.model);
    const a = estimateScenario(m, peft, "lora", 1);
    const b = estimateScenario(m, litgpt, "lora", 1);
    expect(b.bytes.activations).toBeGreaterThan(a.bytes.activations);
    expect(b.terms.activations.find((t) => t.kind === "logits")?.dtype).toBe("16-bit+log-softmax");
    expect(a.terms.activations.find((t) => t.kind === "logits")?.dtype).toBe("16-bit");
  });
});

describe("parallel blocks: attention and MLP over one input", () => {
  it("saves Phi's one shared LayerNorm input once, where a sequential block saves two norms' inputs", () => {
    const { shape, o } = lora("phi-1.5", ["q", "v"]);
    expect(shape.parallel).toBe("shared-norm");
    const sequential = savedPerTokenPerLayer({ ...o, shape: { ...shape, parallel: undefined } });
    expect(sequential - savedPerTokenPerLayer(o)).toBe(2 * shape.hidden);
  });

  it("saves GPT-NeoX's input once although two LayerNorms read it (the same tensor)", () => {
    const { shape, o } = lora("stablelm-base-alpha-3b", ["q", "v"]);
    expect(shape.parallel).toBe("two-norms");
    expect(savedPerTokenPerLayer(o)).toBe(
      savedPerTokenPerLayer({ ...o, shape: { ...shape, parallel: "shared-norm" } }),
    );
    // An RMSNorm upcasts inside each norm: two fp32 copies, as in a sequential block.
    const rms = { ...shape, norm: "rmsnorm" as const };
    expect(savedPerTokenPerLayer({ ...o, shape: rms })).toBe(
      savedPerTokenPerLayer({ ...o, shape: { ...rms, parallel: undefined } }),
    );
  });
});

describe("autocast: a 16-bit autocast around the forward", () => {
  it("makes each fp32 PEFT adapter save autocast's 16-bit cast of its input instead of an fp32 copy", () => {
    // Llama 3.2 1B, LoRA on q and v with fp32 adapters: two separate copies of the 2048-wide block input either way.
    const { shape, o } = lora("llama-3.2-1b", ["q", "v"], { adapterBytes: 4 });
    const fp32 = savedPerTokenPerLayer(o);
    const cast = savedPerTokenPerLayer({ ...o, autocast: true });
    expect(fp32 - cast).toBe(2 * (4 - 2) * shape.hidden);
  });

  it("changes nothing for 16-bit adapters, which take their input as it is", () => {
    const { o } = lora("llama-3.2-1b", ["q", "v"]);
    expect(savedPerTokenPerLayer({ ...o, autocast: true })).toBe(savedPerTokenPerLayer(o));
  });

  it("is on under regime=amp and with the autocast word, off otherwise", () => {
    const m = resolveModel(named("llama-3.2-1b"));
    const ask = { model: named("llama-3.2-1b"), seq: 2048, gradientCheckpointing: false, targets: "all" } as const;
    const plain = estimateScenario(m, req(ask), "lora", 1).bytes.activations;
    const cast = estimateScenario(m, req({ ...ask, autocast: true }), "lora", 1).bytes.activations;
    expect(cast).toBeLessThan(plain);
  });
});
