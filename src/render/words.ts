/** Sentences shared by every surface: GPUs, plans and their costs, the recommendation, limits. */
import type { Limits } from "../advisor/limits.js";
import { LEVERS, RANK_ORDER } from "../advisor/plan/index.js";
import { GPU_COUNTS } from "../advisor/targets.js";
import { findGpu } from "../catalog/index.js";
import type { GpuTarget } from "../advisor/verdict.js";
import type { Answer, AnswerPlan, PlanChange } from "../answer/schema.js";
import type { EstimationRequest, Method } from "../estimator/request.js";
import { METHOD_LABELS } from "./labels.js";
import { servedOf, servingShort } from "./serving.js";
import { formatBytes, formatTokens } from "./units.js";

export function targetLabel(t: Pick<GpuTarget, "count" | "short">): string {
  return t.count > 1 ? `${t.count}× ${t.short}` : t.short;
}

/** The card by its marketing name and size: "RTX 4090 24 GB", "A100 80 GB", "2× H100 SXM 80 GB", "a 24 GB GPU". */
export function cardLabel(t: Pick<GpuTarget, "count" | "short" | "marketingGB" | "bare">): string {
  const times = t.count > 1 ? `${t.count}× ` : "";
  if (t.bare) return `${times}${t.marketingGB} GB GPU`;
  const sized = /\d+\s*GB\b/i.test(t.short)
    ? t.short.replace(/(\d+)\s*GB\b/i, "$1 GB")
    : `${t.short} ${t.marketingGB} GB`;
  return `${times}${sized}`;
}

/** "63 % of the card", "2.4× the card": a total against a card, in no unit at all. */
export function shareOfCard(totalBytes: number, capacityBytes: number, perGpu: boolean): string {
  const r = totalBytes / capacityBytes;
  const card = perGpu ? "each card" : "the card";
  if (r <= 1) return `${Math.round(r * 100)} % of ${card}`;
  // Just over: in percent, which a ratio would round away ("1.0× the card").
  if (r < 1.2) return `${Math.max(1, Math.round((r - 1) * 100))} % over ${card}`;
  return `${r < 10 ? r.toFixed(1) : Math.round(r)}× ${card}`;
}

/** The setup in one short line ("batch 1 × 4k · AdamW · checkpointing on · flash attention · bf16 · GB = 10⁹ bytes"). */
export function setupLine(a: Answer): string {
  // The setup of the breakdown shown: the plan's when the answer leads with one, else the request's.
  const plan = a.recommendation.kind === "plan" ? a.plans[0] : undefined;
  const r = plan?.setup ?? a.request;
  const training = (plan?.method ?? a.primary) !== "inference";
  const focus = plan?.scenario ?? a.scenarios.find((s) => s.method === a.recommendation.method) ?? a.scenarios[0];
  const parts = [`batch ${r.batch} × ${formatTokens(r.seq)}`];
  if (r.framework !== undefined) parts.unshift(`framework=${r.framework}`);
  if (training) parts.push(r.optimizer === "adamw" ? "AdamW" : r.optimizer);
  if (training && focus) parts.push(`checkpointing ${focus.gradientCheckpointing ? "on" : "off"}`);
  if (training && r.loss === "chunked") parts.push("chunked loss");
  if (training && r.offload === "cpu") parts.push("CPU offload");
  if (training && focus && focus.gpuCount > 1) parts.push(focus.zero > 0 ? `ZeRO-${focus.zero}` : "DDP");
  if (!training && r.engine === "vllm") parts.push(`vLLM, gpu_memory_utilization ${r.gpuUtil}`);
  parts.push(r.flashAttention ? "flash attention" : "eager attention", r.precision);
  if (training && a.scenarios.some((s) => s.method === "full")) parts.push(`regime=${r.regime}`);
  parts.push(r.unit === "GiB" ? "GiB = 2³⁰ bytes" : "GB = 10⁹ bytes");
  return parts.join(" · ");
}

/** "with LoRA", "for inference". */
export const howText = (m: Method): string => (m === "inference" ? "for inference" : `with ${METHOD_LABELS[m]}`);

