import { describe, expect, it } from "vitest";
import { parseRequest } from "../../src/parse/grammar.js";

const request = (text: string) => {
  const r = parseRequest(text);
  if (r.kind !== "request") throw new Error(`${text}: ${JSON.stringify(r)}`);
  return r.request;
};
const error = (text: string) => {
  const r = parseRequest(text);
  if (r.kind !== "error") throw new Error(`${text} parsed`);
  return r.error;
};

describe("words for how a training step runs", () => {
  it("reads accumulation steps under their usual names", () => {
    expect(request("llama-3.1-8b full accum=1").accum).toBe(1);
    expect(request("llama-3.1-8b full ga=8").accum).toBe(8);
    expect(request("llama-3.1-8b full gradient_accumulation_steps=4").accum).toBe(4);
    expect(request("llama-3.1-8b full").accum).toBeUndefined();
  });

  it("explains a zero accumulation with a corrected example", () => {
    const e = error("llama-3.1-8b full accum=0");
    expect(e.message).toContain("accum=0");
    expect(e.hint).toContain("accum=1");
  });

  it("reads torch.compile as a flag, a switch and in prose", () => {
    expect(request("7B lora compile").compile).toBe(true);
    expect(request("7B lora compile=off").compile).toBe(false);
    expect(request("7B lora with torch.compile").compile).toBe(true);
  });

  it("tells activation offloading from optimizer offloading", () => {
    const acts = request("7B full offload=activations");
    expect([acts.offloadActivations, acts.offload]).toEqual([true, "none"]);
    const both = request("7B full offload=cpu offload=activations");
    expect([both.offloadActivations, both.offload]).toEqual([true, "cpu"]);
  });

  it("reads the optimizer step fused into the backward under torchtune's name too", () => {
    expect(request("7B full step=inbackward").optimStep).toBe("inbackward");
    expect(request("7B full step=optimizer_in_bwd").optimStep).toBe("inbackward");
  });

  it("reads a 16-bit autocast over 16-bit weights (the HF Trainer's bf16=True)", () => {
    expect(request("8B lora autocast").autocast).toBe(true);
    expect(request("8B lora autocast=on").autocast).toBe(true);
    expect(request("8B lora").autocast).toBe(false);
    expect(request("8B lora framework=trl").autocast).toBe(true);
    expect(request("8B lora framework=trl autocast=off").autocast).toBe(false);
  });

  it("reads the per-parameter AdamW step (foreach=False) as step=loop", () => {
    expect(request("7B full step=loop").optimStep).toBe("loop");
    expect(request("7B full step=single_tensor").optimStep).toBe("loop");
    expect(error("7B full step=sometimes").hint).toContain("step=");
  });

  it("refuses to accumulate with the step in the backward, naming both words", () => {
    const e = error("7B full step=inbackward accum=4");
    expect(e.message).toContain("step=inbackward");
    expect(e.hint).toContain("accum=4");
  });

  it("reads LoRA dropout as a probability, and refuses one of 1 or more", () => {
    expect(request("7B lora dropout=0.05").loraDropout).toBe(0.05);
    expect(request("7B lora lora_dropout=0.1").loraDropout).toBe(0.1);
    expect(error("7B lora dropout=1.5").hint).toContain("dropout=0.05");
  });

  it("reads who quantizes at load", () => {
    expect(request("llama-2-7b qlora quant=torchao").quantizer).toBe("torchao");
    expect(request("llama-2-7b qlora").quantizer).toBe("bnb");
  });
});
