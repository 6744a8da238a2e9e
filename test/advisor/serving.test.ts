import { describe, expect, it } from "vitest";
import { captureSizes, engineDefaults, kvGroups, servingVerdict, vllmOnCard } from "../../src/advisor/serving.js";
import { targetFromSpec } from "../../src/advisor/verdict.js";
import { type Answer, answerText } from "../../src/answer/index.js";
import { gpuById } from "../../src/catalog/index.js";
import { estimateScenario } from "../../src/estimator/estimate.js";
import { resolveModel } from "../../src/estimator/model.js";
import { EstimationRequest } from "../../src/estimator/request.js";
import { vllmInputs } from "../../src/estimator/vllm.js";

const MiB = 2 ** 20;

function answer(text: string): Answer {
  const r = answerText(text);
  if (r.kind !== "answer") throw new Error(`${text}: ${r.kind}`);
  return r.answer;
}

/** vLLM's numbers on the card an inference answer is about. */
const served = (text: string) => {
  const on = answer(text).scenarios.find((s) => s.method === "inference")?.servedOn;
  if (!on) throw new Error(`${text}: no vLLM numbers`);
  return on.serving;
};

describe("vLLM on one card", () => {
  it("holds 54 concurrent 8k sequences of llama-3.1-8b on an H100 with vLLM", () => {
    // Llama 3.1 8B's config.json: 8,030,261,248 params, 32 layers, hidden 4096, 32 heads, 8 KV heads, head_dim 128,
    // intermediate 14336, vocab 128256, bf16. H100 SXM: the driver reports 81,559 MiB.
    const memory = 81_559 * MiB;
    const budget = Math.ceil(0.9 * memory); // gpu_memory_utilization 0.9: 76,968,728,986 B
    const weights = 8_030_261_248 * 2; // 16,060,522,496 B
    // ≥ 70 GiB and not an A100: `vllm serve` defaults to max_num_batched_tokens 8192 and max_num_seqs 1024.
    // Profile forward, per token: the MLP holds normed input, residual, gate_up (2·14336), SiLU·up (14336) and
    // down's output, 2 B each: 2·(3·14336 + 3·4096) = 110,592 B (attention's 2·(2·4096 + 2·1024 + 3·4096) is less).
    const perToken = 2 * (3 * 14336 + 3 * 4096);
    const forward = 8192 * perToken; // 905,969,664 B
    // Then the sampler over 1024 sequences: the kept [8192, 4096] output, and per sequence its hidden row and the
    // logits in bf16 plus three fp32 copies (upcast, probabilities, exponential noise): 8192 + 128256·14 B.
    const sampler = 8192 * 4096 * 2 + 1024 * (4096 * 2 + 128_256 * (2 + 3 * 4));
    const profile = Math.max(forward, sampler); // 1,914,175,488 B: the sampler is the peak
    // CUDA graphs: 51 capture sizes up to 512 tokens, a piecewise and a full decode graph each (102), one pool of the
    // 512-token forward pass plus vLLM's floor of 1 MiB per graph.
    const graphs = 512 * perToken + 102 * MiB; // 163,577,856 B
    const nonTorch = 512 * MiB; // CUDA context, kernels and library workspaces
    const pool = budget - weights - profile - graphs - nonTorch; // 58,293,582,234 B
    const block = 2 * 16 * 8 * 128 * 2 * 32; // K and V, 16 tokens, 8 KV heads × 128, bf16, 32 layers: 2 MiB
    const blocks = Math.floor(pool / block); // 27,796
    const perSeq = 8192 / 16; // 512 blocks for one 8k sequence
    const sequences = Math.floor((blocks - 1) / perSeq); // block 0 is vLLM's null block: 54

    const f = served("llama-3.1-8b serve seq=8192 engine=vllm gpu=h100");
    expect(f).toMatchObject({
      budgetBytes: budget,
      weightsBytes: weights,
      maxNumBatchedTokens: 8192,
      maxNumSeqs: 1024,
      profileBytes: profile,
      graphCount: 102,
      graphBytes: graphs,
      nonTorchBytes: nonTorch,
      kvPoolBytes: pool,
      blockBytes: block,
      blocks,
      blocksPerSeq: perSeq,
      sequences,
      problem: "none",
    });
    expect(sequences).toBe(54);
  });

  it("says it does not fit when one sequence at the asked context does not fit", () => {
    // 128k tokens of Llama 3.1 8B take 8,192 blocks of 2 MiB (16 GiB of KV cache); an RTX 4090's 0.9 share less
    // 16 GB of weights leaves a few thousand.
    const a = answer("llama-3.1-8b serve seq=131072 engine=vllm gpu=4090");
    const fit = a.scenarios.find((s) => s.method === "inference")!.fits[0]!;
    expect(fit.serving?.problem).toBe("context");
    expect(fit.serving?.blocksPerSeq).toBe(131072 / 16);
    expect(fit.serving!.blocks).toBeLessThan(fit.serving!.blocksPerSeq);
    expect(fit.serving?.sequences).toBe(0);
    expect(fit.verdict).toBe("no");
    expect(a.recommendation.kind).not.toBe("fits");
  });

  it("says it does not fit when the weights and the profile run alone exceed the budget", () => {
    const f = served("llama-3.1-70b serve seq=8k vllm gpu=h100");
    expect(f.problem).toBe("fixed");
    expect(f.weightsBytes + f.profileBytes).toBeGreaterThan(f.budgetBytes);
    expect(f.blocks).toBe(0);
  });

  it("refuses util=1: the CUDA context already holds part of the card at start", () => {
    const f = served("llama-3.1-8b serve vllm util=1 gpu=h100");
    expect(f.problem).toBe("startup");
    expect(f.maxUtil).toBeLessThan(1);
    expect(answer("llama-3.1-8b serve vllm util=1 gpu=h100").scenarios[0]!.fits[0]!.verdict).toBe("no");
  });

  it("names the gpu_memory_utilization that would make it fit, and that one does", () => {
    const f = served("llama-3.1-8b serve vllm seq=48k gpu=4090");
    expect(f.problem).toBe("context");
    expect(f.minUtil).not.toBeNull();
    expect(f.minUtil!).toBeGreaterThan(0.9);
    const g = served(`llama-3.1-8b serve vllm seq=48k gpu=4090 util=${f.minUtil}`);
    expect(g.problem).toBe("none");
    expect(g.sequences).toBeGreaterThanOrEqual(1);
  });

  it("is tight when fewer sequences than the batch asked fit at once", () => {
    const a = answer("llama-3.1-8b serve vllm seq=8k batch=64 gpu=h100");
    const fit = a.scenarios[0]!.fits[0]!;
    expect(fit.serving?.sequences).toBe(54);
    expect(fit.serving?.problem).toBe("batch");
    expect(fit.verdict).toBe("tight");
    expect(a.recommendation.kind).toBe("tight");
  });

  it("takes the budget whatever the model: the need is util × the card, split into weights, profile, overhead and KV", () => {
    const a = answer("qwen2.5-1.5b serve vllm seq=4k gpu=h100");
    const s = a.scenarios[0]!;
    const f = s.servedOn!.serving;
    // Every block the budget leaves is allocated: the total falls short of the budget by less than a block.
    expect(s.bytes.total).toBeLessThanOrEqual(f.budgetBytes);
    expect(f.budgetBytes - s.bytes.total).toBeLessThan(f.blockBytes);
    expect(s.bytes.kvCache).toBe(f.blocks * f.blockBytes);
    expect(s.fits[0]!.totalBytes).toBe(s.bytes.total);
  });

  it("uses the smaller engine defaults on an A100 and on cards under 70 GiB", () => {
    expect(engineDefaults(gpuById("a100-80gb"))).toEqual({ maxNumBatchedTokens: 2048, maxNumSeqs: 256 });
    expect(engineDefaults(gpuById("rtx-4090"))).toEqual({ maxNumBatchedTokens: 2048, maxNumSeqs: 256 });
    expect(engineDefaults(gpuById("h200"))).toEqual({ maxNumBatchedTokens: 8192, maxNumSeqs: 1024 });
    // 1, 2, 4, 8…248 by 8, 256…512 by 16.
    expect(captureSizes(256)).toHaveLength(3 + 31 + 17);
    expect(captureSizes(8)).toEqual([1, 2, 4, 8, 16]);
  });
});

