import { describe, expect, it } from "vitest";
import { advise } from "../../src/advisor/advise.js";
import { limitsOn } from "../../src/advisor/limits.js";
import { resolveTargets } from "../../src/advisor/targets.js";
import { verdictFor } from "../../src/advisor/verdict.js";
import { estimateScenario } from "../../src/estimator/estimate.js";
import { resolveModel } from "../../src/estimator/model.js";
import { named, req, size } from "../support/requests.js";

describe("verdicts", () => {
  it("fits with at least 10% headroom, is tight from 0 to 10%, and no beyond", () => {
    expect(verdictFor(80, 100).verdict).toBe("fits");
    expect(verdictFor(90, 100).verdict).toBe("fits");
    expect(verdictFor(95, 100).verdict).toBe("tight");
    expect(verdictFor(100, 100).verdict).toBe("tight");
    expect(verdictFor(101, 100)).toEqual({ verdict: "no", headroomBytes: -1 });
  });
  it("uses the memory the driver reports and Apple's GPU share", () => {
    const [h100] = resolveTargets([{ id: "h100-sxm", count: 1 }]);
    expect(h100!.capacityBytes).toBe(81559 * 2 ** 20);
    const [mac] = resolveTargets([{ id: "m4-max-128gb", count: 1 }]);
    expect(mac!.capacityBytes).toBeLessThan(128 * 2 ** 30);
  });
});

describe("advice", () => {
  it("recommends QLoRA for an 8B model on a 4090 when full fine-tuning does not fit", () => {
    const a = advise(req({ model: named("llama-3.1-8b"), gpus: [{ id: "rtx-4090" }], seq: 4096 }));
    expect(a.scenarios.find((s) => s.method === "full")!.fits[0]!.verdict).toBe("no");
    expect(["lora", "qlora"]).toContain(a.recommendation.method);
    expect(a.recommendation.text).toMatch(/RTX 4090/);
  });

  it("offers changes with their new totals when nothing fits, cheapest first among those that fit", () => {
    const a = advise(req({ model: named("llama-3.1-8b"), methods: ["full"], gpus: [{ id: "a100-80gb" }], seq: 4096 }));
    expect(a.whatIfs.length).toBeGreaterThan(3);
    const fitting = a.whatIfs.filter((w) => w.verdict === "fits");
    expect(fitting.length).toBeGreaterThan(0);
    expect(a.whatIfs[0]!.verdict).toBe("fits");
    for (const w of a.whatIfs) expect(w.totalBytes).toBeGreaterThan(0);
    expect(a.whatIfs.some((w) => w.change === "more-gpus")).toBe(true);
  });

  it("finds the smallest card and count for 70B full fine-tuning: several GPUs with ZeRO-3", () => {
    const a = advise(req({ model: named("llama-3.1-70b"), methods: ["full"] }));
    const sf = a.scenarios[0]!.smallestFit!;
    expect(sf.count).toBeGreaterThan(1);
  });

  it("serves a 70B model in int4 at 32k context on two H100s", () => {
    const a = advise(
      req({
        model: size(70e9),
        methods: ["inference"],
        precision: "int4",
        seq: 32768,
        batch: 4,
        gpus: [{ id: "h100-sxm", count: 2 }],
      }),
    );
    expect(a.scenarios[0]!.fits[0]!.verdict).toBe("fits");
  });

  it("shows the default tiers when no GPU is named, and a recommendation with the smallest fit", () => {
    const a = advise(req({ model: size(7e9) }));
    expect(a.targets.map((t) => t.id)).toContain("rtx-4090");
    expect(a.recommendation.gpu).not.toBe("");
  });
});

describe("the smallest fit for a GPU count without a card", () => {
  it("looks for the card at the count asked (gpus=8), not at one GPU", () => {
    const a = advise(
      req({ model: named("mixtral-8x7b"), methods: ["lora"], rank: 64, targets: "all", zero: 3, gpus: [{ count: 8 }] }),
    );
    expect(a.scenarios[0]!.smallestFit?.count).toBe(8);
    expect(a.recommendation.text).toContain("8×");
  });
});

describe("limits on a GPU", () => {
  it("finds the longest context and largest batch that still fit, and one more does not", () => {
    const r = req({ model: named("llama-3.1-8b"), methods: ["qlora"] });
    const [t] = resolveTargets([{ id: "rtx-4090", count: 1 }]);
    const l = limitsOn(resolveModel(r.model), r, "qlora", t!);
    expect(l.maxSeq).toBeGreaterThan(1024);
    const m = resolveModel(r.model);
    const budget = 0.9 * t!.capacityBytes;
    expect(estimateScenario(m, { ...r, seq: l.maxSeq }, "qlora").bytes.total).toBeLessThanOrEqual(budget);
    expect(estimateScenario(m, { ...r, seq: l.maxSeq + 1 }, "qlora").bytes.total).toBeGreaterThan(budget);
    expect(estimateScenario(m, { ...r, batch: l.maxBatch + 1 }, "qlora").bytes.total).toBeGreaterThan(budget);
  });
});
