import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { gpuById } from "../../src/catalog/index.js";
import { estimateScenario } from "../../src/estimator/estimate.js";
import { resolveModel } from "../../src/estimator/model.js";
import type { EstimationRequest, EstimationRequestInput, Method } from "../../src/estimator/request.js";
import {
  applyChanges,
  cheapChanges,
  changesKey,
  compareCost,
  comparePlans,
  costVector,
  dominates,
  LEVER_ORDER,
  LEVERS,
  MAX_HOST_BYTES_PER_GPU,
  type PlanChange,
  type PlanResult,
  planFits,
  planFor,
  RANK_ORDER,
  tierOf,
} from "../../src/advisor/plan/index.js";
import { RECOMMEND_LADDER, resolveTargets } from "../../src/advisor/targets.js";
import { type GpuTarget, HEADROOM, targetFromSpec, verdictFor } from "../../src/advisor/verdict.js";
import { named, req, size } from "../support/requests.js";

type Fields = Parameters<typeof req>[0];

interface Case {
  request: EstimationRequest;
  method: Method;
  target: GpuTarget | undefined;
}

/** A request for one method, on the first GPU it names (none: catalog mode). */
function ask(fields: Fields, method: Method): Case {
  const request = req({ ...fields, methods: [method] });
  const gpuNamed = request.gpus.some((g) => g.id !== undefined || g.memoryBytes !== undefined);
  return { request, method, target: gpuNamed ? resolveTargets(request.gpus)[0] : undefined };
}

function plan(c: Case, limit = 3): PlanResult & { estimates: number } {
  const stats = { estimates: 0 };
  const result = planFor(resolveModel(c.request.model), c.request, c.method, c.target, limit, stats);
  return { ...result, estimates: stats.estimates };
}

/** `lever=to` words of a plan, in its order. */
const words = (p: { changes: readonly PlanChange[] }): string[] => p.changes.map((c) => `${c.lever}=${c.to}`);

/** Re-estimate a set of changes from scratch: does it fit (the planner's test: verdict and host memory)? */
function fitsWith(c: Case, changes: readonly PlanChange[]): boolean {
  const a = applyChanges(c.request, c.method, c.target, changes);
  if (!a.target) return false;
  return planFits(
    estimateScenario(resolveModel(c.request.model), a.request, a.method, a.target.count),
    a.target.capacityBytes,
  );
}

const GB = 1e9;

