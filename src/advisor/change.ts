import { gpuById } from "../catalog/index.js";
import { DEFAULT_GPUS } from "./targets.js";
import { checkpointingFor, MAX_SEQ, type EstimationRequest } from "../estimator/request.js";
import { methodsFor } from "../estimator/estimate.js";

/** One-click changes offered on an answer (Slack buttons), each a pure edit of the request. */
export const CHANGES = ["ckpt-on", "ckpt-off", "qlora", "double-seq", "more-gpus"] as const;
export type Change = (typeof CHANGES)[number];

/** The request with one change applied. */
export function applyChange(req: EstimationRequest, change: Change): EstimationRequest {
  switch (change) {
    case "ckpt-on":
      return { ...req, gradientCheckpointing: true };
    case "ckpt-off":
      return { ...req, gradientCheckpointing: false };
    case "qlora":
      return {
        ...req,
        methods: ["qlora"],
        precision:
          req.precision === "int4" || req.precision === "int8" || req.precision === "fp8" ? "bf16" : req.precision,
      };
    case "double-seq":
      return { ...req, seq: Math.min(MAX_SEQ, req.seq * 2) };
    case "more-gpus": {
      // Keep what was named first, then the usual comparison cards.
      const named = req.gpus.filter((g) => g.id !== undefined || g.memoryBytes !== undefined);
      // A card whose marketed size is a bare capacity named ("24gb" and an RTX 4090) restates it: the parser
      // reads the two as one, so it is left out.
      const sizes = named.flatMap((g) => (g.memoryBytes !== undefined ? [g.memoryBytes / 1e9] : []));
      const extra = DEFAULT_GPUS.filter(
        (id) => !named.some((g) => g.id === id) && !sizes.includes(gpuById(id).marketingGB),
      ).map((id) => ({ id, count: 1 }));
      return { ...req, gpus: [...named, ...extra] };
    }
  }
}

/** Which changes make sense for this request (a button that changes nothing is not offered). */
export function changesFor(req: EstimationRequest): Change[] {
  const methods = methodsFor(req);
  const training = methods.some((m) => m !== "inference");
  const ckptOn = methods.filter((m) => m !== "inference").every((m) => checkpointingFor(req, m));
  const out: Change[] = [];
  if (training) out.push(ckptOn ? "ckpt-off" : "ckpt-on");
  if (!(methods.length === 1 && methods[0] === "qlora")) out.push("qlora");
  if (req.seq * 2 <= MAX_SEQ) out.push("double-seq");
  const named = req.gpus.filter((g) => g.id !== undefined || g.memoryBytes !== undefined);
  if (named.length > 0 && named.length < 6) out.push("more-gpus");
  return out;
}
