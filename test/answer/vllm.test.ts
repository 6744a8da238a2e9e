import { describe, expect, it } from "vitest";
import { type Answer, answerText } from "../../src/answer/index.js";
import { Answer as AnswerSchema } from "../../src/answer/schema.js";
import { parseRequest } from "../../src/parse/grammar.js";
import { toCanonical } from "../../src/parse/canonical.js";
import { assumptionLines } from "../../src/render/assumptions.js";
import { EstimateJson } from "../../src/render/contract.js";
import { explainComponent } from "../../src/render/explain.js";
import { toJson } from "../../src/render/json.js";
import { answerMessage } from "../../src/render/slack/answer.js";
import { replyTo } from "../../src/render/slack/reply.js";
import { renderText } from "../../src/render/text.js";

const H100 = "llama-3.1-8b serve seq=8192 engine=vllm gpu=h100";

function answer(text: string): Answer {
  const r = answerText(text);
  if (r.kind !== "answer") throw new Error(`${text}: ${r.kind}`);
  return r.answer;
}

const blocksText = (m: { blocks: unknown[] }): string => JSON.stringify(m.blocks);

describe("engine=vllm in the request language", () => {
  it("reads engine=vllm util=0.95 back from its canonical text as the same request", () => {
    const first = parseRequest("llama-3.1-8b serve engine=vllm util=0.95 seq=8k gpu=h100");
    if (first.kind !== "request") throw new Error(first.kind);
    expect(first.request).toMatchObject({ engine: "vllm", gpuUtil: 0.95 });
    const canonical = toCanonical(first.request);
    expect(canonical).toMatch(/engine=vllm/);
    expect(canonical).toMatch(/util=0\.95/);
    const again = parseRequest(canonical);
    if (again.kind !== "request") throw new Error(again.kind);
    expect({ ...again.request, query: "" }).toEqual({ ...first.request, query: "" });
  });

  it("reads a bare `vllm` and a percentage", () => {
    const r = parseRequest("llama-3.1-8b vllm util=95% gpu=h100");
    expect(r.kind === "request" && r.request).toMatchObject({ engine: "vllm", gpuUtil: 0.95 });
  });
});

describe("an answer for vLLM, on every surface", () => {
  it("validates, and is computed once: the breakdown is the fit's numbers on the card", () => {
    const a = answer(H100);
    expect(AnswerSchema.safeParse(a).success).toBe(true);
    const s = a.scenarios[0]!;
    expect(s.servedOn?.target.id).toBe("h100-sxm");
    expect(s.servedOn?.serving).toEqual(s.fits[0]!.serving);
    expect(s.bytes.total).toBe(s.fits[0]!.totalBytes);
  });

  it("says which engine and utilisation the answer is for", () => {
    const lines = assumptionLines(answer(H100));
    expect(lines.some((l) => l.startsWith("vLLM with gpu_memory_utilization 0.9 (default):"))).toBe(true);
    expect(lines.some((l) => l.startsWith("Inference: weights + KV cache"))).toBe(false);
    const typed = assumptionLines(answer(`${H100} util=0.95`));
    expect(typed.some((l) => l.startsWith("vLLM with gpu_memory_utilization 0.95:"))).toBe(true);
  });

  it("prints the concurrency in the terminal", () => {
    const text = renderText(answer(H100));
    expect(text).toMatch(/Inference with vLLM fits on H100 SXM: it holds 54 concurrent 8k-token sequences/);
    expect(text).toMatch(/27,796 blocks of 16 tokens, which hold 54 concurrent 8k-token sequences/);
    expect(text).toMatch(/Inference with vLLM on H100 SXM: 77\.0 GB per GPU/);
    expect(text).toMatch(/Limits \(vLLM's own checks\)/);
  });

  it("explains the numbers under Why?", () => {
    const a = answer(H100);
    const s = a.scenarios[0]!;
    expect(explainComponent(s, "kvCache")).toMatch(
      /27,796 blocks of 16 tokens × 2 MB \(32 layers × 16 tokens × 2 \(K, V\) × 8 KV heads × 128 in bf16\)/,
    );
    expect(explainComponent(s, "activations")).toMatch(
      /forward pass over 8k tokens \(max_num_batched_tokens\) and the sampler over 1024 sequences/,
    );
    expect(explainComponent(s, "overhead")).toMatch(/102 CUDA graphs/);
    const why = blocksText(
      answerMessage(a, { request: a.canonical, query: a.query, why: true, shareable: false, notes: [] }),
    );
    expect(why).toMatch(/\*vLLM\* vLLM \(gpu_memory_utilization 0\.9\) takes 77\.0 GB of the H100 SXM's 85\.5 GB/);
    expect(why).toMatch(/58\.3 GB is left for the KV cache/);
  });

  it("carries the vLLM numbers in the JSON contract", () => {
    const j = toJson(answer(H100));
    expect(EstimateJson.safeParse(j).success).toBe(true);
    expect(j.setup).toMatchObject({ engine: "vllm", gpuUtil: 0.9 });
    const fit = j.scenarios[0]!.fits[0]!;
    expect(fit.serving).toMatchObject({ engine: "vllm", blocks: 27_796, blocksPerSeq: 512, sequences: 54 });
    expect(fit.totalBytes).toBe(j.scenarios[0]!.bytes.total);
    expect(j.scenarios[0]!.servedOn).toMatchObject({ gpu: "h100-sxm", count: 1 });
    expect(j.scenarios[0]!.servedOn?.text).toMatch(/hold 54 concurrent 8k-token sequences/);
    // engine=hf: no vLLM numbers at all.
    const hf = toJson(answer("llama-3.1-8b serve seq=8192 gpu=h100"));
    expect(hf.setup.engine).toBe("hf");
    expect(hf.scenarios[0]!.fits[0]!.serving).toBeUndefined();
  });

  it("shows the concurrency line in the Slack reply, right under the verdict", () => {
    const m = replyTo(H100, { prefix: "/vram", shareable: true }).message;
    const verdict = JSON.stringify(m.blocks[1]);
    expect(verdict).toMatch(/Fits on H100 SXM 80 GB for inference/);
    expect(verdict).toMatch(/🧮 \*Holds 54 concurrent 8k-token sequences\* with vLLM on H100 SXM 80 GB/);
    expect(blocksText(m)).toMatch(/vLLM, gpu_memory_utilization 0\.9/);
  });

  it("says in Slack why one sequence does not fit, and which utilisation would", () => {
    const m = replyTo("llama-3.1-8b serve vllm seq=48k gpu=4090", { prefix: "/vram", shareable: true }).message;
    const text = blocksText(m);
    expect(text).toMatch(/one 48k-token sequence takes 3,072: vLLM refuses to start at max_model_len 49152\./);
    expect(text).toMatch(/util=0\.9[0-9] would hold it\./);
  });
});
