import { describe, expect, it } from "vitest";
import { answerText } from "../../src/answer/index.js";
import type { Answer, FleetGroup } from "../../src/answer/schema.js";
import { recommendationText } from "../../src/render/words.js";
import { verdictLine } from "../../src/render/slack/answer.js";

const fleet: FleetGroup[] = [
  { name: "lyra", gpuId: "rtx-4090", count: 2 },
  { name: "orion", gpuId: "a100-40gb", count: 8 },
];

function answer(text: string): Answer {
  const r = answerText(text, undefined, { fleet });
  if (r.kind !== "answer") throw new Error(r.kind);
  return r.answer;
}

describe("an answer for the team's own GPUs", () => {
  it("leads with the first group the job fits as asked, by the team's name for it", () => {
    const a = answer("llama-3.1-8b lora seq=4k");
    expect(a.fleet?.map((g) => g.name)).toEqual(["orion", "lyra"]);
    expect(a.recommendation).toMatchObject({ kind: "fits", gpu: "a100-40gb", count: 8 });
    expect(a.plans).toEqual([]);
    expect(verdictLine(a)).toContain("Fits on orion (8× A100 40 GB) with LoRA");
    expect(recommendationText(a)).toContain("fits on orion (8× A100 40GB)");
    // The headline breakdown is for the group it leads with: eight cards, ZeRO-3 sharding.
    expect(a.scenarios.every((s) => s.gpuCount === 8)).toBe(true);
  });

  it("keeps the team's order when the first group fits", () => {
    const a = answer("qwen2.5-1.5b lora seq=2k");
    expect(a.fleet?.map((g) => g.name)).toEqual(["lyra", "orion"]);
    expect(verdictLine(a)).toContain("lyra (2× RTX 4090 24 GB)");
  });

  it("plans on the groups the team owns before any card it would have to buy or rent", () => {
    const a = answer("llama-3.1-70b lora seq=4k");
    const owned = (p: Answer["plans"][number]) => !p.changes.some((c) => c.lever === "gpu" || c.lever === "gpus");
    expect(a.plans.length).toBeGreaterThan(1);
    const firstBought = a.plans.findIndex((p) => !owned(p));
    expect(a.plans.slice(0, firstBought < 0 ? undefined : firstBought).every(owned)).toBe(true);
    expect(a.plans[0]).toMatchObject({ target: { id: "a100-40gb", count: 8 } });
    expect(verdictLine(a)).toContain("Fits on orion (8× A100 40 GB) with LoRA + checkpointing");
    expect(verdictLine(a)).not.toContain("does not have");
  });

  it("says so when only cards the team does not have will do", () => {
    const a = answer("llama-3.1-405b full seq=8k");
    expect(a.plans[0]?.changes.some((c) => c.lever === "gpu")).toBe(true);
    expect(verdictLine(a)).toContain("(cards this workspace does not have)");
  });

  it("answers for the GPU named, not the fleet, when the question names one", () => {
    const a = answer("llama-3.1-8b lora seq=4k gpu=h100");
    expect(a.fleet).toBeUndefined();
    expect(verdictLine(a)).not.toContain("orion");
  });
});
