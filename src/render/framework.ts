/** `framework=`: which of the answer's settings are the framework's own defaults, in words (from its preset data). */
import type { Answer } from "../answer/schema.js";
import { type BuildTrait, type PresetSetting, presetOf } from "../catalog/frameworks.js";
import type { EstimationRequest, Method } from "../estimator/request.js";
import { presetSettings, presetWord, settingApplies, trainedMethods } from "../parse/preset.js";
import { OPTIMIZER_NAMES } from "./labels.js";
import { listed } from "./words.js";

const TARGET_TEXT: Record<string, string> = {
  qv: "q and v",
  qkv: "q, k and v",
  attn: "the attention projections",
  mlp: "the MLP",
  all: "all linear layers",
};

const METHOD_TEXT: Record<Method, string> = {
  full: "full fine-tuning",
  lora: "LoRA",
  qlora: "QLoRA",
  freeze: "freeze",
  inference: "inference",
};

/** One setting as the framework runs it: "chunked cross-entropy", "pure bf16 (weights, gradients, AdamW states)". */
function settingText(s: PresetSetting, r: EstimationRequest): string {
  const v = s.value;
  switch (s.field) {
    case "precision":
      return `${v} weights`;
    case "regime":
      if (v === "pure") return `pure ${r.precision} (weights, gradients and optimizer states)`;
      if (v === "amp") return `fp32 weights under ${r.precision} autocast`;
      if (v === "mixed") return "fp32 master weights and optimizer states";
      return "the seed's 2 + 2 + 8 bytes per parameter";
    case "optimizer":
      return (OPTIMIZER_NAMES as Record<string, string>)[String(v)] ?? String(v);
    case "optimStep":
      return v === "inbackward"
        ? "the optimizer step fused into the backward"
        : v === "fused"
          ? "the fused AdamW step"
          : v === "loop"
            ? "the per-parameter AdamW step"
            : "the foreach AdamW step";
    case "gradientCheckpointing":
      return v ? "activation checkpointing" : "no activation checkpointing";
    case "flashAttention":
      return v ? "fused attention" : "eager attention";
    case "loss":
      return v === "chunked" ? "chunked cross-entropy" : "standard cross-entropy";
    case "accum":
      return v === 1 ? "one micro-batch per optimizer step" : `${v} micro-batches per optimizer step`;
    case "compile":
      return v ? "torch.compile" : "no torch.compile";
    case "autocast":
      return v ? "16-bit autocast" : "no autocast";
    case "offloadActivations":
      return v ? "checkpointed activations offloaded to CPU memory" : "no activation offloading";
    case "quantizer":
      return v === "torchao" ? "the QLoRA base quantized by torchao" : "the QLoRA base quantized by bitsandbytes";
    case "zero":
      return v === 0 ? "no ZeRO sharding" : v === 3 ? "full sharding (ZeRO-3)" : `ZeRO-${v}`;
    case "offload":
      return v === "cpu" ? "the optimizer offloaded to the CPU" : "no CPU offload";
    case "targets":
      return `LoRA on ${TARGET_TEXT[String(v)] ?? String(v)}`;
    case "rank":
      return `LoRA r=${v}`;
    case "loraDropout":
      return `LoRA dropout ${v}`;
    case "doubleQuant":
      return v ? "double quantization" : "no double quantization";
  }
}

const trainsAdapters = (trained: readonly Method[]): boolean => trained.includes("lora") || trained.includes("qlora");

/** A setting that changes nothing this request estimates goes unsaid: a QLoRA quantizer when no QLoRA is asked. */
function matters(s: PresetSetting, trained: readonly Method[], r: EstimationRequest): boolean {
  if (s.field === "quantizer" || s.field === "doubleQuant") return trained.includes("qlora");
  if (s.field === "rank" || s.field === "targets" || s.field === "loraDropout") return trainsAdapters(trained);
  if (s.field === "optimStep") return s.value === "inbackward" || r.optimizer === "adamw";
  return true;
}

/** The settings in words, a precision folded into its regime, a step into its optimizer, a rank into its targets. */
function settingsText(settings: readonly PresetSetting[], r: EstimationRequest): string[] {
  const of = (field: PresetSetting["field"]) => settings.find((s) => s.field === field);
  const rank = of("rank");
  const optimizer = of("optimizer");
  const step = of("optimStep");
  return settings.flatMap((s) => {
    if (s.field === "precision" && of("regime")) return [];
    if (s.field === "rank" && of("targets")) return [];
    if (s.field === "targets" && rank) return [`LoRA r=${rank.value} on ${TARGET_TEXT[String(s.value)] ?? s.value}`];
    if (s.field === "optimStep" && optimizer) return [];
    if (s.field === "optimizer" && step) {
      const name = settingText(s, r);
      if (step.value === "fused") return [`fused ${name}`];
      if (step.value === "inbackward") return [`${name} stepped inside the backward`];
      return [name];
    }
    return [settingText(s, r)];
  });
}

