import { describe, expect, it } from "vitest";
import { parseRequest } from "../../src/parse/grammar.js";
import type { EstimationRequest } from "../../src/estimator/request.js";

const ok = (text: string): EstimationRequest => {
  const r = parseRequest(text);
  if (r.kind !== "request") throw new Error(`expected a request from "${text}", got ${JSON.stringify(r)}`);
  return r.request;
};
const err = (text: string) => {
  const r = parseRequest(text);
  if (r.kind !== "error") throw new Error(`expected an error from "${text}", got ${r.kind}`);
  return r.error;
};

describe("the slash-command grammar", () => {
  it("reads a size, a precision and a sequence length", () => {
    const r = ok("7B fp16 seq=2048");
    expect(r.model).toEqual({ kind: "size", params: 7e9 });
    expect(r.precision).toBe("fp16");
    expect(r.seq).toBe(2048);
  });
  it("reads a catalog model, a method, a GPU and a context in k", () => {
    const r = ok("llama-3.1-8b qlora gpu=4090 seq=4k");
    expect(r.model).toEqual({ kind: "catalog", id: "llama-3.1-8b" });
    expect(r.methods).toEqual(["qlora"]);
    expect(r.gpus).toEqual([{ id: "rtx-4090", count: 1 }]);
    expect(r.seq).toBe(4096);
  });
  it("reads a GPU count written as 2xh100", () => {
    const r = ok("70b inference int4 ctx=32k gpu=2xh100 batch=4");
    expect(r.gpus).toEqual([{ id: "h100-sxm", count: 2 }]);
    expect(r.batch).toBe(4);
    expect(r.seq).toBe(32768);
    expect(r.precision).toBe("int4");
  });
  it("reads LoRA rank, targets, ZeRO stage and a GPU count", () => {
    const r = ok("mixtral-8x7b lora r=64 targets=all zero=3 gpus=8");
    expect(r).toMatchObject({ rank: 64, targets: "all", zero: 3, gpus: [{ count: 8 }] });
  });
  it("takes words in any order and any case", () => {
    expect(ok("SEQ=2K FP16 7b")).toMatchObject({ seq: 2048, precision: "fp16", model: { kind: "size", params: 7e9 } });
  });
  it("reads sizes as people write them", () => {
    expect(ok("1.5B").model).toEqual({ kind: "size", params: 1.5e9 });
    expect(ok("350M").model).toEqual({ kind: "size", params: 350e6 });
    expect(ok("7e9").model).toEqual({ kind: "size", params: 7e9 });
    expect(ok("7 billion").model).toEqual({ kind: "size", params: 7e9 });
  });
  it("reads multi-word model and GPU names", () => {
    const r = ok("llama 3.1 8b lora on a rtx 4090");
    expect(r.model).toEqual({ kind: "catalog", id: "llama-3.1-8b" });
    expect(r.gpus[0]?.id).toBe("rtx-4090");
  });
  it("maps instruct and org-prefixed names to the same architecture", () => {
    expect(ok("meta-llama/Llama-3.1-8B-Instruct").model).toEqual({ kind: "catalog", id: "llama-3.1-8b" });
  });
  it("reads a bare capacity as a GPU of that size", () => {
    expect(ok("7B lora gpu=24gb").gpus).toEqual([{ memoryBytes: 24e9, count: 1 }]);
  });
  it("reads optimizer names with underscores", () => {
    expect(ok("8b full optim=paged_adamw8bit").optimizer).toBe("paged_adamw8bit");
  });
  it("reads the switches: ckpt, fsdp, eager, offload, master=fp32, loss=chunked, kv=fp8", () => {
    const r = ok("7B ckpt fsdp eager offload master=fp32 loss=chunked kv=fp8");
    expect(r).toMatchObject({
      gradientCheckpointing: true,
      zero: 3,
      flashAttention: false,
      offload: "cpu",
      regime: "mixed",
      loss: "chunked",
      kvPrecision: "fp8",
    });
  });
  it("compares two methods when both are named", () => {
    const r = parseRequest("7B lora qlora");
    expect(r.kind === "request" && r.request.methods).toEqual(["lora", "qlora"]);
    expect(r.kind === "request" && r.notes.join(" ")).toMatch(/side by side/);
  });
  it("ignores Slack mentions and markup", () => {
    expect(ok("<@U123ABC> 7B lora <!channel>").model).toEqual({ kind: "size", params: 7e9 });
  });
  it("answers help for help, ? and usage, and for nothing at all", () => {
    for (const t of ["help", "?", "usage", ""]) expect(parseRequest(t).kind).toBe("help");
  });
});