describe("planFor on a named GPU", () => {
  it("fits 7B LoRA at 2k on a 4090 with checkpointing before suggesting QLoRA", () => {
    const c = ask({ seq: 2048, gpus: [{ id: "rtx-4090" }] }, "lora");
    expect(fitsWith(c, [])).toBe(false);
    const { plans } = plan(c);
    expect(words(plans[0]!)).toEqual(["ckpt=on"]);
    expect(words(plans[1]!)).toEqual(["method=qlora"]);
    expect(plans[0]!.tier).toBe("speed");
    expect(plans[1]!.tier).toBe("method");
  });

  it("fits llama-3.1-8b LoRA at 8k on an A10G with QLoRA and chunked loss", () => {
    const c = ask({ model: named("llama-3.1-8b"), seq: 8192, gpus: [{ id: "a10g" }] }, "lora");
    const { plans } = plan(c);
    const best = plans[0]!;
    expect(words(best)).toEqual(["loss=chunked", "method=qlora"]);
    expect(best.method).toBe("qlora");
    expect(best.scenario.bytes.total / GB).toBeGreaterThan(15);
    expect(best.scenario.bytes.total / GB).toBeLessThan(0.9 * best.target.capacityBytes);
    // Checkpointing with chunked loss keeps LoRA but misses the card: no plan keeps LoRA on one A10G.
    const ckptLoss: PlanChange[] = [
      { lever: "loss", from: "standard", to: "chunked" },
      { lever: "ckpt", from: "off", to: "on" },
    ];
    expect(fitsWith(c, ckptLoss)).toBe(false);
    // (Keeping the context asked: only a shorter context keeps LoRA on the one card.)
    const keepsLoRA = plans.filter((p) => p.method === "lora" && p.target.count === 1 && p.target.id === "a10g");
    for (const p of keepsLoRA) expect(p.changes.map((x) => x.lever)).toContain("seq");
  });

  it("never offers more GPUs for a job whose activations alone exceed the card", () => {
    const c = ask({ seq: 131072, gpus: [{ id: "rtx-4090" }] }, "full");
    // With every cheap lever the activations alone leave no headroom on the card: sharding cannot help.
    const all = applyChanges(c.request, c.method, c.target, cheapChanges(c.request, c.method));
    const s = estimateScenario(resolveModel(c.request.model), all.request, all.method, 1);
    expect(s.bytes.activations).toBeGreaterThan((1 - HEADROOM) * c.target!.capacityBytes);
    const { plans } = plan(c, 10);
    expect(plans.length).toBeGreaterThan(0);
    expect(plans.flatMap((p) => p.changes).filter((ch) => ch.lever === "gpus")).toEqual([]);
  });

  it("never offers offload that is not needed", () => {
    // Offload applies to 7B LoRA but only moves the adapters' tiny states: no plan uses it.
    const lora = ask({ seq: 2048, gpus: [{ id: "rtx-4090" }] }, "lora");
    expect(cheapChanges(lora.request, lora.method).map((ch) => ch.lever)).toContain("offload");
    expect(
      plan(lora, 10)
        .plans.flatMap((p) => p.changes)
        .filter((ch) => ch.lever === "offload"),
    ).toEqual([]);
    // Where it is offered, the plan no longer fits without it.
    const full = ask({ model: named("llama-3.1-70b"), gpus: [{ id: "h100-sxm" }] }, "full");
    const offloaded = plan(full, 10).plans.filter((p) => p.changes.some((ch) => ch.lever === "offload"));
    expect(offloaded.length).toBeGreaterThan(0);
    for (const p of offloaded)
      expect(
        fitsWith(
          full,
          p.changes.filter((ch) => ch.lever !== "offload"),
        ),
      ).toBe(false);
  });

  it("offers offload only within the host memory one GPU's share of a machine has", () => {
    // 405B full fine-tuning on 4090s: ZeRO-3 offload of the 16-bit states would need terabytes of host memory per GPU.
    const c = ask({ model: named("llama-3.1-405b"), gpus: [{ id: "rtx-4090" }] }, "full");
    const { plans } = plan(c, 10);
    for (const p of plans) expect(p.scenario.hostBytes).toBeLessThanOrEqual(MAX_HOST_BYTES_PER_GPU);
    expect(plans.some((p) => p.method === "full")).toBe(false);
  });

  it("runs more of the same card for training on ZeRO-3, set explicitly, and never on plain data parallel", () => {
    for (const zero of [undefined, 0] as const) {
      const c = ask({ seq: 2048, gpus: [{ id: "rtx-4090" }], ...(zero === undefined ? {} : { zero }) }, "lora");
      const more = plan(c).plans.find((p) => p.changes.some((ch) => ch.lever === "gpus"))!;
      expect(words(more)).toContain("gpus=2");
      expect(more.request.zero).toBe(3);
      expect(more.scenario.zero).toBe(3);
      expect(more.request.gpus).toEqual([{ id: "rtx-4090", count: 2 }]);
    }
  });

  it("ranks 2× the same GPU with checkpointing before 4×, and checkpointing with 8-bit AdamW before QLoRA", () => {
    const t = targetFromSpec(gpuById("rtx-4090"), 1);
    const ckpt: PlanChange = { lever: "ckpt", from: "off", to: "on" };
    const two: PlanChange = { lever: "gpus", from: "1", to: "2" };
    const four: PlanChange = { lever: "gpus", from: "1", to: "4" };
    const optim: PlanChange = { lever: "optim", from: "adamw", to: "adamw8bit" };
    const qlora: PlanChange = { lever: "method", from: "full", to: "qlora" };
    const seq: PlanChange = { lever: "seq", from: "8192", to: "4096" };
    expect(compareCost(costVector([ckpt, two], t), costVector([four], t))).toBeLessThan(0);
    expect(compareCost(costVector([ckpt, optim], t), costVector([qlora], t))).toBeLessThan(0);
    // A shorter context ranks after any hardware, even the biggest card.
    const mi300x: PlanChange = { lever: "gpu", from: "rtx-4090", to: "mi300x" };
    expect(compareCost(costVector([mi300x, qlora], t), costVector([seq], t))).toBeLessThan(0);
    // Any bigger card ranks after 8× the same card; the smaller of the bigger cards first.
    const eight: PlanChange = { lever: "gpus", from: "1", to: "8" };
    const l40s: PlanChange = { lever: "gpu", from: "rtx-4090", to: "l40s" };
    const h200: PlanChange = { lever: "gpu", from: "rtx-4090", to: "h200" };
    expect(compareCost(costVector([eight], t), costVector([l40s], t))).toBeLessThan(0);
    expect(compareCost(costVector([l40s], t), costVector([h200], t))).toBeLessThan(0);
  });

  it("shortens a context only as the last plan, to the longest multiple of 1024 that fits", () => {
    const c = ask({ model: named("llama-3.1-8b"), seq: 8192, gpus: [{ id: "a10g" }] }, "lora");
    const { plans } = plan(c, 20);
    const tiers = plans.map((p) => p.tier);
    const firstContext = tiers.indexOf("context");
    expect(firstContext).toBeGreaterThan(0);
    expect(tiers.slice(firstContext).every((t) => t === "context")).toBe(true);
    for (const p of plans.slice(firstContext)) {
      const shorter = p.changes.find((ch) => ch.lever === "seq")!;
      const s = Number(shorter.to);
      expect(s % 1024).toBe(0);
      expect(s).toBeLessThan(c.request.seq);
      // One step longer no longer fits with the plan's other changes.
      const longer = p.changes.map((ch) => (ch === shorter ? { ...ch, to: String(s + 1024) } : ch));
      expect(fitsWith(c, longer)).toBe(false);
      // Only for a method that misses the asked context with every cheap lever.
      const method = p.changes.filter((ch) => ch.lever === "method");
      const after = applyChanges(c.request, c.method, c.target, method);
      expect(fitsWith(c, [...method, ...cheapChanges(after.request, after.method)])).toBe(false);
    }
  });

  it("shortens the context when nothing else fits, keeping as much of it as the card allows", () => {
    const c = ask({ seq: 1_000_000, gpus: [{ id: "mi300x", count: 8 }] }, "full");
    const { plans } = plan(c);
    expect(plans.length).toBeGreaterThan(0);
    for (const p of plans) {
      expect(p.tier).toBe("context");
      expect(p.changes.at(-1)!.lever).toBe("seq");
    }
  });

  it("answers a request that fits as asked with the plan of no change", () => {
    const c = ask({ seq: 512, gpus: [{ id: "h100-sxm" }] }, "lora");
    const { plans, closest } = plan(c);
    expect(plans).toHaveLength(1);
    expect(plans[0]!.changes).toEqual([]);
    expect(plans[0]!.tier).toBe("free");
    expect(closest).toBeUndefined();
  });

  it("offers an fp8 KV cache, 8-bit weights and a second GPU for 14B inference at 160k on an A100", () => {
    const c = ask({ model: named("qwen2.5-14b"), seq: 163840, gpus: [{ id: "a100-80gb" }] }, "inference");
    const { plans } = plan(c);
    expect(plans.map(words)).toEqual([["kv=fp8"], ["precision=int8"], ["gpus=2"]]);
    expect(plans[0]!.request.kvPrecision).toBe("fp8");
    expect(plans.map((p) => p.tier)).toEqual(["numerics", "method", "hardware"]);
  });

  it("serves 70B at 32k on an H100 with int4 weights, or split over more H100s (tensor parallel)", () => {
    const c = ask({ model: size(70e9), seq: 32768, gpus: [{ id: "h100-sxm" }] }, "inference");
    const { plans } = plan(c);
    expect(words(plans[0]!)).toEqual(["precision=int4"]);
    const split = plans.filter((p) => p.changes.some((ch) => ch.lever === "gpus"));
    expect(split.length).toBeGreaterThan(0);
    const one = estimateScenario(resolveModel(c.request.model), c.request, "inference", 1);
    for (const p of split) {
      expect(p.scenario.gpuCount).toBe(p.target.count);
      expect(p.request.zero).toBeUndefined();
      if (p.changes.length === 1) expect(p.scenario.bytes.weights).toBeCloseTo(one.bytes.weights / p.target.count, -3);
    }
  });

  it("gives the closest setup and its floor when nothing fits", () => {
    // A 2T-parameter model: even QLoRA's 4-bit base overflows one 4090, 8 of them, and every bigger card.
    const c = ask({ model: size(2e12), gpus: [{ id: "rtx-4090" }] }, "full");
    const { plans, closest } = plan(c);
    expect(plans).toEqual([]);
    expect(closest).toBeDefined();
    expect(closest!.method).toBe("qlora");
    expect(words(closest!)).toContain("loss=chunked");
    expect(closest!.changes.some((ch) => ch.lever === "gpus" || ch.lever === "gpu" || ch.lever === "seq")).toBe(false);
    expect(closest!.floor).toBe("weights");
    expect(closest!.target.id).toBe("rtx-4090");
    expect(closest!.scenario.bytes.total).toBeGreaterThan(closest!.target.capacityBytes);
    // Replaying its request gives its numbers.
    const again = estimateScenario(resolveModel(c.request.model), closest!.request, closest!.method, 1);
    expect(again.bytes.total).toBe(closest!.scenario.bytes.total);
  });

  it("gives the closest inference setup (int4 weights, fp8 KV cache) when 405B cannot be served", () => {
    const c = ask({ model: named("llama-3.1-405b"), gpus: [{ id: "rtx-4090" }] }, "inference");
    const { plans, closest } = plan(c);
    expect(plans).toEqual([]);
    expect(words(closest!)).toEqual(["kv=fp8", "precision=int4"]);
    expect(closest!.floor).toBe("weights");
  });
});