/** "for full fine-tuning on one GPU": where a setting of the preset holds. */
function scopeText(s: PresetSetting): string {
  const methods = s.methods ? `for ${listed(s.methods.map((m) => METHOD_TEXT[m]))}` : "";
  const devices = s.devices === "single" ? "on one GPU" : s.devices === "multi" ? "on several GPUs" : "";
  return [methods, devices].filter(Boolean).join(" ");
}

const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** What the framework's own model code saves differently, in words (the estimator counts it: src/estimator/build.ts). */
const BUILD_TEXT: Record<BuildTrait, string> = {
  "fused-qkv-lora":
    "LoRA on q, k and v as one module over its fused qkv linear (one dropout for the three; zero_pad keeps the adapted outputs for the backward)",
  "repeated-kv": "K and V repeated to every query head before attention",
  "chunk-log-softmax": "every loss chunk's 16-bit log-softmax kept for the backward",
};

/** The build traits that change this request's numbers: LoRA's layout only for LoRA, the loss's only when chunked. */
function buildsText(r: EstimationRequest, trained: readonly Method[]): string | undefined {
  const adapters = trainsAdapters(trained);
  const traits = presetOf(r.framework!)
    .builds.map((b) => b.trait)
    .filter((t) => (t === "fused-qkv-lora" ? adapters : t === "chunk-log-softmax" ? r.loss === "chunked" : true));
  if (traits.length === 0) return undefined;
  return `Counted as its model code builds it: ${listed(traits.map((t) => BUILD_TEXT[t]))}.`;
}

/**
 * "As torchtune runs it: pure bf16 (weights, gradients and optimizer states), activation checkpointing, chunked
 * cross-entropy … (framework=torchtune; explicit words override)." Names the framework's settings this answer
 * used, the ones the question's words replaced, and those it keeps for another method or GPU count.
 */
export function frameworkLine(a: Pick<Answer, "request" | "scenarios">): string | undefined {
  const r = a.request;
  if (r.framework === undefined) return undefined;
  const preset = presetOf(r.framework);
  const tag = `framework=${preset.id}`;
  const caveat = preset.caveat ? ` ${preset.caveat}` : "";
  if (!a.scenarios.some((s) => s.method !== "inference"))
    return `${capital(preset.name)}'s defaults (${tag}) are about training; this answer is about serving.`;
  const { settings, dropped } = presetSettings(r.framework, r);
  const values = r as unknown as Record<string, unknown>;
  const trained = trainedMethods(r);
  const kept = settings.filter((s) => values[s.field] === s.value && matters(s, trained, r));
  const replaced = settings.filter((s) => values[s.field] !== s.value && values[s.field] !== undefined);
  const out: string[] = [];
  const used = kept.length ? `: ${settingsText(kept, r).join(", ")}` : "";
  // The question's own words where the preset said otherwise (an accumulation that ruled out its in-backward step too).
  const words = [
    ...replaced.map((s) => presetWord(s.field, values[s.field] as PresetSetting["value"])),
    ...dropped.filter(() => !replaced.some((s) => s.field === "accum")).map((d) => `accum=${d.accum}`),
  ].map((w) => `\`${w}\``);
  const override = words.length ? `; yours here: ${listed([...new Set(words)])}` : "";
  out.push(`As ${preset.name} runs it${used} (${tag}; explicit words override${override}).`);
  // Defaults of one recipe (torchtune's full single-device config) that this request's methods or GPUs do not take.
  const elsewhere = new Map<string, PresetSetting[]>();
  for (const s of preset.settings) {
    if (settingApplies(s, r)) continue;
    if (!matters(s, s.methods ?? trained, r)) continue;
    const scope = scopeText(s);
    elsewhere.set(scope, [...(elsewhere.get(scope) ?? []), s]);
  }
  for (const [scope, ss] of elsewhere) out.push(`${capital(scope)} it also uses ${listed(settingsText(ss, r))}.`);
  const builds = buildsText(r, trained);
  if (builds) out.push(builds);
  return `${out.join(" ")}${caveat}`;
}
