import { adapterBytes } from "./estimate.js";
import type { ResolvedModel } from "./model.js";
import { isQuantized } from "./precision.js";
import type { EstimationRequest, Method } from "./request.js";
import { formatCount, formatTokens } from "./units.js";

const REGIME_TEXT = {
  seed: "full fine-tuning at 2 + 2 + 8 = 12 B/param (16-bit weights and gradients, fp32 AdamW moments; regime=seed)",
  mixed: "full fine-tuning at 2 + 2 + 12 = 16 B/param (fp32 master weights, as ZeRO/DeepSpeed; regime=mixed)",
  amp: "full fine-tuning at 4 + 2 + 4 + 8 = 18 B/param (fp32 model under autocast, as the HF Trainer; regime=amp)",
  pure: "full fine-tuning at 2 + 2 + 4 = 8 B/param (pure bf16, torch AdamW states in bf16; regime=pure)",
} as const;

/** The conventions behind an estimate, in words, so that every number can be explained. */
export function assumptionsFor(m: ResolvedModel, req: EstimationRequest, methods: readonly Method[]): string[] {
  const out: string[] = [];
  if (m.derived) {
    out.push(
      `No model named: a ${formatCount(m.params)}-parameter model with the shape of ${m.basis} (${m.layers} layers, hidden ${m.hidden}, vocab ${m.vocab}).`,
    );
  } else {
    out.push(
      `${m.name}: ${formatCount(m.params)} params, ${m.layers} layers, hidden ${m.hidden}, ${m.heads} heads / ${m.kvHeads} KV heads, vocab ${m.vocab} (${m.source}).`,
    );
  }
  out.push(
    `Micro-batch ${req.batch} × ${formatTokens(req.seq)} tokens per GPU; gradient accumulation assumed (gradients live beside the next micro-batch's activations).`,
  );
  const training = methods.some((x) => x !== "inference");
  if (methods.includes("full") && req.precision !== "fp32") out.push(`${REGIME_TEXT[req.regime]}.`);
  if (training) {
    out.push(
      `Optimizer ${req.optimizer}${req.optimizer === "adamw" ? ` (torch ${req.optimStep} step${req.optimStep === "foreach" ? ", whose state-sized temporary is counted" : ""})` : ""}; gradient checkpointing ${req.gradientCheckpointing === undefined ? (methods.includes("qlora") ? "off (on for QLoRA, as PEFT prepares it)" : "off") : req.gradientCheckpointing ? "on" : "off"}; ${req.flashAttention ? "fused (flash/SDPA) attention" : "eager attention (s² scores stored)"}; ${req.loss === "chunked" ? "chunked cross-entropy" : "standard cross-entropy on fp32-upcast logits"}.`,
    );
  }
  if (methods.includes("lora") || methods.includes("qlora")) {
    out.push(
      `LoRA r=${req.rank} on ${req.targets === undefined ? "q,v for LoRA (LoRA paper, PEFT default) and all linear layers for QLoRA (QLoRA paper)" : req.targets === "all" ? "all linear layers" : req.targets}, adapters and their optimizer states in ${adapterBytes(req) === 4 ? "fp32 (PEFT default)" : "bf16 (regime=pure)"}.`,
    );
  }
  if (methods.includes("qlora")) {
    out.push(
      `QLoRA base in ${isQuantized(req.precision) && req.precision !== "nf4" ? req.precision : `NF4${req.doubleQuant ? " with double quantization" : ""}`}; embeddings and LM head stay 16-bit.`,
    );
  }
  if (methods.includes("freeze")) out.push(`Freeze: only the last ${req.trainLayers} layers train.`);
  if (methods.includes("inference")) {
    out.push(
      `Inference: weights + KV cache for ${formatTokens(req.seq)} tokens (${req.kvPrecision ?? "16-bit"} cache) + prefill working memory; serving engines that pre-allocate (vLLM) take a fixed share of the card instead.`,
    );
  }
  const multi = req.gpus.some((g) => g.count > 1);
  if (multi && training)
    out.push(
      `On several GPUs: ZeRO-${req.zero ?? 3}${req.zero === undefined ? " (FSDP full shard, assumed)" : ""}${req.offload === "cpu" ? " with CPU offload" : ""}; activations are not sharded.`,
    );
  out.push(
    "Runtime overhead: 0.5 GiB CUDA context plus allocator slack. GB = 10^9 bytes; GPU capacities are what the driver reports.",
  );
  return out;
}
