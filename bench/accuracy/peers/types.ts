/**
 * What a peer calculator reads from an accuracy case: the model's real architecture and the parsed request, both
 * resolved exactly as score.ts resolves them (parseRequest → resolveModel, the first method, the first GPU entry's
 * count), so a peer never re-reads the request text.
 */
import { methodsFor } from "../../../src/estimator/estimate.js";
import { type ResolvedModel, resolveModel } from "../../../src/estimator/model.js";
import type { EstimationRequest, Method } from "../../../src/estimator/request.js";
import { parseRequest } from "../../../src/parse/grammar.js";

export interface PeerCase {
  model: ResolvedModel;
  req: EstimationRequest;
  method: Method;
  /** GPUs of the run, as score.ts counts them (`gpus[0].count`, 1 when none is named). */
  gpus: number;
}

export interface Peer {
  id: string;
  name: string;
  /** The source files the formulas are transcribed from. */
  source: string;
  /** The peer's own explicit fixed overhead inside its per-GPU total (CUDA context), 0 when it has none. */
  overheadBytes: number;
  /** Predicted peak bytes per GPU, or undefined when the peer's own inputs cannot express the case. */
  predict(x: PeerCase): number | undefined;
}

export const MiB = 2 ** 20;

/** A request in the request language, resolved as score.ts resolves it; undefined when it does not parse. */
export function peerCase(request: string): PeerCase | undefined {
  const parsed = parseRequest(request);
  if (parsed.kind !== "request") return undefined;
  const req = parsed.request;
  return { model: resolveModel(req.model), req, method: methodsFor(req)[0]!, gpus: req.gpus[0]?.count ?? 1 };
}

/**
 * One GPU, no ZeRO stage and no offload: the only setting a single-device calculator (accelerate, gpu_poor, the seed)
 * can express; a sharded or offloaded run is not a case for it.
 */
export function singleDevice(x: PeerCase): boolean {
  return x.gpus === 1 && (x.req.zero ?? 0) === 0 && x.req.offload === "none";
}
