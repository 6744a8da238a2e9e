/** The sentences behind every number of a breakdown, written from the estimator's terms (numbers only). */
import type { AtLoad, Component, Scenario } from "../estimator/result.js";
import type { Optimizer, Unit } from "../estimator/request.js";
import type { Term } from "../estimator/terms.js";
import { VLLM_BLOCK_TOKENS, VLLM_GRAPH_FLOOR_BYTES } from "../estimator/vllm.js";
import { OPTIMIZER_NAMES } from "./labels.js";
import { formatBytes, formatCount, formatTokens } from "./units.js";

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
    case "autocast-casts":
      return `${n} params of 16-bit casts × 2 B: autocast caches no cast of a frozen weight, so each matmul casts it again and keeps the cast for the backward (regime=amp)`;
    case "gathered-blocks":
      return `${n} params of the gathered block and the prefetched next one × ${each(t.each ?? 0)} (ZeRO-3/FSDP)`;
    case "gradients": {
      const all = `${n} trainable params × ${each(t.each ?? 0)} (${t.dtype})${over(t)}`;
      // accum=1: the backward creates them as it frees the activations; only what outgrows that memory is added.
      return t.freed
        ? `${all}, less the ${formatBytes(t.freed, u)} they take over from activations the backward has already freed (accum=1: no gradients wait from an earlier micro-batch)`
        : all;
    }
    case "tied-gradient-sum":
      return `at the end of the backward the tied embedding's second gradient is summed into the LM head's: both and the sum exist for a moment, ${formatBytes(t.bytes, u)} beyond the activations freed by then`;
    case "gradient-in-flight":
      return `one parameter's gradient at a time, the largest (${n} elements × ${each(t.each ?? 0)}): the optimizer steps each parameter inside the backward and frees its gradient (step=inbackward)`;
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
      if (t.step === "loop")
        return `the per-parameter AdamW step's temporaries, the square root and quotient of the largest parameter's second moment (${n} elements × ${each(t.each ?? 0)}${over(t)}), less the ${formatBytes(t.freed ?? 0, u)} the freed activations left them`;
      return `the foreach AdamW step's temporary, one state of ${n} params × ${each(t.each ?? 0)}${over(t)}, less the ${formatBytes(t.freed ?? 0, u)} the freed activations left it`;
    case "layer-activations":
      return `${tokens(t)} × ${t.layers} layers × ${formatBytes(t.each ?? 0, u)} saved per token and layer`;
    case "checkpointed-inputs":
      return `checkpointing: each of ${t.layers} layers keeps its input, ${tokens(t)} × ${formatBytes(t.each ?? 0, u)} per token`;
    case "head-input":
      return `final norm and LM head inputs (${formatBytes(t.bytes, u)})`;
    case "logits":
      if (t.dtype === "16-bit+log-softmax")
        return `the 16-bit logits and the 16-bit log-softmax of every chunk, which the chunked loss keeps (${formatBytes(t.bytes, u)})`;
      return t.dtype === "16-bit"
        ? `the 16-bit logits the chunked loss keeps (${formatBytes(t.bytes, u)})`
        : `the fp32 log-softmax of the logits, which the loss keeps (${formatBytes(t.bytes, u)})`;
    case "backward-logits":
      return t.dtype === "16-bit"
        ? `one loss chunk's 16-bit gradients in the backward (${formatBytes(t.bytes, u)})`
        : `the loss's fp32 gradients at the start of backward (${formatBytes(t.bytes, u)})`;
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
    case "profile-peak":
      return `vLLM's profiling run, a forward pass over ${formatTokens(t.seq ?? 0)} tokens (max_num_batched_tokens) and the sampler over ${t.batch ?? 0} sequences: its peak (${formatBytes(t.bytes, u)})`;
    case "kv-pool": {
      const width = t.latent ? `a ${t.latent}-wide latent (MLA)` : `2 (K, V) × ${t.kvHeads} KV heads × ${t.headDim}`;
      // A sequence takes blocks in every layer group; sliding-window layers only over their window and one chunk.
      const window = t.window
        ? `; the ${t.windowLayers} sliding-window layers keep ${formatTokens(t.window)} tokens and one chunk per sequence`
        : "";
      return `paged KV cache, ${(t.count ?? 0).toLocaleString("en-US")} blocks of ${VLLM_BLOCK_TOKENS} tokens × ${formatBytes(t.each ?? 0, u)} (${t.layers} layers × ${VLLM_BLOCK_TOKENS} tokens × ${width} in ${t.dtype})${window}`;
    }
    case "cuda-graphs":
      return `${t.count} CUDA graphs for batches up to ${t.seq} tokens: one shared pool, the forward pass of the largest, plus vLLM's floor of ${formatBytes(VLLM_GRAPH_FLOOR_BYTES, u)} per graph (${formatBytes(t.bytes, u)})`;
    case "static-slack":
      return `allocator rounding, ${Math.round((t.share ?? 0) * 100)} % of ${formatBytes(t.of ?? 0, u)} long-lived tensors`;
    case "dynamic-slack":
      return `fragmentation, ${Math.round((t.share ?? 0) * 100)} % of ${formatBytes(t.of ?? 0, u)} activations and KV cache`;
    case "offloaded":
      return t.layers
        ? `the other ${t.layers} layers' saved activations wait in host memory (${formatBytes(t.hostBytes ?? 0, u)} of pinned RAM; offload=activations)`
        : `offloaded to CPU memory (${formatBytes(t.hostBytes ?? 0, u)} of host RAM), none on the GPU`;
    case "quantize-transient":
      return t.dtype === "torchao"
        ? `torchao quantizing the largest weight (${n} elements) to NF4: the 16-bit weight, its scaled copy and the 1-byte level of each element, ${each(t.each ?? 0)} per element`
        : `bitsandbytes quantizing the largest weight (${n} elements): the 16-bit weight and its packed 4-bit copy, ${each(t.each ?? 0)} per element`;
    case "quantize-chunk":
      return `torchao comparing one chunk of 2^20 elements with the 16 NF4 levels (two 16-bit tensors of ${n} elements)`;
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

/** The load peak in words: what is on the GPU while the largest weight is quantized. */
export function atLoadText(l: AtLoad, u: Unit = "GB"): string {
  const transient = l.terms.map((t) => termText(t, u)).join(" + ");
  return `While loading: the weights (${formatBytes(l.weights, u)}) + ${transient} (${formatBytes(l.transient, u)}) + CUDA context and slack (${formatBytes(l.overhead, u)}): more than the run needs once loaded, so this is the peak to fit.`;
}
