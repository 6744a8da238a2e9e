/**
 * Peak memory measured on our own GPU runs (bench/gpu/measure_peak.py, results in bench/gpu/results/*.jsonl)
 * as accuracy cases: every setting of these runs is known, so each is a complete configuration.
 */
import { readdirSync, readFileSync } from "node:fs";
import type { Case } from "./score.js";

interface ResultLine {
  id: string;
  status: string;
  case: { request?: string; method?: string; optim_kwargs?: { fused?: boolean } };
  env: { gpu_name: string; torch: string; transformers?: string | null };
  peak_allocated_bytes: number | null;
  device_used_peak_estimate_bytes: number | null;
  peak_including_build_allocated_bytes?: number | null;
  device_used_peak_including_build_estimate_bytes?: number | null;
}

/** Which measured figure: the allocator's peak (against total − overhead) or what nvidia-smi would show (against total). */
export type GpuMetric = "allocated" | "device";

const resultsDir = () => new URL("../gpu/results/", import.meta.url.replace("/dist-bench/", "/"));

export function loadGpuResults(): ResultLine[] {
  const dir = resultsDir();
  return readdirSync(dir)
    .filter((f) => f.endsWith(".jsonl"))
    .sort()
    .flatMap((f) =>
      readFileSync(new URL(f, dir), "utf8")
        .split("\n")
        .filter((l) => l.trim() !== ""),
    )
    .map((l) => JSON.parse(l) as ResultLine)
    .filter((r) => r.status === "ok" && r.case.request !== undefined);
}

export function gpuCases(metric: GpuMetric): Case[] {
  return loadGpuResults().map((r) => {
    // A run that quantizes at load (grid-14's QLoRA) is scored on its peak including the build, as the answer's peak is
    // the larger of load and step. Other builds initialise random weights, a transient no real load has: not counted.
    const load = r.case.method === "qlora";
    const bytes =
      metric === "allocated"
        ? ((load ? r.peak_including_build_allocated_bytes : undefined) ?? r.peak_allocated_bytes)
        : ((load ? r.device_used_peak_including_build_estimate_bytes : undefined) ?? r.device_used_peak_estimate_bytes);
    // The request language's `step=fused` is torch's fused AdamW (optim_kwargs {"fused": true}). measure_peak.py trains
    // one micro-batch per step (forward, backward, optimizer.step(), zero_grad(set_to_none=True)): `accum=1`.
    // A case that says its own step or accumulation (grid-14: step=inbackward, accum=2) keeps it: the last word wins.
    const asked = r.case.request ?? "";
    const training = r.case.method !== "inference";
    const fused = r.case.optim_kwargs?.fused && !/\bstep=/.test(asked) ? " step=fused" : "";
    const request = `${asked}${fused}${training && !/\baccum=/.test(asked) ? " accum=1" : ""}`;
    return {
      id: `gpu:${r.id}`,
      request,
      measuredGB: (bytes ?? 0) / 1e9,
      unit: "GB",
      metric: metric === "allocated" ? "allocated" : "nvidia-smi",
      bound: false,
      perGpuDivisor: 1,
      tier: 1,
      complete: true,
      why: `measured here: ${r.env.gpu_name}, torch ${r.env.torch}, transformers ${r.env.transformers ?? "-"}; ${metric === "allocated" ? "max_memory_allocated" : "peak reserved + CUDA context and kernels"}`,
    };
  });
}