describe("planFor with no GPU named", () => {
  it("ranks the smallest cards first, each plan opening with its card", () => {
    const c = ask({}, "lora");
    const { plans } = plan(c);
    // A bigger card that asks for no less than a smaller one is left out: 7B LoRA fits the 24 GB card as asked.
    expect(plans.length).toBeGreaterThanOrEqual(1);
    expect(plans[0]!.changes).toEqual([{ lever: "gpu", from: "none", to: "rtx-4090" }]);
    const cards = plans.map((p) => p.changes[0]!);
    for (const ch of cards) expect(ch).toMatchObject({ lever: "gpu", from: "none" });
    const indices = cards.map((ch) => RECOMMEND_LADDER.indexOf(ch.to as (typeof RECOMMEND_LADDER)[number]));
    expect(indices).toEqual([...indices].sort((a, b) => a - b));
    // No smaller card fits even with every cheap lever.
    const cheap = cheapChanges(c.request, c.method);
    for (const id of RECOMMEND_LADDER.slice(0, indices[0])) {
      expect(fitsWith(c, [{ lever: "gpu", from: "none", to: id }, ...cheap])).toBe(false);
    }
    for (const p of plans) {
      expect(p.tier).toBe("hardware");
      expect(p.method).toBe("lora");
      expect(p.request.gpus).toEqual([{ id: p.target.id, count: 1 }]);
    }
  });

  it("starts from the 12 GB card where QLoRA of an 8B model fits it", () => {
    const { plans } = plan(ask({ model: named("llama-3.1-8b") }, "qlora"));
    expect(plans[0]!.target.id).toBe(RECOMMEND_LADDER[0]);
  });

  it("searches the cards at the count asked", () => {
    const { plans } = plan(ask({ model: size(70e9), gpus: [{ count: 4 }] }, "lora"));
    expect(plans.length).toBeGreaterThan(0);
    for (const p of plans) expect(p.target.count).toBe(4);
  });

  it("gives the closest setup on the largest card when no single card fits, keeping the method", () => {
    const { plans, closest } = plan(ask({ model: size(70e9) }, "full"));
    expect(plans).toEqual([]);
    expect(closest!.method).toBe("full");
    expect(closest!.changes[0]).toEqual({ lever: "gpu", from: "none", to: "mi300x" });
    expect(closest!.scenario.hostBytes).toBeLessThanOrEqual(MAX_HOST_BYTES_PER_GPU);
    expect(closest!.floor).toBe("weights");
  });
});

