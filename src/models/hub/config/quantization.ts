/**
 * The precision a checkpoint's weights are stored in, from its `quantization_config`: what loading it costs
 * before any `--precision` the person asks for. Methods this does not know leave it unset (the estimate then
 * uses the precision asked for), rather than failing the whole config.
 */
import type { Precision } from "../../../estimator/request.js";
import { BITS, type Fields } from "./fields.js";

/** GPTQ / AWQ / compressed-tensors integer weights: 2–4 bits store as int4 (the smallest we model), 5–8 as int8. */
function intBits(bits: number | undefined): Precision | undefined {
  if (bits === undefined) return undefined;
  if (bits <= 4) return "int4";
  if (bits <= 8) return "int8";
  return undefined;
}

/** compressed-tensors (llm-compressor): the weights scheme of its first config group. */
function compressedTensors(q: Fields): Precision | undefined {
  for (const group of q.subs("config_groups", 16)) {
    const weights = group.sub("weights");
    if (!weights) continue;
    const bits = weights.optNumber("num_bits", BITS);
    const type = weights.optString("type");
    if (type === "float") return bits === 8 ? "fp8" : undefined;
    return intBits(bits);
  }
  return q.optString("format") === "float-quantized" ? "fp8" : undefined;
}

export function storedPrecision(f: Fields): Precision | undefined {
  const q = f.sub("quantization_config");
  if (!q) return undefined;
  const method = q.optString("quant_method")?.toLowerCase();
  // Older bitsandbytes configs carry only the load_in_* flags.
  if (method === "bitsandbytes" || (method === undefined && q.has(["load_in_4bit", "load_in_8bit"]))) {
    if (q.bool("load_in_4bit", false)) return "nf4";
    if (q.bool("load_in_8bit", false)) return "int8";
    return undefined;
  }
  switch (method) {
    case "gptq":
    case "awq":
      return intBits(q.optNumber(["bits", "w_bit"], BITS));
    case "fp8":
    case "fbgemm_fp8":
      return "fp8";
    case "compressed-tensors":
      return compressedTensors(q);
    // gpt-oss ships its experts in MXFP4 (4-bit floats with a shared scale per 32): stored like int4.
    case "mxfp4":
      return "int4";
    default:
      return undefined;
  }
}
