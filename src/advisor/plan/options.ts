/** Which levers apply to a request (never one that changes nothing there), as changes in request-language values. */
import { checkpointingFor, type EstimationRequest, type Method, type Precision } from "../../estimator/request.js";
import type { GpuTarget } from "../verdict.js";
import { biggerCards } from "./cost.js";
import { COUNT_MULTIPLES, MAX_COUNT_PER_CARD, type PlanChange } from "./levers.js";

const change = (lever: PlanChange["lever"], from: string, to: string): PlanChange => ({ lever, from, to });

const training = (method: Method): boolean => method !== "inference";

/** The KV cache's element type as the estimator stores it: the asked one, else the compute dtype. */
export function kvOf(req: EstimationRequest): string {
  return req.kvPrecision ?? (req.precision === "fp32" ? "fp32" : "bf16");
}

/**
 * The cheap levers (free, speed, numerics) that apply to `req` run as `method`, each at its strongest (a smaller
 * micro-batch at 1: the search picks the largest that fits).
 */
export function cheapChanges(req: EstimationRequest, method: Method): PlanChange[] {
  const out: PlanChange[] = [];
  if (training(method)) {
    if (req.loss === "standard") out.push(change("loss", "standard", "chunked"));
    if (req.optimizer === "adamw" && req.optimStep === "foreach") out.push(change("step", "foreach", "fused"));
    if (!checkpointingFor(req, method)) out.push(change("ckpt", "off", "on"));
    // Activation offloading moves the checkpointed inputs, as torchtune and Unsloth run it: only with checkpointing on
    // (without it every saved tensor would cross PCIe each step).
    else if (!req.offloadActivations) out.push(change("actOffload", "off", "on"));
    // Several GPUs asked with less than full sharding (zero=0..2): ZeRO-3 on those same GPUs. Only there: on one GPU
    // it adds the gathered blocks and saves nothing, and the search relies on every cheap lever saving memory.
    if ((req.gpus[0]?.count ?? 1) > 1 && req.zero !== undefined && req.zero < 3) {
      out.push(change("zero", String(req.zero), "3"));
    }
    if (req.batch > 1) out.push(change("batch", String(req.batch), "1"));
    if (req.offload === "none") out.push(change("offload", "none", "cpu"));
    if ((method === "full" || method === "freeze") && (req.optimizer === "adamw" || req.optimizer === "lion"))
      out.push(change("optim", req.optimizer, "adamw8bit"));
  } else {
    const kv = kvOf(req);
    if (kv === "fp32" || kv === "fp16" || kv === "bf16") out.push(change("kv", kv, "fp8"));
  }
  return out;
}

const QUANTIZED: readonly Precision[] = ["fp8", "int8", "int4", "nf4"];

/**
 * Method-tier choices, the empty one first, then in cost order. Training: toward LoRA and QLoRA (QLoRA keeps the
 * precision as its compute dtype; its base is NF4 regardless). A quantized precision allows only QLoRA. Inference:
 * int8 then int4 weights.
 */
export function methodChoices(req: EstimationRequest, method: Method): PlanChange[][] {
  const out: PlanChange[][] = [[]];
  const quantized = QUANTIZED.includes(req.precision);
  if (method === "full" || method === "freeze") {
    if (!quantized) out.push([change("method", method, "lora")]);
    out.push([change("method", method, "qlora")]);
  } else if (method === "lora") {
    out.push([change("method", method, "qlora")]);
  } else if (method === "inference") {
    if (!quantized) out.push([change("precision", req.precision, "int8")]);
    if (req.precision !== "int4" && req.precision !== "nf4") out.push([change("precision", req.precision, "int4")]);
  }
  return out;
}

/**
 * Hardware choices, the empty one first, then in cost order: 2×, 4×, 8× the asked count of the same card (no more than
 * `MAX_COUNT_PER_CARD`), then each bigger ladder card at the asked count, smallest first.
 */
export function hardwareChoices(target: GpuTarget): PlanChange[][] {
  const out: PlanChange[][] = [[]];
  for (const k of COUNT_MULTIPLES) {
    const count = target.count * k;
    if (count <= MAX_COUNT_PER_CARD) out.push([change("gpus", String(target.count), String(count))]);
  }
  for (const id of biggerCards(target.capacityBytes)) out.push([change("gpu", target.id, id)]);
  return out;
}

/** The strongest method change (QLoRA, int4), for the closest setup when nothing fits. */
export function strongestMethod(req: EstimationRequest, method: Method): PlanChange[] {
  return methodChoices(req, method).at(-1) ?? [];
}

/** Micro-batches that keep the effective batch exact with gradient accumulation: the divisors of `batch` below it, ascending. */
export function smallerBatches(batch: number): number[] {
  const low: number[] = [];
  const high: number[] = [];
  for (let d = 1; d * d <= batch; d++) {
    if (batch % d !== 0) continue;
    low.push(d);
    if (d * d !== batch) high.unshift(batch / d);
  }
  return [...low, ...high].filter((d) => d < batch);
}

/** Shorter contexts are offered in whole multiples of 1024 tokens once they reach it: context windows are set in k tokens. */
export const CONTEXT_STEP = 1024;

/**
 * The largest integer in [lo, hi] for which `fits` holds, given that it holds for every value below one where it holds
 * (memory grows with the value); undefined when none does. About log2(hi − lo) calls.
 */
export function largestFitting(lo: number, hi: number, fits: (v: number) => boolean): number | undefined {
  if (hi < lo || !fits(lo)) return undefined;
  let good = lo;
  let bad = hi + 1;
  while (bad - good > 1) {
    const mid = Math.floor((good + bad) / 2);
    if (fits(mid)) good = mid;
    else bad = mid;
  }
  return good;
}