const ON: Record<string, string> = { on: "on", off: "off" };

/** One change of a plan, as a colleague would say it. */
/** Under ZeRO-3 the offload moves the weights to the host too (the plan's terms say so). */
const offloadsWeights = (plan: Partial<Pick<AnswerPlan, "scenario">>): boolean =>
  plan.scenario?.terms.weights.some((t) => t.kind === "offloaded") ?? false;

export function changeText(
  c: PlanChange,
  plan?: Pick<AnswerPlan, "target" | "method"> & Partial<Pick<AnswerPlan, "scenario">>,
): string {
  switch (c.lever) {
    case "loss":
      return "chunked cross-entropy (Liger, Unsloth, torchtune)";
    case "step":
      return "fused AdamW step (`fused=True`)";
    case "ckpt":
      return `gradient checkpointing ${ON[c.to] ?? c.to}`;
    case "actOffload":
      return "activation offloading to CPU (torchtune, Unsloth)";
    case "zero":
      return `ZeRO-3 / FSDP full shard on your ${plan ? targetLabel(plan.target) : "GPUs"} (instead of ZeRO-${c.from})`;
    case "batch": {
      const factor = Math.round(Number(c.from) / Number(c.to));
      return `micro-batch ${c.to} instead of ${c.from}, with ${factor}× gradient accumulation (same effective batch)`;
    }
    case "offload":
      return plan && offloadsWeights(plan)
        ? "optimizer states, gradients and weights offloaded to CPU (ZeRO-3 offload)"
        : "optimizer states and gradients offloaded to CPU (ZeRO-Offload)";
    case "optim":
      return "8-bit AdamW (bitsandbytes)";
    case "kv":
      return `KV cache in ${c.to}`;
    case "method":
      return c.to === "qlora" ? "QLoRA (4-bit base, trainable adapters)" : `${METHOD_LABELS[c.to as Method] ?? c.to}`;
    case "precision":
      return `${c.to} weights (${c.to === "int4" ? "GPTQ/AWQ" : "8-bit"})`;
    case "gpus":
      return `${c.to}× ${plan?.target.short ?? "GPUs"} instead of ${c.from} (${plan?.method === "inference" ? "tensor parallel" : "ZeRO-3 / FSDP full shard"})`;
    case "gpu": {
      const card = plan ? targetLabel(plan.target) : c.to;
      return c.from === "none" ? card : `${card} instead of the ${findGpu(c.from)?.short ?? c.from}`;
    }
    case "seq":
      return `context ${formatTokens(Number(c.to))} instead of ${formatTokens(Number(c.from))}`;
  }
}

/** A change in two or three words, for a phone's first screen ("chunked loss", "2× A10G 24 GB"). */
export function changeShort(c: PlanChange, plan?: Pick<AnswerPlan, "target">): string {
  switch (c.lever) {
    case "loss":
      return "chunked loss";
    case "step":
      return "fused AdamW step";
    case "ckpt":
      return c.to === "on" ? "checkpointing" : "no checkpointing";
    case "actOffload":
      return "activation offload";
    case "zero":
      return "ZeRO-3";
    case "batch":
      return `micro-batch ${c.to}`;
    case "offload":
      return "CPU offload";
    case "optim":
      return "8-bit AdamW";
    case "kv":
      return `${c.to} KV cache`;
    case "method":
      return METHOD_LABELS[c.to as Method] ?? c.to;
    case "precision":
      return `${c.to} weights`;
    case "gpus":
    case "gpu":
      return plan ? cardLabel(plan.target) : c.to;
    case "seq":
      return `${formatTokens(Number(c.to))} context`;
  }
}

/** A plan's changes in short words, the weightiest first: "QLoRA + chunked loss". */
export function planShort(
  plan: Pick<AnswerPlan, "changes" | "target" | "method">,
  opts: { hardware?: boolean; method?: boolean } = {},
): string {
  const weight = (c: PlanChange) => RANK_ORDER.indexOf(LEVERS[c.lever].tier);
  const words = [...plan.changes]
    .filter((c) => opts.hardware !== false || (c.lever !== "gpu" && c.lever !== "gpus"))
    .sort((a, b) => weight(a) - weight(b))
    .map((c) => changeShort(c, plan));
  const method =
    opts.method === false || plan.changes.some((c) => c.lever === "method") ? [] : [METHOD_LABELS[plan.method]];
  return [...method, ...words].join(" + ");
}

