import type { Shape } from "./architecture.js";
import { blockLinears } from "./linears.js";
import type { Optimizer, Precision, Regime } from "./request.js";

/** Bytes per parameter of weights and gradients, and the element size of optimizer states, for full fine-tuning. */
export interface RegimeBytes {
  /** Weights on the GPU per parameter (amp: the fp32 weights plus autocast's cached 16-bit copies). */
  weights: number;
  gradients: number;
  /** Element size of optimizer states (torch keeps them in the parameter dtype; the seed and DeepSpeed in fp32). */
  stateElement: number;
  /** fp32 master copy held by the optimizer (ZeRO "mixed precision"). */
  master: number;
}

export function regimeBytes(regime: Regime, precision: Precision): RegimeBytes {
  // An fp32 model trains in fp32 whatever the regime says: 4 + 4 + 8 (Transformer Math 101, accelerate fp32).
  if (precision === "fp32" && regime !== "amp") return { weights: 4, gradients: 4, stateElement: 4, master: 0 };
  switch (regime) {
    // The seed document: 16-bit weights and gradients, AdamW moments in fp32 = 2 + 2 + 8.
    case "seed":
      return { weights: 2, gradients: 2, stateElement: 4, master: 0 };
    // ZeRO paper §3 (arXiv 1910.02054): fp16 weights and gradients, fp32 master, momentum and variance = 2 + 2 + 12.
    case "mixed":
      return { weights: 2, gradients: 2, stateElement: 4, master: 4 };
    // FP32 model under autocast (HF "model memory anatomy"): 4 + 4 + 8 plus autocast's cached 16-bit weight copies (aten autocast_mode.cpp).
    case "amp":
      return { weights: 6, gradients: 4, stateElement: 4, master: 0 };
    // Pure bf16: torch.optim.AdamW creates its states with zeros_like(param), in bf16 = 2 + 2 + 4.
    case "pure":
      return { weights: 2, gradients: 2, stateElement: 2, master: 0 };
  }
}

/** Optimizer state bytes per trainable parameter (without a master copy). */
export function optimizerBytesPerParam(optimizer: Optimizer, stateElement: number): number {
  switch (optimizer) {
    // AdamW (Loshchilov & Hutter 2019): first and second moments.
    case "adamw":
      return 2 * stateElement;
    // bitsandbytes 8-bit AdamW (Dettmers et al. 2022, "8-bit Optimizers via Block-wise Quantization"): 1 + 1 byte; paged variants page to host on spikes.
    case "adamw8bit":
    case "paged_adamw8bit":
      return 2;
    case "sgd":
      return 0;
    // SGD with momentum and Lion (Chen et al. 2023) keep one moment.
    case "sgd_momentum":
    case "lion":
      return stateElement;
    // Adafactor is factored per matrix; callers use adafactorBytes().
    case "adafactor":
      return 0;
  }
}

/**
 * Adafactor (Shazeer & Stern 2018) keeps one row and one column vector per weight matrix (no momentum in the
 * HF default), and a full second moment for vectors.
 */
export function adafactorBytes(s: Shape, stateElement: number): number {
  let elements = s.vocab + s.hidden; // embeddings
  if (!s.tiedEmbeddings) elements += s.vocab + s.hidden;
  for (const l of blockLinears(s)) elements += (l.dIn + l.dOut) * l.count;
  elements += s.layers * 2 * s.hidden; // norm weights (vectors: full second moment)
  return elements * stateElement;
}