describe("applyChanges", () => {
  it("writes every lever into the request in request-language values", () => {
    const c = ask({ batch: 8, seq: 8192, gpus: [{ id: "a10g" }] }, "full");
    const changes: PlanChange[] = [
      { lever: "loss", from: "standard", to: "chunked" },
      { lever: "step", from: "foreach", to: "fused" },
      { lever: "ckpt", from: "off", to: "on" },
      { lever: "batch", from: "8", to: "2" },
      { lever: "offload", from: "none", to: "cpu" },
      { lever: "optim", from: "adamw", to: "adamw8bit" },
      { lever: "method", from: "full", to: "lora" },
      { lever: "gpus", from: "1", to: "4" },
      { lever: "seq", from: "8192", to: "4096" },
    ];
    const a = applyChanges(c.request, c.method, c.target, changes);
    expect(a.method).toBe("lora");
    expect(a.target).toMatchObject({ id: "a10g", count: 4 });
    expect(a.request).toMatchObject({
      methods: ["lora"],
      loss: "chunked",
      optimStep: "fused",
      gradientCheckpointing: true,
      batch: 2,
      offload: "cpu",
      optimizer: "adamw8bit",
      seq: 4096,
      zero: 3,
      gpus: [{ id: "a10g", count: 4 }],
    });
    const bigger = applyChanges(c.request, c.method, c.target, [{ lever: "gpu", from: "a10g", to: "l40s" }]);
    expect(bigger.target).toMatchObject({ id: "l40s", count: 1 });
    const bare = ask({ gpus: [{ memoryBytes: 24e9 }] }, "inference");
    const served = applyChanges(bare.request, "inference", bare.target, [
      { lever: "kv", from: "bf16", to: "fp8" },
      { lever: "precision", from: "bf16", to: "int4" },
      { lever: "gpus", from: "1", to: "2" },
    ]);
    expect(served.request).toMatchObject({
      kvPrecision: "fp8",
      precision: "int4",
      gpus: [{ memoryBytes: 24e9, count: 2 }],
    });
    expect(served.request.zero).toBeUndefined();
  });

  it("rejects a value the request language does not have", () => {
    const c = ask({ gpus: [{ id: "a10g" }] }, "full");
    expect(() => applyChanges(c.request, c.method, c.target, [{ lever: "loss", from: "standard", to: "x" }])).toThrow();
    expect(() => applyChanges(c.request, c.method, c.target, [{ lever: "batch", from: "4", to: "0" }])).toThrow();
  });
});

