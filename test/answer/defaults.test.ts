import { describe, expect, it } from "vitest";
import { answerText } from "../../src/answer/index.js";
import type { Answer } from "../../src/answer/schema.js";
import type { AppliedSetting } from "../../src/parse/setting-fields.js";
import { defaultsText } from "../../src/render/defaults.js";
import { renderText } from "../../src/render/text.js";
import { defaultsFor } from "../../src/store/settings.js";

const mine = (field: AppliedSetting["field"], value: string): AppliedSetting => ({ field, value, scope: "personal" });
const team = (field: AppliedSetting["field"], value: string): AppliedSetting => ({ field, value, scope: "workspace" });

function answer(text: string, defaults: AppliedSetting[]): Answer {
  const r = answerText(text, undefined, { defaults });
  if (r.kind !== "answer") throw new Error(`expected an answer for ${text}, got ${r.kind}`);
  return r.answer;
}

describe("saved defaults in an answer", () => {
  it("answers as the team's framework runs it, and lets the question's own words win", () => {
    const a = answer("llama-3.1-8b full gpu=h100", [team("framework", "torchtune")]);
    expect(a.request.framework).toBe("torchtune");
    expect(a.request.regime).toBe("pure");
    expect(a.request.optimStep).toBe("inbackward");
    expect(defaultsText(a)).toBe("Using the workspace's default `framework=torchtune`.");
    const mixed = answer("llama-3.1-8b full gpu=h100 regime=mixed", [team("framework", "torchtune")]);
    expect(mixed.request.regime).toBe("mixed");
  });

  it("serves with the team's engine, and leaves a training question alone", () => {
    const serve = answer("llama-3.1-8b serve seq=8k gpu=h100", [team("engine", "vllm")]);
    expect(serve.request.engine).toBe("vllm");
    const train = answer("llama-3.1-8b lora gpu=h100", [team("engine", "vllm")]);
    expect(train.request.engine).toBe("hf");
    expect(train.defaults).toBeUndefined();
  });

  it("fills what the question leaves out, says whose each default was, and echoes the question as typed", () => {
    const a = answer("can I qlora llama 3.1 8b?", [mine("gpu", "rtx-4090"), team("seq", "4096")]);
    expect(a.request.gpus).toEqual([{ id: "rtx-4090", count: 1 }]);
    expect(a.request.seq).toBe(4096);
    expect(a.gpuNamed).toBe(true);
    expect(a.query).toBe("can I qlora llama 3.1 8b?");
    expect(a.defaults?.applied.map((d) => d.field)).toEqual(["gpu", "seq"]);
    expect(defaultsText(a)).toBe("Using your default `gpu=rtx-4090`, and the workspace's default `seq=4k`.");
    expect(renderText(a)).toContain("4k (the workspace's default) tokens");
  });

  it("never overrides what the question says", () => {
    const a = answer("llama-3.1-8b qlora gpu=a100-80 seq=2k fp16", [
      mine("gpu", "rtx-4090"),
      mine("seq", "8192"),
      team("precision", "fp32"),
    ]);
    expect(a.request.gpus[0]?.id).toBe("a100-80gb");
    expect(a.request.seq).toBe(2048);
    expect(a.request.precision).toBe("fp16");
    expect(a.defaults).toBeUndefined();
    expect(defaultsText(a)).toBeUndefined();
  });

  it("gives a count typed without a card the default card, at the count typed", () => {
    const a = answer("70b lora gpus=4", [mine("gpu", "2xh100-sxm")]);
    expect(a.request.gpus).toEqual([{ id: "h100-sxm", count: 4 }]);
  });

  it("prints sizes in GiB with a unit=gib default, the bytes unchanged", () => {
    const gb = answer("7B fp16 seq=2048", []);
    const gib = answer("7B fp16 seq=2048", [team("unit", "gib")]);
    expect(gib.request.unit).toBe("GiB");
    expect(gib.scenarios.map((s) => s.bytes.total)).toEqual(gb.scenarios.map((s) => s.bytes.total));
    expect(renderText(gib)).toMatch(/\d GiB/);
    expect(renderText(gib)).not.toMatch(/\d GB\b/);
    expect(gib.canonical).toContain("unit=gib");
  });

  it("leaves out a default that does not go with the question, and names it", () => {
    // int4 weights cannot be fully fine-tuned: the parser refuses that pair when typed, so the default gives way.
    const a = answer("7B full", [mine("batch", "8"), mine("precision", "int4")]);
    expect(a.request.precision).toBe("bf16");
    expect(a.request.batch).toBe(8);
    expect(a.defaults?.skipped.map((d) => d.field)).toEqual(["precision"]);
    expect(defaultsText(a)).toContain("Not used here");
  });
});

describe("whose default wins", () => {
  const row = (user_id: string, field: AppliedSetting["field"], value: string) => ({
    team_id: "T0ACME",
    user_id,
    field,
    value,
    updated_by: "U0ADA",
    updated_at: "2026-12-02T10:00:00.000Z",
  });
  it("takes the person's own over the workspace's, and nobody else's", () => {
    const rows = [
      row("", "seq", "4096"),
      row("", "unit", "gib"),
      row("U0ADA", "seq", "8192"),
      row("U0BOB", "gpu", "rtx-4090"),
    ];
    expect(defaultsFor(rows, "U0ADA")).toEqual([
      { field: "seq", value: "8192", scope: "personal" },
      { field: "unit", value: "gib", scope: "workspace" },
    ]);
    expect(defaultsFor(rows, undefined).map((d) => d.field)).toEqual(["seq", "unit"]);
  });
});
