import { estimateScenario } from "../estimator/estimate.js";
import type { ResolvedModel } from "../estimator/model.js";
import { checkpointingFor, type EstimationRequest, type Method } from "../estimator/request.js";
import { verdictFor, type GpuTarget, type Verdict } from "./verdict.js";

/** One change to the request, and what it does on the GPU in question. */
export interface WhatIf {
  /** Stable key (also the button action in Slack). */
  change: string;
  label: string;
  method: Method;
  count: number;
  totalBytes: number;
  verdict: Verdict;
  /** Tokens that express the change in the request language. */
  tokens: string;
  request: EstimationRequest;
}

interface Candidate {
  change: string;
  label: string;
  tokens: string;
  applies: boolean;
  patch: Partial<EstimationRequest>;
  method?: Method;
  count?: number;
}

const MAX_GPUS = 64;

function candidates(req: EstimationRequest, method: Method): Candidate[] {
  const training = method !== "inference";
  const halfBatch = Math.max(1, Math.floor(req.batch / 2));
  const list: Candidate[] = [
    {
      change: "ckpt",
      label: "Turn on gradient checkpointing",
      tokens: "ckpt",
      applies: training && !checkpointingFor(req, method),
      patch: { gradientCheckpointing: true },
    },
    {
      change: "chunked-loss",
      label: "Use a chunked/fused cross-entropy (Liger, Unsloth)",
      tokens: "loss=chunked",
      applies: training && req.loss === "standard",
      patch: { loss: "chunked" },
    },
    {
      change: "adamw8bit",
      label: "Use 8-bit AdamW (bitsandbytes)",
      tokens: "optim=adamw8bit",
      applies: (method === "full" || method === "freeze") && (req.optimizer === "adamw" || req.optimizer === "lion"),
      patch: { optimizer: "adamw8bit" },
    },
    {
      change: "half-batch",
      label: `Micro-batch ${halfBatch} with 2× gradient accumulation`,
      tokens: `batch=${halfBatch}`,
      applies: req.batch > 1,
      patch: { batch: halfBatch },
    },
    {
      change: "all-savings",
      label: "Checkpointing + chunked loss + 8-bit AdamW together",
      tokens: "ckpt loss=chunked optim=adamw8bit",
      applies: method === "full",
      patch: { gradientCheckpointing: true, loss: "chunked", optimizer: "adamw8bit" },
    },
    {
      change: "lora",
      label: "Switch to LoRA",
      tokens: "lora",
      applies: method === "full" || method === "freeze",
      patch: {},
      method: "lora",
    },
    {
      change: "qlora",
      label: "Switch to QLoRA (4-bit base)",
      tokens: "qlora",
      applies: method === "full" || method === "freeze" || method === "lora",
      patch: {},
      method: "qlora",
    },
    {
      change: "qlora-ckpt",
      label: "QLoRA with gradient checkpointing",
      tokens: "qlora ckpt",
      applies: training && req.gradientCheckpointing === false,
      patch: { gradientCheckpointing: true },
      method: "qlora",
    },
    {
      change: "offload",
      label: "Offload optimizer states to CPU (ZeRO-Offload)",
      tokens: "offload=cpu",
      applies: training && req.offload === "none",
      patch: { offload: "cpu" },
    },
    {
      change: "kv-fp8",
      label: "Store the KV cache in fp8",
      tokens: "kv=fp8",
      applies: !training && (req.kvPrecision === undefined || req.kvPrecision === "bf16" || req.kvPrecision === "fp16"),
      patch: { kvPrecision: "fp8" },
    },
    {
      change: "int4",
      label: "Serve 4-bit weights (GPTQ/AWQ)",
      tokens: "int4",
      applies: !training && req.precision !== "int4" && req.precision !== "nf4",
      patch: { precision: "int4" },
    },
    {
      change: "half-seq",
      label: `Shorter context: ${Math.max(1, Math.floor(req.seq / 2))} tokens`,
      tokens: `seq=${Math.max(1, Math.floor(req.seq / 2))}`,
      applies: req.seq > 256,
      patch: { seq: Math.max(1, Math.floor(req.seq / 2)) },
    },
  ];
  return list.filter((c) => c.applies);
}

/** The cheapest changes that make `method` fit `target`, each with its new per-GPU total. */
export function whatIfs(m: ResolvedModel, req: EstimationRequest, method: Method, target: GpuTarget): WhatIf[] {
  const out: WhatIf[] = [];
  for (const c of candidates(req, method)) {
    const next: EstimationRequest = { ...req, ...c.patch, methods: [c.method ?? method] };
    const s = estimateScenario(m, next, c.method ?? method, target.count);
    out.push({
      change: c.change,
      label: c.label,
      method: c.method ?? method,
      count: target.count,
      totalBytes: s.bytes.total,
      ...verdictFor(s.bytes.total, target.capacityBytes),
      tokens: c.tokens,
      request: next,
    });
  }
  // More of the same GPU: the smallest count that fits (ZeRO-3 for training, a model split for inference).
  for (let count = target.count * 2; count <= MAX_GPUS; count *= 2) {
    const s = estimateScenario(m, req, method, count);
    const v = verdictFor(s.bytes.total, target.capacityBytes);
    if (v.verdict === "fits" || count === MAX_GPUS) {
      const how = method === "inference" ? "split the model" : `ZeRO-${req.zero && req.zero > 0 ? req.zero : 3}`;
      out.push({
        change: "more-gpus",
        label: `${count}× ${target.short} (${how})`,
        method,
        count,
        totalBytes: s.bytes.total,
        ...v,
        tokens: `gpu=${count}x${target.id}`,
        request: { ...req, gpus: [{ id: target.id, count }] },
      });
      break;
    }
  }
  const rank = { fits: 0, tight: 1, no: 2 } as const;
  return out.sort((a, b) => rank[a.verdict] - rank[b.verdict]);
}
