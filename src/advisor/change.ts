import { gpuById } from "../catalog/index.js";
import { checkpointingFor, type EstimationRequest, MAX_SEQ, type Method } from "../estimator/request.js";
import { RECOMMEND_LADDER } from "./targets.js";

/** One-click changes offered on an answer (Slack buttons), each a pure edit of the request. */
export const CHANGES = [
  "ckpt-on",
  "ckpt-off",
  "qlora",
  "double-seq",
  "other-gpus",
  "kv-fp8",
  "int4",
  "more-gpus",
] as const;
export type Change = (typeof CHANGES)[number];

const LADDER: readonly string[] = RECOMMEND_LADDER;

/** The named card's neighbours on the ladder (one cheaper, one bigger), to compare against. */
function neighbours(req: EstimationRequest): EstimationRequest["gpus"] {
  const named = req.gpus.find((g) => g.id !== undefined || g.memoryBytes !== undefined);
  if (!named) return req.gpus;
  const capacity = named.id ? gpuById(named.id).memoryBytes : (named.memoryBytes ?? 0);
  // A card whose marketed size is the bare capacity named ("24gb" and an RTX 4090) restates it: the parser reads
  // the two as one, so it is no neighbour.
  const bareGB = named.memoryBytes !== undefined ? named.memoryBytes / 1e9 : undefined;
  const others = LADDER.filter((id) => id !== named.id && gpuById(id).marketingGB !== bareGB);
  const cheaper = [...others].reverse().find((id) => gpuById(id).memoryBytes < capacity);
  const bigger = others.find((id) => gpuById(id).memoryBytes > capacity);
  const around = [cheaper, bigger].flatMap((id) => (id ? [{ id, count: named.count }] : []));
  return [named, ...around];
}

/** The request with one change applied. */
export function applyChange(req: EstimationRequest, change: Change): EstimationRequest {
  switch (change) {
    case "ckpt-on":
      return { ...req, gradientCheckpointing: true };
    case "ckpt-off":
      return { ...req, gradientCheckpointing: false };
    case "qlora":
      // The base stays in the precision asked when it is already quantized (QLoRA on an int8 base), else NF4.
      return { ...req, methods: ["qlora"] };
    case "double-seq":
      return { ...req, seq: Math.min(MAX_SEQ, req.seq * 2) };
    case "other-gpus":
      return { ...req, gpus: neighbours(req) };
    case "kv-fp8":
      return { ...req, kvPrecision: "fp8" };
    case "int4": {
      // 4-bit weights are served (or carry QLoRA adapters): other methods go, and serving stays.
      const methods = req.methods.filter((m) => m === "inference" || m === "qlora");
      return { ...req, precision: "int4", methods: methods.length ? methods : ["inference"] };
    }
    case "more-gpus":
      return { ...req, gpus: req.gpus.map((g) => ({ ...g, count: Math.min(4096, g.count * 2) })) };
  }
}

/** What the offer depends on beyond the request: the method the answer is about, and whether a longer context works. */
export interface ChangeContext {
  primary: Method;
  /** Twice the context still fits the card (and the model reads it). */
  longerFits: boolean;
}

/**
 * The changes worth a button, by intent: training gets checkpointing, QLoRA, a longer context (only when it fits)
 * and other cards (a cheaper and a bigger one); serving gets an fp8 KV cache, 4-bit weights, a longer context and
 * more GPUs. A button that changes nothing is not offered.
 */
export function changesFor(req: EstimationRequest, ctx: ChangeContext): Change[] {
  const named = req.gpus.some((g) => g.id !== undefined || g.memoryBytes !== undefined);
  const out: Change[] = [];
  if (ctx.primary === "inference") {
    if (req.kvPrecision !== "fp8" && req.kvPrecision !== "int8" && req.kvPrecision !== "int4") out.push("kv-fp8");
    if (req.precision !== "int4" && req.precision !== "nf4") out.push("int4");
    if (ctx.longerFits) out.push("double-seq");
    if (named) out.push("more-gpus");
    return out;
  }
  out.push(checkpointingFor(req, ctx.primary) ? "ckpt-off" : "ckpt-on");
  if (ctx.primary !== "qlora" && !(req.methods.length === 1 && req.methods[0] === "qlora")) out.push("qlora");
  if (ctx.longerFits) out.push("double-seq");
  if (named) out.push("other-gpus");
  return out;
}
