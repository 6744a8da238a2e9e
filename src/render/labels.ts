import type { Component } from "../estimator/result.js";
import type { Method, Optimizer } from "../estimator/request.js";

export const OPTIMIZER_NAMES: Record<Optimizer, string> = {
  adamw: "AdamW",
  adamw8bit: "8-bit AdamW",
  paged_adamw8bit: "paged 8-bit AdamW",
  sgd: "SGD",
  sgd_momentum: "SGD with momentum",
  adafactor: "Adafactor",
  lion: "Lion",
};

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

/** Component names that fit a 40-character monospace line with a number and a bar. */
export const COMPONENT_SHORT: Record<Component, string> = {
  weights: "Weights",
  gradients: "Gradients",
  optimizer: "Optimizer",
  activations: "Activations",
  kvCache: "KV cache",
  overhead: "Overhead",
};

export const COMPONENT_LABELS: Record<Component, string> = {
  weights: "Weights",
  gradients: "Gradients",
  optimizer: "Optimizer states",
  activations: "Activations",
  kvCache: "KV cache",
  overhead: "Runtime overhead",
};
