/** The sentences behind every number of a breakdown, written from the estimator's terms (numbers only). */
import type { Component, Scenario } from "../estimator/result.js";
import type { Optimizer, Unit } from "../estimator/request.js";
import type { Term } from "../estimator/terms.js";
import { formatBytes, formatCount, formatTokens } from "./units.js";

const OPTIMIZER_NAMES: Record<Optimizer, string> = {
  adamw: "AdamW",
  adamw8bit: "8-bit AdamW",
  paged_adamw8bit: "paged 8-bit AdamW",
  sgd: "SGD",
  sgd_momentum: "SGD with momentum",
  adafactor: "Adafactor",
  lion: "Lion",
};

/** "× 2 B" with its dtype; fractional sizes keep three decimals (NF4's 0.508 B). */
const each = (b: number): string => `${Number.isInteger(b) ? b : b.toFixed(3)} B`;
const over = (t: Term): string => (t.shards && t.shards > 1 ? `, split over ${t.shards} GPUs` : "");
const tokens = (t: Term): string => `${t.batch ?? 1}×${formatTokens(t.seq ?? 0)} tokens`;
const STATES: Partial<Record<Optimizer, string>> = {
  adamw: "two moments",
  adamw8bit: "two 8-bit moments",
  paged_adamw8bit: "two 8-bit moments, paged",
  sgd_momentum: "one momentum",
  lion: "one momentum",
};

/** One term in words, with its inputs. */
export function termText(t: Term, u: Unit = "GB"): string {
  const n = formatCount(t.count ?? 0);
  switch (t.kind) {
    case "weights":
      return `${n} params × ${each(t.each ?? 0)} (${t.dtype === "fp32+bf16" ? "fp32 weights + autocast's bf16 copies" : t.dtype})${over(t)}`;
    case "quantized-linears":
      return `${n} linear weights in ${t.dtype} × ${each(t.each ?? 0)} (quantization constants included)${over(t)}`;
    case "unquantized-rest":
      return `${n} embedding, head and norm weights kept in 16-bit × 2 B${over(t)}`;
    case "adapters":
      return `${n} LoRA params (r=${t.rank}, ${t.targets}) × ${each(t.each ?? 0)} (${t.dtype})${over(t)}`;
    case "gathered-blocks":
      return `${n} params of the gathered block and the prefetched next one × ${each(t.each ?? 0)} (ZeRO-3/FSDP)`;
    case "gradients":
      return `${n} trainable params × ${each(t.each ?? 0)} (${t.dtype})${over(t)}`;
    case "ddp-buckets":
      return `a second copy in DDP's all-reduce buckets (${formatBytes(t.bytes, u)})`;
    case "optimizer-states": {
      const opt = t.optimizer ?? "adamw";
      return `${n} trainable params × ${each(t.each ?? 0)} (${OPTIMIZER_NAMES[opt]}: ${STATES[opt] ?? "states"})${over(t)}`;
    }
    case "master-weights":
      return `fp32 master copy: ${n} params × 4 B${over(t)}`;
    case "adafactor-factors":
      return `Adafactor's factored statistics: ${t.count === undefined ? formatBytes(t.bytes, u) : `${n} row and column entries × ${each(t.each ?? 0)}`}${over(t)}`;
    case "step-temporary":
      return `the foreach AdamW step's temporary, one state of ${n} params × ${each(t.each ?? 0)}${over(t)}, less the ${formatBytes(t.freed ?? 0, u)} of freed activations it reuses`;
    case "layer-activations":
      return `${tokens(t)} × ${t.layers} layers × ${formatBytes(t.each ?? 0, u)} saved per token and layer`;
    case "checkpointed-inputs":
      return `checkpointing: each of ${t.layers} layers keeps its input, ${tokens(t)} × ${formatBytes(t.each ?? 0, u)} per token`;
    case "head-input":
      return `final norm and LM head inputs (${formatBytes(t.bytes, u)})`;
    case "logits":
      return `logits and the fp32 log-softmax the loss keeps (${formatBytes(t.bytes, u)})`;
    case "backward-logits":
      return `the loss's fp32 gradients at the start of backward (${formatBytes(t.bytes, u)})`;
    case "backward-working":
      return `backward's working set: one block's activations and their gradients (${formatBytes(t.bytes, u)})`;
    case "dequant-buffer":
      return `the largest weight (${n} elements) dequantized to 16-bit for its matmul × 2 B`;
    case "prefill-working":
      return `prefill: one block's largest transient over ${tokens(t)} (${formatBytes(t.bytes, u)})`;
    case "kv-cache": {
      const width = t.latent ? `a ${t.latent}-wide latent (MLA)` : `${t.kvHeads} KV heads × ${t.headDim}`;
      const window = t.window ? `; ${t.windowLayers} sliding-window layers stop at ${formatTokens(t.window)}` : "";
      // MLA caches one latent per token and layer (no separate K and V).
      const kv = t.latent ? "" : "2 (K, V) × ";
      return `${kv}${t.layers} layers × ${tokens(t)} × ${width} × ${each(t.each ?? 0)} (${t.dtype})${window}${over(t)}`;
    }
    case "cuda-context":
      return `CUDA context and kernels (${formatBytes(t.bytes, u)})`;
    case "static-slack":
      return `allocator rounding, ${Math.round((t.share ?? 0) * 100)} % of ${formatBytes(t.of ?? 0, u)} long-lived tensors`;
    case "dynamic-slack":
      return `fragmentation, ${Math.round((t.share ?? 0) * 100)} % of ${formatBytes(t.of ?? 0, u)} activations and KV cache`;
    case "offloaded":
      return `offloaded to CPU memory (${formatBytes(t.hostBytes ?? 0, u)} of host RAM), none on the GPU`;
  }
}

/** A component's terms in one line, joined with "+". */
export function explainComponent(s: Scenario, k: Component, u: Unit = "GB"): string {
  return s.terms[k].map((t) => termText(t, u)).join(" + ");
}

/** Every non-empty component's sentence, keyed by component (the JSON contract's `explain`). */
export function explainAll(s: Scenario): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, terms] of Object.entries(s.terms)) if (terms.length > 0) out[k] = explainComponent(s, k as Component);
  return out;
}
