import { describe, expect, it } from "vitest";
import { advise } from "../support/requests.js";
import { estimateScenario } from "../../src/estimator/estimate.js";
import { resolveModel } from "../../src/estimator/model.js";
import { GB } from "../../src/render/units.js";
import { req, size } from "../support/requests.js";

/** The seed document's worked examples are acceptance tests. */
describe("the seed document's worked examples", () => {
  const fixed = (params: number) => {
    const r = req({ model: size(params), precision: "fp16", methods: ["full"] });
    const s = estimateScenario(resolveModel(r.model), r, "full");
    return s.bytes.weights + s.bytes.gradients + s.bytes.optimizer;
  };

  it("costs 12 bytes per parameter fixed for 16-bit full fine-tuning with AdamW", () => {
    expect(fixed(1e9)).toBe(12e9);
  });

  it("needs exactly 18.0 GB of fixed memory for 1.5B", () => {
    expect(fixed(1.5e9) / GB).toBe(18.0);
  });

  it("needs exactly 84.0 GB of fixed memory for 7B", () => {
    expect(fixed(7e9) / GB).toBe(84.0);
  });

  it("adds 4 to 6 GB of activations for 1.5B at the default batch, over 22 GB in all", () => {
    const r = req({ model: size(1.5e9), precision: "fp16", methods: ["full"] });
    const s = estimateScenario(resolveModel(r.model), r, "full");
    expect(s.bytes.activations / GB).toBeGreaterThanOrEqual(4);
    expect(s.bytes.activations / GB).toBeLessThanOrEqual(6);
    expect(s.bytes.total / GB).toBeGreaterThan(22);
  });

  it("puts 1.5B full fine-tuning at the limit of a 24 GB consumer card: tight, not fits", () => {
    const a = advise(req({ model: size(1.5e9), precision: "fp16", methods: ["full"], gpus: [{ id: "rtx-4090" }] }));
    expect(a.scenarios[0]!.fits[0]!.verdict).toBe("tight");
  });

  it("quadruples the attention-score memory when the sequence doubles without flash attention", () => {
    const extra = (seq: number) => {
      const at = (flash: boolean) => {
        const r = req({ model: size(1.5e9), methods: ["full"], seq, flashAttention: flash });
        return estimateScenario(resolveModel(r.model), r, "full").bytes.activations;
      };
      return at(false) - at(true);
    };
    // extra(s) = a·s² + b·s: the second difference isolates the s² scores.
    const quadratic = (s: number) => extra(2 * s) - 2 * extra(s);
    expect(quadratic(2048) / quadratic(1024)).toBeCloseTo(4, 6);
  });

  it("does not fit 7B full fine-tuning on one 24 GB card, while LoRA and QLoRA do", () => {
    const a = advise(req({ model: size(7e9), precision: "bf16", gpus: [{ id: "rtx-4090" }] }));
    const verdict = (m: string) => a.scenarios.find((s) => s.method === m)!.fits[0]!.verdict;
    expect(verdict("full")).toBe("no");
    expect(verdict("lora")).not.toBe("no");
    expect(verdict("qlora")).toBe("fits");
  });
});
