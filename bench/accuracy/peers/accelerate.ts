/**
 * `accelerate estimate-memory` (huggingface/accelerate, src/accelerate/commands/estimate.py; estimators survey §3.2).
 *
 * Its inputs: a Hub model id and `--dtypes float32 float16 int8 int4`. It builds the model on the meta device with
 * `AutoModel.from_config(config, torch_dtype=torch.float32)` — the bare base model, so a causal LM has no LM head —
 * and prints, per dtype, "Total Size" (loading, i.e. inference) and "Training using Adam" (max of its stages, "for a
 * batch size of 1": no activations, no sequence length). It has no LoRA, no optimizer choice but Adam, no GPU count.
 */
import type { Precision } from "../../../src/estimator/request.js";
import { type Peer, type PeerCase, singleDevice } from "./types.js";

type Dtype = "float32" | "float16" | "int8" | "int4";

/** The CLI's `--dtypes` choices; bf16 loads at float16's size, nf4 is a 4-bit (int4) load. fp8 is not a choice. */
function dtypeOf(p: Precision): Dtype | undefined {
  switch (p) {
    case "fp32":
      return "float32";
    case "fp16":
    case "bf16":
      return "float16";
    case "int8":
      return "int8";
    case "int4":
    case "nf4":
      return "int4";
    default:
      return undefined;
  }
}

// estimate.py create_empty_model → calculate_maximum_sizes(model): total_size = fp32 bytes of the AutoModel, whose
// parameters are the model's without the LM head (a tied head is the embedding matrix itself, so nothing goes):
//   total_size = 4 · (P − V·h · [head untied])
export function autoModelFp32Bytes(x: PeerCase): number {
  const m = x.model;
  const lmHead = m.tiedEmbeddings ? 0 : m.vocab * m.hidden;
  return 4 * (m.params - lmHead);
}

// estimate.py estimate_training_usage(bytes, mixed_precision):
//   float32:           model = bytes, gradients = bytes, optimizer = 2·bytes, step = 4·bytes
//   float16/bfloat16:  model = bytes, gradients = bytes + bytes//2, optimizer = 2·bytes, step = optimizer
//   int8 / int4:       every stage -1 → "N/A"
// estimate_command prints max(stages): 16 B/param in fp32, 8 B/param in 16-bit.
export function estimateTrainingUsage(bytes: number, dtype: Dtype): number | undefined {
  if (dtype === "float32") return Math.max(bytes, bytes, bytes * 2, bytes * 4);
  if (dtype === "float16") {
    const fp16 = Math.floor(bytes / 2);
    const optimizer = bytes * 2;
    return Math.max(bytes, bytes + fp16, optimizer, optimizer);
  }
  return undefined;
}

// estimate.py gather_data: Total Size = total_size / {float32: 1, float16: 2, int8: 4, int4: 8}
const LOAD_DIVISOR: Record<Dtype, number> = { float32: 1, float16: 2, int8: 4, int4: 8 };

export function predict(x: PeerCase): number | undefined {
  if (!singleDevice(x)) return undefined;
  const dtype = dtypeOf(x.req.precision);
  if (!dtype) return undefined;
  const total = autoModelFp32Bytes(x);
  if (x.method === "inference") return total / LOAD_DIVISOR[dtype];
  // "Training using Adam": full fine-tuning with Adam(W) only.
  if (x.method !== "full" || x.req.optimizer !== "adamw") return undefined;
  return estimateTrainingUsage(total, dtype);
}

export const accelerate: Peer = {
  id: "accelerate",
  name: "accelerate estimate-memory",
  source: "huggingface/accelerate src/accelerate/commands/estimate.py",
  overheadBytes: 0,
  predict,
};
