import { describe, expect, it } from "vitest";
import { accelerate } from "../../bench/accuracy/peers/accelerate.js";
import { asmirnov } from "../../bench/accuracy/peers/asmirnov.js";
import { deepspeed, estimateZero2ModelStatesMemNeeds } from "../../bench/accuracy/peers/deepspeed.js";
import { gpuPoor } from "../../bench/accuracy/peers/gpu-poor.js";
import { comparePeers, type PeerCase, peerCase, peerEstimate, peers } from "../../bench/accuracy/peers/index.js";
import { llmAnalysis } from "../../bench/accuracy/peers/llm-analysis.js";
import { seed } from "../../bench/accuracy/peers/seed.js";
import type { Scored } from "../../bench/accuracy/score.js";

const MiB = 2 ** 20;
/** Llama-2-7B (catalog): P = 6,738,415,616; h 4096, L 32, a = kv = 32, i 11008, V 32000, untied head. */
const P7 = 6_738_415_616;
const HEAD7 = 32_000 * 4096;

const at = (request: string): PeerCase => {
  const pc = peerCase(request);
  if (!pc) throw new Error(`does not parse: ${request}`);
  return pc;
};

/** Each peer's formula pinned on one configuration whose answer can be worked out by hand. */
describe("peer calculators, re-implemented from their sources", () => {
  it("accelerate gives 8 B/param for bf16 full fine-tuning of a 7B model, counting AutoModel's parameters (no LM head)", () => {
    expect(accelerate.predict(at("llama-2-7b full bf16 batch=1 seq=512"))).toBe(8 * (P7 - HEAD7));
    expect(accelerate.predict(at("llama-2-7b full bf16 batch=1 seq=512"))).toBe(52_858_748_928);
    // fp32 → step = 4 × fp32 bytes = 16 B/param; inference = the loaded weights (float16 row: fp32 bytes / 2).
    expect(accelerate.predict(at("llama-2-7b full fp32 batch=1 seq=512"))).toBe(105_717_497_856);
    expect(accelerate.predict(at("llama-2-7b inference bf16 seq=1024"))).toBe(2 * (P7 - HEAD7));
    expect(accelerate.predict(at("llama-2-7b lora bf16"))).toBeUndefined();
  });

  it("gpu_poor: weights + KV without GQA + one layer's activations + 650 MB for 7B inference at 1024 tokens", () => {
    // P = V·h·2 + L·4h² + L·3·i·h = 6,738,149,376 → 12,851.99 MiB; KV = 2·1024·2·2·4096·32 B = 1024 MiB;
    // activation = (1024·4096·10 + 1024²·32·2) / 2^20 = 104 MiB; + 650 → ceil(14,629.99) = 14,630 MiB.
    expect(gpuPoor.predict(at("llama-2-7b inference bf16 batch=1 seq=1024"))).toBe(14_630 * MiB);
  });

  it("gpu_poor: 56.9 GiB for 7B full fine-tuning at 512 tokens, and its LoRA ignores the rank and the targets", () => {
    // 8 B/param (weights 2 + grads and Adam 3·2) + 6.0 GiB of activations + 650 MB (survey §3.14).
    expect(gpuPoor.predict(at("llama-2-7b full bf16 batch=1 seq=512 ckpt=off"))).toBe(58_235 * MiB);
    const r8 = gpuPoor.predict(at("llama-2-7b lora bf16 rank=8 targets=qv batch=1 seq=512"));
    expect(r8).toBe(gpuPoor.predict(at("llama-2-7b lora bf16 rank=64 targets=all batch=1 seq=512")));
    expect(r8).toBe(19_727 * MiB);
  });

  it("DeepSpeed ZeRO-2 on one GPU gives 2P + 18P; ZeRO-3 on two gives 4·largest module + 18P/2", () => {
    expect(deepspeed.predict(at("llama-2-7b full bf16"))).toBe(2 * P7 + 18 * P7);
    expect(estimateZero2ModelStatesMemNeeds(P7, 1, 1, false).gpuMem).toBe(134_768_312_320);
    // The largest module is the 32000 × 4096 embedding (stage3.py model_to_params, recurse=False).
    expect(deepspeed.predict(at("llama-2-7b full bf16 gpus=2 zero=3"))).toBe(4 * HEAD7 + Math.trunc((18 * P7) / 2));
    expect(deepspeed.predict(at("llama-2-7b lora bf16"))).toBeUndefined();
    expect(deepspeed.predict(at("llama-2-7b full bf16 optim=sgd"))).toBeUndefined();
  });

  it("vram.asmirnov.xyz gives 18 B/param + activations + fp32 logits ×2 + 1000 MiB for mixed-precision Adam", () => {
    // Llama-2-7B mixed, Adam, b 1, s 512 (MiB, each rounded): params 6P 38,558 + grads 25,705 + m 25,705 + v 25,705
    // + outputs 4·512·32000·2 = 125 + activations 32 layers = 3,120 + CUDA 1,000 = 119,918 MiB (117.1 GiB).
    expect(asmirnov.predict(at("llama-2-7b full bf16 batch=1 seq=512"))).toBe(119_918 * MiB);
    // Inference in half precision, one token: 2P = 12,853 MiB + 1,000 MiB (outputs and one layer round to 0).
    expect(asmirnov.predict(at("llama-2-7b inference bf16 batch=1 seq=1"))).toBe(13_853 * MiB);
    expect(asmirnov.predict(at("llama-2-7b qlora nf4"))).toBeUndefined();
  });

  it("llm-analysis: optimizer 12P + weights 2P + max(activations, gradients 4P) + max(bwd prefetch, loss bwd)", () => {
    // Its own count P' = V·h + L·(4h² + 3·h·i + 2h) + h = 6,607,343,616 (shared embedding); one layer's 16-bit
    // weights 404,766,720 B, prefetched twice; activations (2.4 GB) < gradients 4P', so the peak is
    // 12P' + 2P' + 4P' + 2 · 404,766,720.
    const p = 6_607_343_616;
    expect(llmAnalysis.predict(at("llama-2-7b full bf16 batch=1 seq=512 ckpt"))).toBe(
      12 * p + 2 * p + 4 * p + 2 * 404_766_720,
    );
    expect(llmAnalysis.predict(at("llama-2-7b full bf16 batch=1 seq=512 ckpt"))).toBe(119_741_718_528);
    expect(llmAnalysis.predict(at("llama-2-7b full fp32"))).toBeUndefined();
  });

  it("the seed rule gives 84 GB at 7B and the weights alone for inference", () => {
    expect(seed.predict(at("7b full bf16"))).toBe(84e9);
    expect(seed.predict(at("llama-2-7b inference bf16"))).toBe(2 * P7);
    expect(seed.predict(at("llama-2-7b lora bf16"))).toBeUndefined();
    expect(seed.predict(at("llama-2-7b full bf16 optim=sgd"))).toBeUndefined();
  });
});

