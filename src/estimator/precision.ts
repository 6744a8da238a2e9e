import type { KvPrecision, Precision } from "./request.js";

/** Bytes of one element stored in each precision (weights, caches). */
export const ELEMENT_BYTES: Record<Precision | KvPrecision, number> = {
  fp32: 4,
  fp16: 2,
  bf16: 2,
  fp8: 1,
  int8: 1,
  int4: 0.5,
  nf4: 0.5,
};

export function isQuantized(p: Precision): boolean {
  return p === "fp8" || p === "int8" || p === "int4" || p === "nf4";
}

/** Element size of activations and compute: fp32 models compute in fp32, everything else in 16-bit. */
export function computeBytes(p: Precision): number {
  return p === "fp32" ? 4 : 2;
}

/**
 * Bytes per weight of a quantized linear layer, quantization constants included.
 * Embeddings and the LM head are never quantized (they stay 16-bit).
 */
export function quantizedBytesPerWeight(p: Precision, doubleQuant: boolean): number {
  switch (p) {
    // QLoRA (Dettmers et al. 2023 §3): NF4 blocks of 64 with an fp32 absmax = 0.5 bit/weight; double quantization 0.127 bit.
    case "nf4":
      return 0.5 + (doubleQuant ? 0.127 : 0.5) / 8;
    // GPTQ/AWQ int4, group size 128: one fp16 scale and one packed 4-bit zero per group (AutoGPTQ qzeros/scales layout).
    case "int4":
      return 0.5 + (2 + 0.5) / 128;
    // LLM.int8 (Dettmers et al. 2022): int8 weights with one fp32 scale per output row (negligible per weight).
    case "int8":
      return 1;
    // FP8 checkpoints (E4M3) carry per-tensor or per-channel scales only.
    case "fp8":
      return 1;
    default:
      return ELEMENT_BYTES[p];
  }
}