describe("the lever table", () => {
  it("describes every lever with a tier, a cost and a unique key", () => {
    expect(Object.keys(LEVERS).sort()).toEqual([...LEVER_ORDER].sort());
    const keys = LEVER_ORDER.map((l) => LEVERS[l].key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(RANK_ORDER).toEqual(["context", "hardware", "method", "numerics", "speed", "free"]);
  });
});

// ───────────────────────────── properties ─────────────────────────────

const MODELS = [
  named("llama-3.1-8b"),
  named("llama-3.1-70b"),
  named("mistral-7b"),
  named("qwen2.5-14b"),
  named("mixtral-8x7b"),
  named("gemma-2-9b"),
  named("phi-3-mini"),
  named("llama-3.2-1b"),
  named("qwen3-30b-a3b"),
  size(0.5e9),
  size(1.5e9),
  size(7e9),
  size(13e9),
  size(34e9),
  size(70e9),
  size(180e9),
  size(405e9),
];

const GPUS = ["rtx-3060", "rtx-4090", "a10g", "l40s", "a100-80gb", "h100-sxm", "h200", "mi300x"];

const QUANTIZED = new Set(["int8", "int4", "fp8"]);

/** Requests the planner is asked about: one method, one GPU (or none), the usual knobs. */
const cases: fc.Arbitrary<Case> = fc
  .record({
    model: fc.constantFrom(...MODELS),
    method: fc.constantFrom<Method>("full", "freeze", "lora", "qlora", "inference"),
    precision: fc.constantFrom("bf16", "bf16", "fp16", "fp32", "int8", "int4", "fp8"),
    seq: fc.oneof(fc.constantFrom(512, 1024, 2048, 4096, 8192, 32768, 131072), fc.integer({ min: 1, max: 300_000 })),
    batch: fc.constantFrom(1, 1, 2, 3, 4, 8, 16),
    gpu: fc.oneof(
      fc.constantFrom(...GPUS).map((id) => ({ id })),
      fc.constantFrom(24e9, 80e9).map((memoryBytes) => ({ memoryBytes })),
      fc.constant(undefined),
    ),
    count: fc.constantFrom(1, 1, 1, 2, 4, 8),
    gradientCheckpointing: fc.option(fc.boolean(), { nil: undefined }),
    loss: fc.constantFrom("standard", "chunked"),
    optimizer: fc.constantFrom("adamw", "adamw", "adamw8bit", "lion", "sgd", "adafactor"),
    optimStep: fc.constantFrom("foreach", "fused"),
    offload: fc.constantFrom("none", "none", "none", "cpu"),
    zero: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
    kvPrecision: fc.option(fc.constantFrom("bf16", "fp8"), { nil: undefined }),
    regime: fc.constantFrom("seed", "seed", "mixed", "pure"),
  })
  .map(({ gpu, count, method, precision, ...rest }) => {
    // Quantized weights are only trained through QLoRA (or served).
    const m: Method = QUANTIZED.has(precision) && method !== "inference" ? "qlora" : method;
    const fields: EstimationRequestInput = {
      ...(rest as Omit<EstimationRequestInput, "precision">),
      precision: precision as EstimationRequestInput["precision"],
      gpus: gpu ? [{ ...gpu, count }] : count > 1 ? [{ count }] : [],
    };
    return ask(fields, m);
  });

const RUNS = { numRuns: 150, seed: 20250611 } as const;

/** Each property runs over the same generated cases; results are computed once per case. */
function forEveryCase(check: (c: Case, r: PlanResult & { estimates: number }) => void): void {
  fc.assert(
    fc.property(cases, (c) => check(c, plan(c))),
    RUNS,
  );
}

describe("planFor over generated requests", () => {
  it("returns only plans that fit, each with at least 10 % headroom", () => {
    forEveryCase((_, { plans }) => {
      for (const p of plans) {
        expect(p.verdict).toBe("fits");
        expect(p.headroomBytes).toBeGreaterThanOrEqual(HEADROOM * p.target.capacityBytes);
        expect(planFits(p.scenario, p.target.capacityBytes)).toBe(true);
      }
    });
  });

  it("gives each plan a request that reproduces it exactly", () => {
    forEveryCase((c, { plans }) => {
      const m = resolveModel(c.request.model);
      for (const p of plans) {
        expect(p.request.methods).toEqual([p.method]);
        const [target] = resolveTargets(p.request.gpus);
        expect(target).toMatchObject({ id: p.target.id, count: p.target.count, capacityBytes: p.target.capacityBytes });
        const again = estimateScenario(m, p.request, p.method, p.target.count);
        expect(again.bytes.total).toBe(p.scenario.bytes.total);
        expect(verdictFor(again.bytes.total, p.target.capacityBytes).verdict).toBe(p.verdict);
        if (p.target.count > 1 && p.method !== "inference" && p.changes.some((ch) => ch.lever === "gpus"))
          expect(p.request.zero).toBeGreaterThan(0);
        // The changes replayed on the asked request give the same request.
        expect(applyChanges(c.request, c.method, c.target, p.changes).request).toEqual(p.request);
      }
    });
  });

  it("keeps every plan minimal: dropping any one change no longer fits", () => {
    forEveryCase((c, { plans }) => {
      for (const p of plans) {
        for (const drop of p.changes) {
          if (!c.target && drop.lever === "gpu") continue;
          expect(
            fitsWith(
              c,
              p.changes.filter((ch) => ch !== drop),
            ),
            `${changesKey(p.changes)} without ${drop.lever}`,
          ).toBe(false);
        }
      }
    });
  });

  it("never returns a plan that is a superset of another", () => {
    forEveryCase((c, { plans }) => {
      const key = (ch: PlanChange) => `${ch.lever}=${ch.to}`;
      for (const a of plans) {
        for (const b of plans) {
          if (a === b) continue;
          if (c.target) expect(dominates(a.changes, b.changes)).toBe(false);
          const inB = new Set(b.changes.map(key));
          const strictSuperset = b.changes.length > a.changes.length && a.changes.every((ch) => inB.has(key(ch)));
          expect(strictSuperset).toBe(false);
        }
      }
    });
  });

  it("ranks plans by cost vector, most severe tier first, and a shorter context last", () => {
    forEveryCase((c, { plans }) => {
      for (let i = 1; i < plans.length; i++) {
        expect(compareCost(plans[i - 1]!.cost, plans[i]!.cost)).toBeLessThanOrEqual(0);
        expect(comparePlans(plans[i - 1]!, plans[i]!)).toBeLessThanOrEqual(0);
      }
      const context = plans.map((p) => p.tier === "context");
      expect(context).toEqual([...context].sort((a, b) => Number(a) - Number(b)));
      for (const p of plans) {
        expect(p.cost).toEqual(costVector(p.changes, c.target));
        expect(p.tier).toBe(tierOf(p.changes));
        if (p.changes.some((ch) => ch.lever === "seq")) expect(p.tier).toBe("context");
      }
    });
  });

  it("lists changes in the lever order (the card first with no GPU named), each one that changes something", () => {
    forEveryCase((c, { plans }) => {
      for (const p of plans) {
        const rest = c.target ? p.changes : p.changes.slice(1);
        if (!c.target) expect(p.changes[0]).toMatchObject({ lever: "gpu", from: "none" });
        const order = rest.map((ch) => LEVER_ORDER.indexOf(ch.lever));
        expect(order).toEqual([...order].sort((a, b) => a - b));
        for (const ch of p.changes) expect(ch.from).not.toBe(ch.to);
        if (!c.target) expect(p.changes.some((ch) => ch.lever === "method" || ch.lever === "seq")).toBe(false);
      }
    });
  });

  it("gives the closest setup exactly when no plan fits", () => {
    forEveryCase((c, { plans, closest }) => {
      expect(closest === undefined).toBe(plans.length > 0);
      if (!closest) return;
      expect(closest.changes.some((ch) => ch.lever === "gpus" || ch.lever === "seq")).toBe(false);
      expect(planFits(closest.scenario, closest.target.capacityBytes)).toBe(false);
      expect(closest.scenario.bytes[closest.floor]).toBe(
        Math.max(
          ...(["weights", "gradients", "optimizer", "activations", "kvCache", "overhead"] as const).map(
            (k) => closest.scenario.bytes[k],
          ),
        ),
      );
      if (c.target) expect(closest.target.id).toBe(c.target.id);
    });
  });

  it("gives the same answer to the same request", () => {
    forEveryCase((c, first) => {
      expect(plan(c)).toEqual(first);
    });
  });

  it("stays within a bounded number of estimates", () => {
    const counts: number[] = [];
    forEveryCase((_, { estimates }) => {
      counts.push(estimates);
      // The search visits a few dozen setups; an exhaustive one would need thousands.
      expect(estimates).toBeLessThanOrEqual(150);
    });
    counts.sort((a, b) => a - b);
    expect(counts[Math.floor(counts.length / 2)]).toBeLessThanOrEqual(40);
  });
});