/** What a change costs the user, in words. */
function changeCost(c: PlanChange, plan: AnswerPlan): string | undefined {
  switch (c.lever) {
    case "loss":
    case "step":
      return undefined; // same math, no cost
    case "ckpt":
      return "about 30 % slower (one more forward pass)";
    case "actOffload":
      return `a little slower where PCIe cannot keep up, ${formatBytes(plan.scenario.hostBytes, plan.setup.unit)} of pinned host RAM`;
    case "zero":
      return "each block gathered from the other GPUs every step (more traffic between them)";
    case "batch":
      return "a little slower per sample";
    case "offload":
      return `much slower steps (the optimizer runs on the CPU), ${formatBytes(plan.scenario.hostBytes, plan.setup.unit)} of host RAM`;
    case "optim":
      return "8-bit optimizer states (usually the same quality)";
    case "kv":
      return "fp8 KV cache (a small quality cost)";
    case "method":
      return c.to === "qlora"
        ? "trains adapters on a 4-bit base (slower, a small quality cost)"
        : "trains adapters only";
    case "precision":
      return "quantized weights (a small quality cost)";
    case "gpus":
      return `hardware: ${c.to} GPUs`;
    case "gpu":
      return `hardware: ${targetLabel(plan.target)}`;
    case "seq":
      return "a shorter context than asked";
  }
}

/** What the plan costs the user: free settings say so. */
export function costText(plan: AnswerPlan): string {
  const costs = plan.changes.map((c) => changeCost(c, plan)).filter((x): x is string => x !== undefined);
  return costs.length === 0 ? "free: same math, no slowdown" : costs.join("; ");
}

/** "QLoRA + chunked cross-entropy": the weightiest change first (hardware, method, …, free). */
export function planChangesText(
  plan: Pick<AnswerPlan, "changes" | "target" | "method"> & Partial<Pick<AnswerPlan, "scenario">>,
  opts: { hardware?: boolean } = {},
): string {
  const weight = (c: PlanChange) => RANK_ORDER.indexOf(LEVERS[c.lever].tier);
  return [...plan.changes]
    .filter((c) => opts.hardware !== false || (c.lever !== "gpu" && c.lever !== "gpus"))
    .sort((a, b) => weight(a) - weight(b))
    .map((c) => changeText(c, plan))
    .join(" + ");
}

/** A plan's changes, naming its method when no change is a method change ("checkpointing on (LoRA)"). */
export function planWithMethod(
  plan: Pick<AnswerPlan, "changes" | "target" | "method">,
  opts: { hardware?: boolean } = {},
): string {
  const method = plan.changes.some((c) => c.lever === "method") ? "" : ` (${METHOD_LABELS[plan.method]})`;
  const changes = planChangesText(plan, opts);
  return changes ? `${changes}${method}` : METHOD_LABELS[plan.method];
}

/** "8k tokens is Llama 3 8B's maximum; 128k asked": when the context asked is beyond what the model reads. */
export function overContextText(a: Answer): string | undefined {
  if (!a.overContext) return undefined;
  return `${a.model.name} reads at most ${formatTokens(a.overContext.max)} tokens; ${formatTokens(a.overContext.asked)} were asked, so every plan comes back to ${formatTokens(a.overContext.max)}.`;
}