describe("errors that teach", () => {
  it("suggests fp16 for fp17", () => {
    const e = err("7B fp17");
    expect(e.message).toContain("`fp17`");
    expect(e.message).toContain("`fp16`");
    expect(e.hint).toMatch(/Try/);
  });
  it("asks for a model when none is given", () => {
    expect(err("lora gpu=4090").message).toMatch(/Which model/);
  });
  it("refuses to train int4 weights with full fine-tuning", () => {
    expect(err("7B int4 full").message).toMatch(/cannot be trained/);
  });
  it("refuses two different models", () => {
    expect(err("7B 13B lora").message).toMatch(/Two models/);
  });
  it("names an unknown option key", () => {
    const e = err("7B bach=4");
    expect(e.message).toContain("bach=");
    expect(e.message).toContain("`batch`");
  });
  it("rejects out-of-range values with the range", () => {
    expect(err("7B batch=0").message).toMatch(/1 to 65,536/);
    expect(err("7B seq=0").message).toMatch(/1 to 10M/);
    expect(err("7B r=0").message).toMatch(/r=0/);
    expect(err("20T").message).toMatch(/out of range|model/i);
  });
  it("suggests a GPU for a misspelt one", () => {
    expect(err("7B gpu=h10").message).toMatch(/h100/);
  });
  it("never throws, whatever it is given, long input included", () => {
    const long = "7B ".repeat(2000) + "x".repeat(5000);
    for (const t of [
      long,
      "\u0000\u202e",
      "💥 7B",
      "<https://x|7B> lora",
      "seq=",
      "=",
      "gpu=x",
      "1e308B",
      "seq=99999999999",
    ]) {
      expect(["request", "error", "help"]).toContain(parseRequest(t).kind);
    }
  });
});

describe("readings the parser chooses and says", () => {
  it("asks for limits when the question is about the biggest batch or the longest context", () => {
    expect(parseRequest("what's the biggest batch for lora on 7B on a 4090")).toMatchObject({
      kind: "request",
      ask: "max-batch",
    });
    expect(parseRequest("longest context I can serve 7B with on an h100")).toMatchObject({
      kind: "request",
      ask: "max-seq",
    });
    expect(parseRequest("7B lora gpu=4090")).not.toHaveProperty("ask");
  });
  it("compares full, LoRA and QLoRA for 'fine-tune' without a method, and says so", () => {
    const r = parseRequest("can I fine-tune 7B on a 4090?");
    expect(r).toMatchObject({ kind: "request", request: { methods: ["full", "lora", "qlora"] } });
    expect(r.kind === "request" && r.notes.join(" ")).toMatch(/comparing full fine-tuning, LoRA and QLoRA/);
  });
  it("reads LoRA on a 4-bit base as QLoRA, and says so", () => {
    const r = parseRequest("7B lora int4");
    expect(r).toMatchObject({ kind: "request", request: { methods: ["qlora"], precision: "int4" } });
    expect(r.kind === "request" && r.notes.join(" ")).toMatch(/QLoRA/);
  });
  it("picks the catalog model for a family and a size, and says which", () => {
    const r = parseRequest("llama 8b lora");
    expect(r).toMatchObject({ kind: "request", request: { model: { kind: "catalog", id: "llama-3.1-8b" } } });
    expect(r.kind === "request" && r.notes.join(" ")).toMatch(/Llama 3\.1 8B/);
  });
  it("corrects the user's own words in the hint", () => {
    const e = err("7B lroa gpu=4090");
    expect(e.message).toContain("`lora`");
    expect(e.hint).toContain("7B lora gpu=4090");
  });
  it("asks which model of a family when only the family is named", () => {
    const e = err("fine-tune llama on a 4090");
    expect(e.code).toBe("ambiguous");
    expect(e.message).toMatch(/llama-3/);
  });
  it("ignores the prose around a request but reports typos inside it", () => {
    expect(ok("hey team, quick one: would mistral 7b fit on our box for serving?").model).toEqual({
      kind: "catalog",
      id: "mistral-7b",
    });
    expect(err("hey team, would mistral 7b fit with qlroa?").token).toBe("qlroa");
  });
});

describe("the canonical text", () => {
  it("writes only what differs from the defaults, and reads back", async () => {
    const { toCanonical } = await import("../../src/parse/canonical.js");
    const r = ok("how much vram to serve llama 3.1 70b in int4 on two h100s with 32k context and batch size 4");
    const text = toCanonical(r);
    expect(text).toBe("llama-3.1-70b inference int4 seq=32768 batch=4 gpu=2xh100-sxm");
    expect({ ...ok(text), query: "" }).toEqual({ ...r, query: "" });
  });
});
