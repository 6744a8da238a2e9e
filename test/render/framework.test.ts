import { describe, expect, it } from "vitest";
import { answerText } from "../../src/answer/index.js";
import type { Answer } from "../../src/answer/schema.js";
import { assumptionLines } from "../../src/render/assumptions.js";
import { frameworkLine } from "../../src/render/framework.js";
import { helpText } from "../../src/render/help.js";
import { renderText } from "../../src/render/text.js";
import { setupLine } from "../../src/render/words.js";

const answer = (text: string): Answer => {
  const r = answerText(text);
  if (r.kind !== "answer") throw new Error(`expected an answer for ${text}, got ${r.kind}`);
  return r.answer;
};

describe("the framework in the answer", () => {
  it("names the framework in the assumptions", () => {
    const a = answer("llama-3.1-8b lora framework=torchtune gpu=4090");
    const line = assumptionLines(a).find((l) => l.startsWith("As torchtune runs it"));
    expect(line).toBeDefined();
    expect(line).toContain("pure bf16 (weights, gradients and optimizer states)");
    expect(line).toContain("activation checkpointing");
    expect(line).toContain("chunked cross-entropy");
    expect(line).toContain("(framework=torchtune; explicit words override)");
    expect(renderText(a)).toContain("As torchtune runs it");
    expect(setupLine(a)).toMatch(/^framework=torchtune · /);
  });

  it("says which of its defaults the question's words replaced", () => {
    const line = frameworkLine(answer("llama-3.1-8b full framework=torchtune regime=mixed gpu=4090 accum=8"));
    expect(line).toContain("yours here: `regime=mixed` and `accum=8`");
    expect(line).not.toContain("pure bf16");
  });

  it("names the defaults it keeps for another method or GPU count", () => {
    const line = frameworkLine(answer("llama-3.1-8b torchtune fine-tune gpu=4090"));
    expect(line).toContain("For full fine-tuning on one GPU it also uses paged 8-bit AdamW");
    expect(line).toContain("For LoRA and QLoRA it also uses the fused AdamW step");
  });

  it("adds the framework's caveat and says when it is only about training", () => {
    expect(frameworkLine(answer("llama-3.1-8b lora unsloth"))).toContain("load_in_4bit=True");
    expect(frameworkLine(answer("llama-3.1-8b inference torchtune"))).toContain("about training");
    expect(frameworkLine(answer("llama-3.1-8b lora"))).toBeUndefined();
  });

  it("says what LitGPT's own model code saves, and only what this request trains", () => {
    const line = frameworkLine(answer("phi-1.5 lora framework=litgpt batch=4 seq=1044"));
    expect(line).toContain("LoRA dropout 0.05");
    expect(line).toContain(
      "Counted as its model code builds it: LoRA on q, k and v as one module over its fused qkv linear",
    );
    expect(line).toContain("every loss chunk's 16-bit log-softmax kept for the backward");
    const full = frameworkLine(answer("phi-1.5 full framework=litgpt loss=standard"));
    expect(full).toContain("K and V repeated to every query head before attention");
    expect(full).not.toContain("fused qkv");
    expect(full).not.toContain("log-softmax");
    expect(frameworkLine(answer("llama-3.1-8b lora framework=torchtune"))).not.toContain("Counted as its model code");
  });

  it("lists framework= in the help", () => {
    expect(helpText("vram")).toMatch(/framework=torchtune .*hf, trl, axolotl, unsloth, llamafactory, torchtune/);
  });
});