/** The recommendation in one sentence. */
export function recommendationText(a: Answer): string {
  const r = a.recommendation;
  const u = a.request.unit;
  const named = a.gpuNamed ? a.targets[0] : undefined;
  const owned = named ? ownedName(a, named) : undefined;
  const gpu = named ? (owned ? `${owned} (${targetLabel(named)})` : targetLabel(named)) : "";
  const capacity = named ? formatBytes(named.capacityBytes, u) : "";
  const per = named && named.count > 1 ? " per GPU" : "";
  // engine=vllm: it takes its share of the card whatever the model; what it holds is the answer.
  const served = r.method === "inference" ? servedOf(a)?.serving : undefined;
  if (served && named && (r.kind === "fits" || r.kind === "tight")) {
    const budget = `${formatBytes(r.totalBytes, u)} of ${capacity}${per}, gpu_memory_utilization ${served.gpuUtil}`;
    return r.kind === "fits"
      ? `${METHOD_LABELS[r.method]} with vLLM fits on ${gpu}: it ${servingShort(served)} (${budget}).`
      : `${METHOD_LABELS[r.method]} with vLLM runs on ${gpu}, but it ${servingShort(served)}, fewer than the ${served.batch} asked (${budget}).`;
  }
  switch (r.kind) {
    case "fits":
      return `${METHOD_LABELS[r.method]} fits on ${gpu} with ${formatBytes(r.headroomBytes, u)} to spare (${formatBytes(r.totalBytes, u)} of ${capacity}${per}).`;
    case "tight":
      return `${METHOD_LABELS[r.method]} fits on ${gpu}, but tight: only ${formatBytes(r.headroomBytes, u)} left (${formatBytes(r.totalBytes, u)} of ${capacity}${per}).`;
    case "plan": {
      const p = a.plans[0]!;
      return `As asked (${asAsked(a)}), nothing fits ${gpu}. ${capitalize(planChangesText(p))}: ${formatBytes(r.totalBytes, u)} of ${formatBytes(p.target.capacityBytes, u)}${p.target.count > 1 ? " per GPU" : ""}, which fits.`;
    }
    case "smallest": {
      const others = r.others.map((o) => `${METHOD_LABELS[o.method]}: ${targetLabel(o)}`);
      if (served)
        return `${METHOD_LABELS[r.method]} with vLLM fits first on ${targetLabel({ count: r.count, short: shortOf(a, r.gpu) })}: it ${servingShort(served)}.${others.length ? ` ${others.join("; ")}.` : ""}`;
      return `${METHOD_LABELS[r.method]} needs ${formatBytes(r.totalBytes, u)} per GPU: smallest fit ${targetLabel({ count: r.count, short: shortOf(a, r.gpu) })}.${others.length ? ` ${others.join("; ")}.` : ""}`;
    }
    case "none": {
      const c = a.closest;
      const floor = c
        ? ` The closest (${planChangesText(c)}) needs ${formatBytes(c.scenario.bytes.total, u)}; ${FLOOR[c.floor]} alone take ${formatBytes(c.scenario.bytes[c.floor], u)}.`
        : "";
      return named
        ? `Nothing fits ${gpu}, even with every change.${floor}`
        : `${METHOD_LABELS[r.method]} does not fit any catalog GPU, up to ${Math.max(...GPU_COUNTS)} cards.`;
    }
  }
}

const FLOOR = {
  weights: "the weights",
  gradients: "the gradients",
  optimizer: "the optimizer states",
  activations: "the activations",
  kvCache: "the KV cache",
  overhead: "the runtime overhead",
} as const;

export const listed = (xs: readonly string[]): string =>
  xs.length <= 2 ? xs.join(" and ") : `${xs.slice(0, -1).join(", ")} and ${xs.at(-1)}`;

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function shortOf(a: Answer, id: string): string {
  for (const s of a.scenarios) if (s.smallestFit?.gpu === id) return s.smallestFit.short;
  return id;
}

/** "LoRA at 8k tokens" — the setup asked, naming defaults as defaults. */
export function asAsked(a: Answer): string {
  const methods = a.scenarios.map((s) => METHOD_LABELS[s.method]);
  const seq = `${formatTokens(a.request.seq)} tokens${a.typed.includes("seq") ? "" : ", the default"}`;
  return `${listed(methods)} at ${seq}`;
}