describe("vLLM's KV-cache layout", () => {
  it("splits KV heads over tensor-parallel GPUs, and replicates them below one per GPU", () => {
    const m = resolveModel({ kind: "catalog", id: "llama-3.1-8b" });
    const req = EstimationRequest.parse({ model: { kind: "catalog", id: "llama-3.1-8b" }, engine: "vllm" });
    expect(vllmInputs(m, req, 2).kvHeads).toBe(4);
    expect(vllmInputs(m, req, 2).pageBytes).toBe(2 * 16 * 4 * 128 * 2);
    // 8 KV heads over 16 GPUs: one each (vllm/config/model.py get_num_kv_heads).
    expect(vllmInputs(m, req, 16).kvHeads).toBe(1);
  });

  it("divides the weights and the KV cache per GPU with tensor parallel", () => {
    const one = served("llama-3.1-70b serve vllm seq=8k gpu=h100 int4");
    const two = served("llama-3.1-70b serve vllm seq=8k gpu=2xh100 int4");
    expect(two.weightsBytes).toBe(Math.round(one.weightsBytes / 2));
    expect(two.blockBytes).toBe(one.blockBytes / 2);
    expect(two.sequences).toBeGreaterThan(2 * one.sequences);
  });

  it("gives sliding-window layers only their window plus one chunk of blocks", () => {
    // Mistral 7B v0.1: every layer slides over 4,096 tokens. On an A100 (max_num_batched_tokens 2048) one sequence of
    // 32k tokens takes cdiv(min(4095 + 2048, 32768), 16) + 1 = 385 blocks, not 2,048.
    const f = served("mistral-7b serve vllm seq=32k gpu=a100");
    expect(f.blocksPerSeq).toBe(Math.ceil((4095 + 2048) / 16) + 1);
    expect(f.layersPerBlock).toBe(32);
  });

  it("groups full and sliding-window layers as vLLM does, a block per group", () => {
    // Gemma 2 9B: 21 full and 21 sliding-window (4,096) layers, groups of 21. At 8k on a 4090 a sequence takes 512
    // blocks in the full group and cdiv(min(4095 + 2048, 8192), 16) + 1 = 385 in the sliding one.
    expect(kvGroups({ fullLayers: 21, slidingLayers: 21 })).toEqual({ layersPerBlock: 21, full: 1, sliding: 1 });
    // Gemma 3's 5:1 pattern: groups of the smaller count, the larger type in several groups.
    expect(kvGroups({ fullLayers: 10, slidingLayers: 52 })).toEqual({ layersPerBlock: 10, full: 1, sliding: 6 });
    const f = served("gemma-2-9b serve vllm seq=8k gpu=4090");
    expect(f.blocksPerSeq).toBe(512 + 385);
    expect(f.layersPerBlock).toBe(21);
  });
});

