import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type Answer, answerText } from "../../src/answer/index.js";
import { Answer as AnswerSchema } from "../../src/answer/schema.js";
import { toJson } from "../../src/render/json.js";

const phrasings = (
  JSON.parse(readFileSync(new URL("../fixtures/phrasings.json", import.meta.url), "utf8")) as { text: string }[]
).map((p) => p.text);

/** Requests that do not fit as asked, with a GPU named and without, training and serving. */
const NOT_FITTING = [
  "llama-3.1-8b lora bf16 seq=8k gpu=a10g",
  "7B lora gpu=4090 seq=2k",
  "llama-3.1-70b full gpu=h100",
  "70b inference ctx=32k gpu=h100",
  "qwen2.5-7b full gpu=2xa100-80 seq=4k",
  "mixtral-8x7b lora gpu=l40s",
  "gemma-2-9b lora batch=8 seq=8k flash=off gpu=4090",
  "llama-3.1-8b full gpu=24gb",
  "7B",
  "13B full",
];

const answers = (texts: readonly string[]): Answer[] =>
  texts.flatMap((t) => {
    const r = answerText(t);
    return r.kind === "answer" ? [r.answer] : [];
  });

describe("one pipeline from text to answer", () => {
  it("answers every phrasing of the corpus with an Answer that validates and a JSON contract that validates", () => {
    const all = answers(phrasings);
    expect(all.length).toBeGreaterThan(250);
    for (const a of all) {
      expect(AnswerSchema.safeParse(a).success, a.query).toBe(true);
      expect(() => toJson(a), a.query).not.toThrow();
    }
  });

  it("gives every plan a canonical request that, run again, fits with the same total on the same GPU", () => {
    let checked = 0;
    for (const a of answers([...NOT_FITTING, ...phrasings])) {
      for (const p of a.plans) {
        const again = answerText(p.request);
        if (again.kind !== "answer") throw new Error(`${p.request} (a plan of "${a.query}") does not read back`);
        const b = again.answer;
        const s = b.scenarios.find((x) => x.method === p.method)!;
        expect(b.targets[0]!.id, p.request).toBe(p.target.id);
        expect(s.fits[0]!.count, p.request).toBe(p.target.count);
        expect(s.bytes.total, p.request).toBe(p.scenario.bytes.total);
        expect(s.fits[0]!.verdict, p.request).toBe("fits");
        expect(b.plans, `${p.request} fits as asked, so it needs no plan`).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(30);
  });

  it("shows plans only when the methods asked about do not fit the GPU named with headroom", () => {
    for (const a of answers([...NOT_FITTING, ...phrasings])) {
      if (!a.gpuNamed) continue;
      const considered = a.scenarios.filter((s) => (a.primary === "inference") === (s.method === "inference"));
      const fits = considered.some((s) => s.fits[0]!.verdict === "fits");
      const tight = considered.some((s) => s.fits[0]!.verdict === "tight");
      if (fits && !a.overContext) expect(a.plans, a.query).toEqual([]);
      if (!fits && !tight && a.plans.length > 0) expect(a.recommendation.kind, a.query).toBe("plan");
      if (tight && !fits) expect(a.recommendation.kind, a.query).toBe("tight");
      if (!fits && !tight && a.plans.length === 0) expect(a.recommendation.kind, a.query).toBe("none");
    }
  });

  it("offers plans for training when only inference fits a question about fine-tuning", () => {
    const [a] = answers(["llama-3.1-8b seq=32k gpu=l40s"]);
    expect(a!.scenarios.find((s) => s.method === "inference")!.fits[0]!.verdict).toBe("fits");
    expect(a!.recommendation.kind).toBe("plan");
    expect(a!.plans.length).toBeGreaterThan(0);
    expect(a!.plans.every((p) => p.method !== "inference")).toBe(true);
  });

  it("comes back to the model's own maximum context first, in every plan", () => {
    const [a] = answers(["llama-3-8b qlora seq=128k gpu=4090"]);
    expect(a!.overContext).toEqual({ asked: 131072, max: 8192 });
    expect(a!.plans.length).toBeGreaterThan(0);
    for (const p of a!.plans) expect(p.changes[0]).toEqual({ lever: "seq", from: "131072", to: "8192" });
  });

  it("offers ZeRO-3 on the user's own GPUs before more of them when they asked for plain data parallel", () => {
    const [a] = answers(["13B full zero=0 gpu=4xa100-80"]);
    expect(a!.plans[0]!.changes).toEqual([{ lever: "zero", from: "0", to: "3" }]);
    expect(a!.plans[0]!.target.count).toBe(4);
  });

  it("offers a plan for headroom when the job is tight", () => {
    const [a] = answers(["llama-3.1-8b freeze gpu=4090"]);
    expect(a!.recommendation.kind).toBe("tight");
    expect(a!.plans[0]!.changes).toEqual([{ lever: "loss", from: "standard", to: "chunked" }]);
  });

  it("shows three plans where three exist, none beaten by another on every cost", () => {
    const [a] = answers(["llama-3.1-8b lora bf16 seq=8k gpu=a10g"]);
    expect(a!.plans).toHaveLength(3);
    expect(a!.plans.map((p) => p.changes.map((c) => `${c.lever}=${c.to}`).join(" "))).toEqual([
      "loss=chunked method=qlora",
      expect.stringContaining("gpus=2"),
      expect.stringContaining("gpu="),
    ]);
  });

  it("never offers a context longer than the model's own, and says when that cap binds", () => {
    for (const a of answers([...NOT_FITTING, ...phrasings])) {
      for (const l of a.limits) {
        if (a.model.maxContext !== null) expect(l.maxSeq, a.query).toBeLessThanOrEqual(a.model.maxContext);
        if (l.contextCap !== null) expect(l.maxSeq, a.query).toBe(l.contextCap);
      }
      for (const p of a.plans) {
        if (a.model.maxContext !== null) expect(p.scenario, a.query).toBeDefined();
        const seq = answerText(p.request);
        if (seq.kind === "answer" && a.model.maxContext !== null)
          expect(seq.answer.request.seq, p.request).toBeLessThanOrEqual(a.model.maxContext);
      }
    }
  });

  it("computes limits under the recommended plan when the request does not fit as asked", () => {
    const [a] = answers(["llama-3.1-8b lora bf16 seq=8k gpu=a10g"]);
    const plan = a!.limits.find((l) => l.basis === "plan")!;
    expect(plan.method).toBe(a!.plans[0]!.method);
    expect(plan.maxSeq).toBeGreaterThanOrEqual(8192);
    const asked = a!.limits.find((l) => l.basis === "asked")!;
    expect(asked.maxSeq).toBeLessThan(8192);
  });

  it("knows which settings were typed and which are defaults", () => {
    const [a] = answers(["llama-3.1-8b lora gpu=4090 seq=4k"]);
    expect(a!.typed).toEqual(expect.arrayContaining(["methods", "seq", "gpus"]));
    expect(a!.typed).not.toContain("batch");
  });

  it("is deterministic: the same text gives the same answer", () => {
    for (const t of NOT_FITTING) expect(answerText(t)).toEqual(answerText(t));
  });
});
