import { describe, expect, it } from "vitest";
import { answerText } from "../../src/answer/index.js";
import { recommendationText } from "../../src/render/words.js";
import { advise } from "../support/requests.js";
import { largest, limitsOn } from "../../src/advisor/limits.js";
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
    expect(recommendationText(a)).toMatch(/RTX 4090/);
  });

  it("offers plans that fit when nothing fits as asked, each reproduced exactly by its own request", () => {
    const a = advise(req({ model: named("llama-3.1-8b"), methods: ["full"], gpus: [{ id: "a100-80gb" }], seq: 4096 }));
    expect(a.scenarios[0]!.fits[0]!.verdict).toBe("no");
    expect(a.recommendation.kind).toBe("plan");
    expect(a.plans.length).toBeGreaterThan(0);
    for (const p of a.plans) {
      expect(p.verdict).toBe("fits");
      const again = answerText(p.request);
      if (again.kind !== "answer") throw new Error(`plan request ${p.request} did not read back`);
      const s = again.answer.scenarios.find((x) => x.method === p.method)!;
      expect(s.bytes.total).toBe(p.scenario.bytes.total);
      expect(again.answer.recommendation.kind).toBe(p.verdict);
    }
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
    expect(recommendationText(a)).toContain("8×");
  });
});

describe("limits on a GPU", () => {
  it("finds the longest context and largest batch that still fit, and one more does not", () => {
    const r = req({ model: named("llama-3.1-8b"), methods: ["qlora"] });
    const [t] = resolveTargets([{ id: "rtx-4090", count: 1 }]);
    const l = limitsOn(resolveModel(r.model), r, "qlora", t!, "asked", undefined);
    expect(l.maxSeq).toBeGreaterThan(1024);
    const m = resolveModel(r.model);
    const budget = 0.9 * t!.capacityBytes;
    expect(estimateScenario(m, { ...r, seq: l.maxSeq }, "qlora").bytes.total).toBeLessThanOrEqual(budget);
    expect(estimateScenario(m, { ...r, seq: l.maxSeq + 1 }, "qlora").bytes.total).toBeGreaterThan(budget);
    expect(estimateScenario(m, { ...r, batch: l.maxBatch + 1 }, "qlora").bytes.total).toBeGreaterThan(budget);
  });
});

describe("limits capped at the model's own context", () => {
  it("never offers Phi-3 Mini 4K more than its 4k context, and says the cap binds", () => {
    const r = req({ model: named("phi-3-mini"), methods: ["lora"] });
    const [t] = resolveTargets([{ id: "a100-80gb", count: 1 }]);
    const l = limitsOn(resolveModel(r.model), r, "lora", t!, "asked", 4096);
    expect(l.maxSeq).toBe(4096);
    expect(l.contextCap).toBe(4096);
  });
  it("reports no cap where memory, not the model, is the limit", () => {
    const a = advise(req({ model: named("llama-3.1-8b"), methods: ["lora"], gpus: [{ id: "rtx-4090" }] }));
    const l = a.limits.find((x) => x.basis === "asked")!;
    expect(l.maxSeq).toBeLessThan(131072);
    expect(l.contextCap).toBeNull();
  });
  it("caps Llama 3.1 70B inference limits at 128k on a card with room for more", () => {
    const a = advise(
      req({
        model: named("llama-3.1-70b"),
        methods: ["inference"],
        precision: "int4",
        gpus: [{ id: "b200", count: 2 }],
      }),
    );
    const l = a.limits.find((x) => x.basis === "asked")!;
    expect(l.maxSeq).toBe(131072);
    expect(l.contextCap).toBe(131072);
  });
});

describe("the limit search", () => {
  it("finds the exact boundary of linear, quadratic and step-shaped totals", () => {
    for (const [total, budget, want] of [
      [(x: number) => 1000 + 7 * x, 70_000, 9857],
      [(x: number) => 5 + x * x, 1e10, 99_999],
      [(x: number) => (x < 4242 ? 10 : 1e9), 100, 4241],
      [(x: number) => 3 * x, 2, 0],
      [(x: number) => x, 1e12, 10_000_000],
    ] as const) {
      expect(largest(10_000_000, total, budget)).toBe(want);
    }
  });
});
