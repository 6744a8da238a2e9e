/** Changes → the request, method and GPU target they describe. Used by the search and by anyone replaying a plan. */
import { gpuById, gpus } from "../../catalog/index.js";
import {
  KV_PRECISIONS,
  type KvPrecision,
  LOSSES,
  type Loss,
  METHODS,
  type Method,
  OPTIMIZERS,
  type Optimizer,
  PRECISIONS,
  type Precision,
  type EstimationRequest,
  type GpuRef,
} from "../../estimator/request.js";
import { type GpuTarget, targetFromSpec } from "../verdict.js";
import type { PlanChange } from "./levers.js";

export interface Applied {
  request: EstimationRequest;
  method: Method;
  /** Undefined only when no GPU was named and no `gpu` change names one. */
  target: GpuTarget | undefined;
}

function oneOf<T extends string>(values: readonly T[], v: string, lever: string): T {
  if (!(values as readonly string[]).includes(v)) throw new Error(`plan change ${lever}: unknown value ${v}`);
  return v as T;
}

function positiveInt(v: string, lever: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`plan change ${lever}: not a positive integer: ${v}`);
  return n;
}

const CATALOG_IDS = new Set(gpus.map((g) => g.id));

/** The request's reference to a target: its catalog id, or the bare capacity the user named. */
export function gpuRefOf(t: GpuTarget): GpuRef {
  return CATALOG_IDS.has(t.id) ? { id: t.id, count: t.count } : { memoryBytes: t.memoryBytes, count: t.count };
}

/**
 * `req` run as `method` on `target` with `changes` applied (in any order). The request names exactly one method and
 * the plan's GPU, so estimating it with `estimateScenario(m, request, method, target.count)` reproduces the plan.
 */
export function applyChanges(
  req: EstimationRequest,
  method: Method,
  target: GpuTarget | undefined,
  changes: readonly PlanChange[],
): Applied {
  const r: EstimationRequest = { ...req };
  let m = method;
  let card: GpuTarget | undefined = target;
  let count: number | undefined;
  for (const c of changes) {
    switch (c.lever) {
      case "loss":
        r.loss = oneOf<Loss>(LOSSES, c.to, c.lever);
        break;
      case "step":
        r.optimStep = oneOf(["foreach", "fused"] as const, c.to, c.lever);
        break;
      case "ckpt":
        r.gradientCheckpointing = oneOf(["off", "on"] as const, c.to, c.lever) === "on";
        break;
      case "actOffload":
        r.offloadActivations = oneOf(["off", "on"] as const, c.to, c.lever) === "on";
        break;
      case "batch": {
        r.batch = positiveInt(c.to, c.lever);
        // The same effective batch: the micro-batches the smaller batch leaves are accumulated (an accum the user set
        // grows by the same factor; unset already means accumulating).
        const factor = Math.round(req.batch / r.batch);
        if (req.accum !== undefined && factor > 1) r.accum = req.accum * factor;
        if (r.optimStep === "inbackward" && factor > 1) r.optimStep = "foreach";
        break;
      }
      case "zero":
        r.zero = oneOf(["0", "1", "2", "3"] as const, c.to, c.lever) === "3" ? 3 : Number(c.to);
        break;
      case "offload":
        r.offload = oneOf(["none", "cpu"] as const, c.to, c.lever);
        break;
      case "optim":
        r.optimizer = oneOf<Optimizer>(OPTIMIZERS, c.to, c.lever);
        break;
      case "kv":
        r.kvPrecision = oneOf<KvPrecision>(KV_PRECISIONS, c.to, c.lever);
        break;
      case "method":
        m = oneOf<Method>(METHODS, c.to, c.lever);
        break;
      case "precision":
        r.precision = oneOf<Precision>(PRECISIONS, c.to, c.lever);
        break;
      case "gpus":
        count = positiveInt(c.to, c.lever);
        break;
      case "gpu":
        card = targetFromSpec(gpuById(c.to), target?.count ?? req.gpus[0]?.count ?? 1);
        break;
      case "seq":
        r.seq = positiveInt(c.to, c.lever);
        break;
    }
  }
  if (count !== undefined && card) {
    card = { ...card, count };
    // More GPUs for training means ZeRO-3/FSDP: plain data parallel (zero 0) shards nothing and doubles the gradients
    // (the change's text says "ZeRO-3 / FSDP full shard").
    if (m !== "inference" && (r.zero === undefined || r.zero === 0)) r.zero = 3;
  }
  r.methods = [m];
  if (card) r.gpus = [gpuRefOf(card)];
  return { request: r, method: m, target: card };
}