describe("vLLM in the advisor", () => {
  it("keeps the estimator card-independent: the same scenario gives each card its own budget", () => {
    const m = resolveModel({ kind: "catalog", id: "llama-3.1-8b" });
    const req = EstimationRequest.parse({ model: { kind: "catalog", id: "llama-3.1-8b" }, engine: "vllm", seq: 8192 });
    const s = estimateScenario(m, req, "inference", 1);
    expect(s.setup.vllm).toBeDefined();
    const h100 = vllmOnCard(s, targetFromSpec(gpuById("h100-sxm"), 1));
    const h200 = vllmOnCard(s, targetFromSpec(gpuById("h200"), 1));
    expect(h200.budgetBytes).toBeGreaterThan(h100.budgetBytes);
    expect(h200.sequences).toBeGreaterThan(h100.sequences);
    expect(servingVerdict(h100)).toBe("fits");
  });

  it("limits by vLLM's own checks: the longest max_model_len one sequence fits, and the sequences at the asked one", () => {
    const a = answer("llama-3.1-8b serve vllm seq=8k gpu=4090");
    const f = a.scenarios[0]!.servedOn!.serving;
    const l = a.limits.find((x) => x.basis === "asked")!;
    expect(l.maxBatch).toBe(f.sequences);
    // The longest context: its blocks and the null block fit what the budget leaves; one block more does not.
    expect(Math.ceil(l.maxSeq / 16) + 1).toBeLessThanOrEqual(f.blocks);
    expect(Math.ceil((l.maxSeq + 16) / 16) + 1).toBeGreaterThan(f.blocks);
  });

  it("makes plans whose requests, run again, fit with the same total on the same card", () => {
    for (const text of [
      "llama-3.1-70b serve vllm seq=8k gpu=h100",
      "llama-3.1-8b serve vllm seq=128k gpu=4090",
      "qwen2.5-32b serve vllm seq=32k gpu=l40s",
    ]) {
      const a = answer(text);
      expect(a.plans.length, text).toBeGreaterThan(0);
      for (const p of a.plans) {
        expect(p.verdict, p.request).toBe("fits");
        expect(p.request, p.request).toMatch(/engine=vllm/);
        const b = answer(p.request);
        const s = b.scenarios.find((x) => x.method === p.method)!;
        expect(b.targets[0]!.id, p.request).toBe(p.target.id);
        expect(s.fits[0]!.verdict, p.request).toBe("fits");
        expect(s.bytes.total, p.request).toBe(p.scenario.bytes.total);
        expect(s.fits[0]!.serving?.sequences, p.request).toBe(p.serving?.sequences);
      }
    }
  });

  it("recommends the smallest card vLLM serves one sequence on when no GPU is named", () => {
    const a = answer("llama-3.1-8b serve vllm seq=8k");
    expect(a.recommendation.kind).toBe("smallest");
    const on = a.scenarios[0]!.servedOn!;
    expect(on.target.id).toBe(a.recommendation.gpu);
    expect(on.serving.sequences).toBeGreaterThanOrEqual(1);
  });

  it("leaves engine=hf as it was: weights, the KV cache the request needs and prefill memory", () => {
    const s = answer("llama-3.1-8b serve seq=8k gpu=h100").scenarios[0]!;
    expect(s.setup.vllm).toBeUndefined();
    expect(s.servedOn).toBeUndefined();
    expect(s.fits[0]!.serving).toBeUndefined();
    expect(s.terms.activations.map((t) => t.kind)).toEqual(["prefill-working"]);
  });
});
