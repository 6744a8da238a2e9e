/** The conventions behind an answer, in words, so that every number can be explained. */
import type { Answer } from "../answer/schema.js";
import { CUDA_CONTEXT_BYTES } from "../estimator/overhead.js";
import { METHOD_LABELS } from "./labels.js";
import { formatCount, formatTokens } from "./units.js";
import { listed } from "./words.js";
import { sourceNote } from "./defaults.js";

const REGIME_TEXT = {
  seed: "Full fine-tuning at 2 + 2 + 8 = 12 B/param: 16-bit weights and gradients, fp32 AdamW moments (the seed's accounting, regime=seed)",
  mixed: "Full fine-tuning at 2 + 2 + 12 = 16 B/param: fp32 master weights, as ZeRO/DeepSpeed (regime=mixed)",
  amp: "Full fine-tuning at 4 + 2 + 4 + 8 = 18 B/param: an fp32 model under autocast, as the HF Trainer (regime=amp)",
  pure: "Full fine-tuning at 2 + 2 + 4 = 8 B/param: pure bf16, torch AdamW states in bf16 (regime=pure)",
} as const;

const TARGET_TEXT = {
  qv: "q and v",
  qkv: "q, k and v",
  attn: "the attention projections",
  mlp: "the MLP",
  all: "all linear layers",
} as const;

const dflt = sourceNote;

export function assumptionLines(a: Answer): string[] {
  const m = a.model;
  const r = a.request;
  const out: string[] = [];
  if (m.derived) {
    out.push(
      `No model named: a ${formatCount(m.params)}-parameter model with the shape of ${m.basisName} (${m.layers} layers, hidden ${m.hidden}, vocab ${m.vocab}).`,
    );
  } else {
    out.push(
      `${m.name}: ${formatCount(m.params)} params, ${m.layers} layers, hidden ${m.hidden}, ${m.heads} heads / ${m.kvHeads} KV heads, vocab ${m.vocab}, context up to ${formatTokens(m.maxContext ?? 0)} (${m.source}).`,
    );
  }
  const training = a.scenarios.filter((s) => s.method !== "inference");
  const inference = a.scenarios.find((s) => s.method === "inference");
  const tokens = `${r.batch}${dflt(a, "batch")} × ${formatTokens(r.seq)}${dflt(a, "seq")} tokens`;
  if (training.length > 0) {
    out.push(
      `Training: micro-batch ${tokens} per GPU; gradients are held beside the activations (as with gradient accumulation).`,
    );
    if (training.some((s) => s.method === "full") && r.precision !== "fp32") out.push(`${REGIME_TEXT[r.regime]}.`);
    const on = training.filter((s) => s.gradientCheckpointing).map((s) => METHOD_LABELS[s.method]);
    const off = training.filter((s) => !s.gradientCheckpointing).map((s) => METHOD_LABELS[s.method]);
    const ckpt = on.length === 0 ? "off" : off.length === 0 ? "on" : `on for ${listed(on)}, off for ${listed(off)}`;
    const temp = training.some((s) => s.setup.stepTemporaryBytes > 0);
    const step =
      r.optimizer !== "adamw"
        ? ""
        : r.optimStep === "fused"
          ? " (fused step)"
          : temp
            ? " (torch's foreach step: its state-sized temporary is counted where it outgrows the freed activations)"
            : " (no step temporary in this regime's accounting)";
    out.push(
      `Optimizer ${r.optimizer}${step}; gradient checkpointing ${ckpt}${r.gradientCheckpointing === undefined && on.includes("QLoRA") ? " (QLoRA's default, as PEFT prepares it)" : ""}; ${r.flashAttention ? "fused (flash/SDPA) attention" : "eager attention (s² scores stored)"}; ${r.loss === "chunked" ? "chunked cross-entropy" : "standard cross-entropy on fp32-upcast logits"}.`,
    );
  }
  for (const s of training) {
    if (s.setup.targets === undefined) continue;
    const dtype = s.setup.adapterBytes === 4 ? "fp32 (PEFT's default)" : "bf16 (regime=pure)";
    const base =
      s.method === "qlora"
        ? `; base in ${s.setup.baseDtype}${s.setup.baseDtype === "nf4" ? (r.doubleQuant ? " with double quantization" : "") : ""}, embeddings and LM head 16-bit`
        : "";
    out.push(
      `${s.method === "qlora" ? "QLoRA" : "LoRA"}: r=${s.setup.rank} on ${TARGET_TEXT[s.setup.targets]}${r.targets === undefined ? " (its paper's default)" : ""}, adapters and their states in ${dtype}${base}.`,
    );
  }
  if (training.some((s) => s.method === "freeze")) out.push(`Freeze: only the last ${r.trainLayers} layers train.`);
  if (inference) {
    out.push(
      `Inference: weights + KV cache for ${r.batch}${dflt(a, "batch")} × ${formatTokens(r.seq)}${dflt(a, "seq")} tokens (${inference.setup.kvDtype} cache) + prefill working memory; engines that pre-allocate (vLLM) take a fixed share of the card instead.`,
    );
  }
  const multi = a.targets.some((t) => t.count > 1);
  if (multi && training.length > 0) {
    out.push(
      `On several GPUs: ZeRO-${r.zero ?? 3}${r.zero === undefined ? " (FSDP full shard, assumed)" : ""}${r.offload === "cpu" ? " with CPU offload" : ""}; activations are not sharded.`,
    );
  }
  out.push(
    `Runtime overhead: ${CUDA_CONTEXT_BYTES / 2 ** 30} GiB CUDA context plus allocator slack. ${r.unit === "GiB" ? "GiB = 2^30 bytes" : "GB = 10^9 bytes"}; GPU capacities are what the driver reports.`,
  );
  return out;
}
