/**
 * The seed's rule (shared/seed/gpu-memory-in-training.txt, ApX Machine Learning; its lost formula images restored in
 * shared/design.md "The seed's formulas, restored"). Only what the text states is implemented:
 *   - full fine-tuning in 16-bit with AdamW: weights P·2 + gradients P·2 ("their memory footprint mirrors that of the
 *     model weights") + AdamW states P·8 (two FP32 moving averages) = 12 B/param, "the total fixed memory required
 *     before passing any data through the model" (1.5B → 18 GB, 7B → "over 84 GB");
 *   - inference: "you only need enough memory to hold the model weights and a small amount of context data" — the
 *     weights, parameters × the size of the data type that stores them; the context data is not quantified.
 * Activations are called "highly variable" with one anecdote (4–6 GB at 1.5B) and no formula, LoRA "drastically
 * reduces" the states by an unstated amount, no other optimizer and no multi-GPU setting appear: none is a case for it.
 */
import type { Precision } from "../../../src/estimator/request.js";
import { type Peer, type PeerCase, singleDevice } from "./types.js";

/** "multiply the number of parameters by the size of the data type used to store them" (bytes per value). */
const DATA_TYPE_BYTES: Record<Precision, number> = { fp32: 4, fp16: 2, bf16: 2, fp8: 1, int8: 1, int4: 0.5, nf4: 0.5 };

// seed: weights = P·2 (FP16/BF16); gradients = P·2; AdamW = P·8 (momentum and variance in FP32)
//   fixed memory = 2P + 2P + 8P = 12P
export function fullFineTuningBytes(params: number): number {
  return params * 2 + params * 2 + params * 8;
}

export function predict(x: PeerCase): number | undefined {
  if (!singleDevice(x)) return undefined;
  const { precision, optimizer } = x.req;
  // seed: inference needs the model weights: P × bytes of the stored data type
  if (x.method === "inference") return x.model.params * DATA_TYPE_BYTES[precision];
  if (x.method === "full" && optimizer === "adamw" && (precision === "bf16" || precision === "fp16"))
    return fullFineTuningBytes(x.model.params);
  return undefined;
}

export const seed: Peer = {
  id: "seed",
  name: "seed rule (12 B/param)",
  source: "shared/seed/gpu-memory-in-training.txt",
  overheadBytes: 0,
  predict,
};