/** A limit in words: "context up to 7.2k tokens (the model's maximum) at batch 1; batch up to 3 at 1k". */
export function limitText(l: Limits, typedBatch: boolean, typedSeq: boolean): string {
  const seq =
    l.maxSeq > 0
      ? `context up to ${l.maxSeq.toLocaleString("en-US")} tokens${l.contextCap ? " (the model's maximum)" : ""} at batch ${l.batch}${typedBatch ? "" : " (default)"}`
      : `not even one token at batch ${l.batch}`;
  const batch =
    l.maxBatch > 0
      ? `batch up to ${l.maxBatch} at ${formatTokens(l.seq)} tokens${typedSeq ? "" : " (default)"}`
      : `no batch fits at ${formatTokens(l.seq)} tokens`;
  return `${seq}; ${batch}`;
}

/** What one click changed, field by field ("4k → 8k context", "LoRA → QLoRA"), for the line above an Undo. */
export function describeChange(before: EstimationRequest, after: EstimationRequest): string[] {
  const out: string[] = [];
  const methods = (r: EstimationRequest) =>
    r.methods.length ? r.methods.map((m) => METHOD_LABELS[m]).join(", ") : "compared";
  if (methods(before) !== methods(after)) out.push(`${methods(before)} → ${methods(after)}`);
  if (before.seq !== after.seq) out.push(`${formatTokens(before.seq)} → ${formatTokens(after.seq)} context`);
  if (before.batch !== after.batch) out.push(`batch ${before.batch} → ${after.batch}`);
  if (before.precision !== after.precision) out.push(`${before.precision} → ${after.precision} weights`);
  if (before.gradientCheckpointing !== after.gradientCheckpointing) {
    out.push(`checkpointing ${after.gradientCheckpointing ? "on" : "off"}`);
  }
  if (before.kvPrecision !== after.kvPrecision) out.push(`KV cache in ${after.kvPrecision ?? "16-bit"}`);
  if (before.loss !== after.loss) out.push(`${after.loss} cross-entropy`);
  if (before.optimizer !== after.optimizer) out.push(`${before.optimizer} → ${after.optimizer}`);
  if (before.offload !== after.offload) out.push(after.offload === "cpu" ? "offload to CPU" : "no offload");
  if (before.zero !== after.zero) out.push(`ZeRO-${after.zero ?? 0}`);
  const gpus = (r: EstimationRequest) =>
    r.gpus.map((g) => `${g.count > 1 ? `${g.count}× ` : ""}${g.id ?? `${(g.memoryBytes ?? 0) / 1e9} GB`}`).join(", ");
  if (gpus(before) !== gpus(after)) out.push(`GPUs: ${gpus(before) || "default"} → ${gpus(after)}`);
  return out;
}

/** The name the workspace gave these cards, when the answer is for its own GPUs and these are one of its groups. */
export function ownedName(
  a: Pick<Answer, "fleet" | "targets">,
  t: Pick<GpuTarget, "id" | "count">,
): string | undefined {
  if (!a.fleet) return undefined;
  const i = a.targets.findIndex((x) => x.id === t.id && x.count === t.count);
  return i >= 0 ? a.fleet[i]?.name : undefined;
}

/** "orion (8× A100 40 GB)" for one of the workspace's groups, else the cards as every answer names them. */
export function placeLabel(
  a: Pick<Answer, "fleet" | "targets">,
  t: Pick<GpuTarget, "id" | "count" | "short" | "marketingGB" | "bare">,
): string {
  const name = ownedName(a, t);
  return name ? `${name} (${cardLabel(t)})` : cardLabel(t);
}

/** "For this workspace's GPUs: orion (8× A100 40 GB) · lyra (2× RTX 4090 24 GB). Name a GPU to ask about another." */
export function fleetText(a: Pick<Answer, "fleet" | "targets">): string | undefined {
  if (!a.fleet?.length) return undefined;
  const groups = a.fleet.map((g, i) => {
    const t = a.targets[i];
    return `${g.name} (${t ? cardLabel(t) : `${g.count}× ${g.gpuId}`})`;
  });
  return `For this workspace's GPUs: ${groups.join(" · ")}. Name a GPU to ask about another.`;
}