describe("peers scored like ours", () => {
  it("subtracts the peer's own fixed overhead from an allocated figure, and only there", () => {
    const pc = at("llama-2-7b inference bf16 batch=1 seq=1024");
    const scored = (metric: Scored["c"]["metric"]): Scored => ({
      c: {
        id: "x",
        request: pc.req.query,
        measuredGB: 1,
        unit: "GB",
        metric,
        bound: false,
        perGpuDivisor: 1,
        tier: 1,
        complete: true,
        why: "",
      },
      measured: 1e9,
      estimate: 1e9,
      error: 0,
    });
    expect(peerEstimate(gpuPoor, scored("allocated"), pc)).toBe((14_630 - 650) * MiB);
    expect(peerEstimate(gpuPoor, scored("reserved"), pc)).toBe(14_630 * MiB);
    expect(peerEstimate(seed, scored("allocated"), pc)).toBe(2 * P7);
  });

  it("compares each peer on the cases it covers against our error on the same cases", () => {
    const x = (id: string, request: string, measured: number, ourError: number): Scored => ({
      c: {
        id,
        request,
        measuredGB: measured / 1e9,
        unit: "GB",
        metric: "unknown",
        bound: false,
        perGpuDivisor: 1,
        tier: 1,
        complete: true,
        why: "",
      },
      measured,
      estimate: measured * (1 + ourError),
      error: ourError,
    });
    const rows = comparePeers([
      x("full", "llama-2-7b full bf16 batch=1 seq=512", 8 * (P7 - HEAD7) * 2, 0.05),
      x("lora", "llama-2-7b lora bf16 batch=1 seq=512", 20e9, 0.1),
    ]);
    expect(rows.map((r) => r.peer.id)).toEqual(peers.map((p) => p.id));
    const acc = rows.find((r) => r.peer.id === "accelerate")!;
    expect(acc.n).toBe(1);
    expect(acc.peerMedian).toBeCloseTo(0.5, 12);
    expect(acc.oursMedian).toBeCloseTo(0.05, 12);
    expect(acc.ratio).toBeCloseTo(10, 9);
    expect(rows.find((r) => r.peer.id === "gpu_poor")!.n).toBe(2);
  });
});
