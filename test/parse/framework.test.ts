import { describe, expect, it } from "vitest";
import { answerText } from "../../src/answer/index.js";
import type { Answer } from "../../src/answer/schema.js";
import { frameworkPresets } from "../../src/catalog/frameworks.js";
import type { EstimationRequest } from "../../src/estimator/request.js";
import { toCanonical } from "../../src/parse/canonical.js";
import { parseRequest } from "../../src/parse/grammar.js";
import type { ParsedRequest } from "../../src/parse/result.js";
import type { AppliedSetting } from "../../src/parse/setting-fields.js";

const parsed = (text: string): ParsedRequest => {
  const r = parseRequest(text);
  if (r.kind !== "request") throw new Error(`expected a request from "${text}", got ${JSON.stringify(r)}`);
  return r;
};
const ok = (text: string): EstimationRequest => parsed(text).request;

const answer = (text: string, defaults: AppliedSetting[] = []): Answer => {
  const r = answerText(text, undefined, { defaults });
  if (r.kind !== "answer") throw new Error(`expected an answer for ${text}, got ${r.kind}`);
  return r.answer;
};

/** parseRequest(toCanonical(r)) gives r back, but for the query. */
function roundTrips(text: string): void {
  const r = ok(text);
  const canonical = toCanonical(r);
  const back = parseRequest(canonical);
  if (back.kind !== "request")
    throw new Error(`"${canonical}" (from "${text}") did not parse: ${JSON.stringify(back)}`);
  expect({ ...back.request, query: "" }, `${text} → ${canonical}`).toEqual({ ...r, query: "" });
}

describe("framework= presets", () => {
  it("fills torchtune's defaults: pure bf16, chunked loss, checkpointing", () => {
    const r = ok("llama-3.1-8b lora framework=torchtune");
    expect(r).toMatchObject({
      framework: "torchtune",
      precision: "bf16",
      regime: "pure",
      loss: "chunked",
      gradientCheckpointing: true,
      offloadActivations: false,
      compile: false,
      quantizer: "torchao",
      rank: 8,
      optimStep: "fused",
    });
  });

  it("reads the bare name as the framework", () => {
    expect(ok("can I qlora llama 3.1 8b with unsloth on a 4090?")).toMatchObject({
      framework: "unsloth",
      gradientCheckpointing: true,
      offloadActivations: true,
      loss: "chunked",
      optimizer: "adamw8bit",
    });
  });

  it("keeps an explicit word over the preset", () => {
    expect(ok("8B framework=torchtune regime=mixed").regime).toBe("mixed");
    expect(ok("8B torchtune ckpt=off loss=standard")).toMatchObject({ gradientCheckpointing: false, loss: "standard" });
    // A word equal to our own default still beats the preset's value.
    expect(ok("8B framework=torchtune regime=seed").regime).toBe("seed");
    expect(ok("8B unsloth offload=off").offloadActivations).toBe(false);
  });

  it("counts the preset's fields as typed by the question", () => {
    const p = parsed("8B framework=torchtune");
    expect(p.typed).toEqual(
      expect.arrayContaining(["framework", "precision", "regime", "loss", "gradientCheckpointing"]),
    );
    expect(parsed("8B").typed).not.toContain("regime");
  });

  it("does not let a saved default override the framework the question names", () => {
    const mine = (field: AppliedSetting["field"], value: string): AppliedSetting => ({
      field,
      value,
      scope: "personal",
    });
    const a = answer("llama-3.1-8b full framework=torchtune", [mine("regime", "mixed"), mine("seq", "4096")]);
    expect(a.request.regime).toBe("pure");
    expect(a.request.seq).toBe(4096);
    expect(a.defaults?.applied.map((d) => d.field)).toEqual(["seq"]);
  });

  it("applies a recipe's own defaults only to that recipe: torchtune's full fine-tune on one GPU", () => {
    expect(ok("llama-3.1-8b full torchtune gpu=4090")).toMatchObject({
      optimizer: "paged_adamw8bit",
      optimStep: "inbackward",
      accum: 1,
    });
    // On several GPUs, or compared with LoRA, the single-device full-finetune config is not the one that runs.
    const multi = ok("llama-3.1-8b full torchtune gpu=2xh100");
    expect(multi.optimizer).toBe("adamw");
    expect(multi.optimStep).toBe("foreach");
    const compared = ok("llama-3.1-8b torchtune fine-tune gpu=4090");
    expect(compared.optimizer).toBe("adamw");
    expect(compared.accum).toBeUndefined();
  });

  it("drops the preset's step in the backward when the question accumulates, and says so", () => {
    const p = parsed("llama-3.1-8b full framework=torchtune gpu=4090 accum=8");
    expect(p.request.accum).toBe(8);
    expect(p.request.optimStep).toBe("foreach");
    expect(p.request.optimizer).toBe("paged_adamw8bit");
    expect(p.notes.join(" ")).toMatch(/optimizer_in_bwd.*accum=8/);
    // Typed together, the two still contradict each other.
    expect(parseRequest("8B full step=inbackward accum=8").kind).toBe("error");
  });

  it("scopes the Trainer's pure bf16 to full fine-tuning (PEFT keeps LoRA adapters in fp32)", () => {
    expect(ok("8B full framework=hf").regime).toBe("pure");
    expect(ok("8B lora framework=hf").regime).toBe("seed");
    expect(ok("8B full framework=llamafactory gpu=4090").regime).toBe("amp");
    expect(ok("8B qlora litgpt").regime).toBe("pure");
    expect(ok("8B lora litgpt").regime).toBe("amp");
  });

  it("round-trips canonical text for every framework", () => {
    const variants = [
      "",
      "full gpu=4090",
      "full gpu=4090 accum=8",
      "lora gpu=2xh100",
      "qlora seq=4k",
      "full lora gpus=8",
      "inference int4",
      "full regime=seed loss=standard ckpt=off",
      "qlora optim=adamw step=foreach compile=off offload=off",
      "lora rank=16 targets=qkv zero=2 offload=cpu",
      "freeze quant=bnb flash=off",
    ];
    for (const p of frameworkPresets) for (const v of variants) roundTrips(`llama-3.1-8b framework=${p.id} ${v}`);
  });

  it("gives every plan under a framework a canonical request that reads back as the plan", () => {
    let plans = 0;
    for (const p of frameworkPresets) {
      for (const text of [
        `llama-3.1-8b full framework=${p.id} gpu=4090`,
        `llama-3.1-70b qlora framework=${p.id} gpu=4090`,
      ]) {
        for (const plan of answer(text).plans) {
          const back = parseRequest(plan.request);
          if (back.kind !== "request") throw new Error(`plan "${plan.request}" did not parse`);
          expect({ ...back.request, query: "" }, plan.request).toEqual({ ...plan.setup, query: "" });
          plans++;
        }
      }
    }
    expect(plans).toBeGreaterThan(20);
  });

  it("writes no more than the preset leaves out", () => {
    expect(toCanonical(ok("llama-3.1-8b framework=torchtune"))).toBe("llama-3.1-8b framework=torchtune");
    expect(toCanonical(ok("llama-3.1-8b lora torchtune regime=seed"))).toBe(
      "llama-3.1-8b framework=torchtune regime=seed lora",
    );
  });
});
