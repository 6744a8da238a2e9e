/** The conventions behind an answer, in words, so that every number can be explained. */
import type { Answer } from "../answer/schema.js";
import { CUDA_CONTEXT_BYTES } from "../estimator/overhead.js";
import { VLLM_BLOCK_TOKENS } from "../estimator/vllm.js";
import { METHOD_LABELS } from "./labels.js";
import { formatCount, formatTokens } from "./units.js";
import { listed } from "./words.js";
import { sourceNote } from "./defaults.js";
import { frameworkLine } from "./framework.js";

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
  const framework = frameworkLine(a);
  if (framework) out.push(framework);
  const training = a.scenarios.filter((s) => s.method !== "inference");
  const inference = a.scenarios.find((s) => s.method === "inference");
  const tokens = `${r.batch}${dflt(a, "batch")} × ${formatTokens(r.seq)}${dflt(a, "seq")} tokens`;
  if (training.length > 0) {
    const timing =
      r.optimStep === "inbackward"
        ? "the optimizer steps each parameter inside the backward, so one gradient exists at a time (step=inbackward)"
        : r.accum === 1
          ? "one micro-batch per step (accum=1) with gradients set to None after each step: they appear as the backward frees the activations"
          : r.accum !== undefined
            ? `${r.accum} micro-batches accumulate per step (accum=${r.accum}): gradients are held beside the activations`
            : "gradients are held beside the activations, as with gradient accumulation (say accum=1 for one micro-batch per step)";
    out.push(`Training: micro-batch ${tokens} per GPU; ${timing}.`);
    const extras = [
      r.compile ? "torch.compile (norms keep their 16-bit input, SwiGLU's SiLU output is recomputed)" : "",
      r.autocast && r.regime !== "amp"
        ? `16-bit autocast around the forward${training.some((s) => s.method === "lora" || s.method === "qlora") ? " (each fp32 adapter saves autocast's 16-bit cast of its input)" : ""}`
        : "",
      r.offloadActivations
        ? "activation offloading (saved activations wait in host memory; two blocks stay on the GPU)"
        : "",
      training.some((s) => s.method === "qlora") && r.quantizer === "torchao"
        ? "the 4-bit base quantized at load by torchao's NF4Tensor (as torchtune does)"
        : "",
    ].filter((x) => x !== "");
    if (extras.length > 0) out.push(`With ${listed(extras)}.`);
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
          : r.optimStep === "loop"
            ? " (one parameter at a time, foreach=False: only the largest parameter's temporaries)"
            : r.optimStep === "inbackward"
              ? " (stepped in the backward)"
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
      `${s.method === "qlora" ? "QLoRA" : "LoRA"}: r=${s.setup.rank} on ${TARGET_TEXT[s.setup.targets]}${r.targets === undefined ? " (its paper's default)" : ""}, adapters and their states in ${dtype}${base}${r.loraDropout > 0 ? `; lora_dropout ${r.loraDropout}: each adapter keeps its own dropped-out input and a 1-byte mask per element` : ""}.`,
    );
  }
  if (training.some((s) => s.method === "freeze")) out.push(`Freeze: only the last ${r.trainLayers} layers train.`);
  if (inference && r.engine === "vllm") {
    const tp =
      inference.gpuCount > 1
        ? `; tensor parallel over ${inference.gpuCount} GPUs divides the weights and the KV heads`
        : "";
    out.push(
      `vLLM with gpu_memory_utilization ${r.gpuUtil}${dflt(a, "gpuUtil")}: it takes that share of each card's memory at start, whatever the model, and holds in it the weights, the peak of its profiling run (a forward pass over max_num_batched_tokens tokens, then the sampler over max_num_seqs sequences: 8192 and 1024 on cards of 70 GiB or more other than the A100, else 2048 and 256, its defaults for \`vllm serve\`), the memory outside torch and its CUDA graphs; the rest is the paged KV cache (${inference.setup.kvDtype}, blocks of ${VLLM_BLOCK_TOKENS} tokens)${tp}. It serves when one ${formatTokens(r.seq)}-token sequence${dflt(a, "seq")} fits (max_model_len=${r.seq}); ${r.batch}${dflt(a, "batch")} wanted at once. The V1 engine, as its current source computes it.`,
    );
  } else if (inference) {
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
    `Runtime overhead: ${CUDA_CONTEXT_BYTES / 2 ** 30} GiB CUDA context plus allocator slack${inference && r.engine === "vllm" ? " (vLLM: the context only, it budgets on its measured peak)" : ""}. ${r.unit === "GiB" ? "GiB = 2^30 bytes" : "GB = 10^9 bytes"}; GPU capacities are what the driver reports.`,
  );
  return out;
}
