import type { Method } from "../estimator/request.js";

export const METHOD_LABELS: Record<Method, string> = {
  full: "Full fine-tuning",
  lora: "LoRA",
  qlora: "QLoRA",
  freeze: "Freeze (last layers)",
  inference: "Inference",
};

export const METHOD_SHORT: Record<Method, string> = {
  full: "Full FT",
  lora: "LoRA",
  qlora: "QLoRA",
  freeze: "Freeze",
  inference: "Inference",
};
