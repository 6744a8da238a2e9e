/** `key=value` options: `seq=4k`, `gpu=2xh100`, `rank=64`, `optim=adamw8bit` … */
import { gpuNames, modelNames } from "../catalog/index.js";
import {
  ENGINES,
  FRAMEWORKS,
  KV_PRECISIONS,
  LOSSES,
  OPTIM_STEPS,
  OPTIMIZERS,
  REGIMES,
  TARGETS,
  type Engine,
  type KvPrecision,
  type Loss,
  type OptimStep,
  type Regime,
  type Targets,
} from "../estimator/request.js";
import { modelFromName, parseGpu } from "./names.js";
import { parseModelSize, parseParamCount } from "./numbers.js";
import { appleChip } from "./prose.js";
import { intValue, paramsInRange, RANGES, seqValue } from "./ranges.js";
import { addMethod, addPrecision, fail, type State } from "./state.js";
import { closest, didYouMean } from "./suggest.js";
import type { Token } from "./tokenize.js";
import { findModel } from "../catalog/index.js";
import {
  FRAMEWORK_VALUES,
  KEYS,
  METHOD_WORDS,
  OFF,
  ON,
  OPTIMIZER_WORDS,
  PRECISION_WORDS,
  type Key,
} from "./vocabulary.js";
import { setModelHit, setSizeModel } from "./model.js";

export function isKey(key: string): key is Key {
  return (KEYS as readonly string[]).includes(key);
}

function onOff(key: string, value: string, raw: string): boolean {
  if (ON.has(value)) return true;
  if (OFF.has(value)) return false;
  return fail("bad-value", `\`${raw}\` should be on or off.`, `Try \`${key}=on\` or \`${key}=off\`.`, raw);
}

function oneOf<T extends string>(value: string, allowed: readonly T[], raw: string, what: string, example: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  return fail(
    "bad-value",
    `\`${raw}\` is not a ${what}.${didYouMean(closest(value, allowed))}`,
    `Choose one of ${allowed.join(", ")}, e.g. \`${example}\`.`,
    raw,
  );
}

/** A value that may continue over the next bare words (`gpu=rtx 4090`, `model=llama 3.1 8b`): how many it takes. */
function extend(
  value: string,
  next: readonly Token[],
  accept: (text: string) => boolean,
): { text: string; extra: number } {
  let best = { text: value, extra: 0 };
  let joined = value;
  for (let i = 0; i < Math.min(4, next.length); i++) {
    const t = next[i]!;
    if (t.key !== undefined) break;
    joined = `${joined}-${t.text}`;
    if (accept(joined)) best = { text: joined, extra: i + 1 };
  }
  return best;
}

/** Apply one option; returns how many following tokens it also consumed. */
export function applyOption(st: State, tok: Token, key: Key, next: readonly Token[]): number {
  const raw = tok.text;
  const value = tok.value ?? "";
  const v = value.toLowerCase();
  switch (key) {
    case "model": {
      const { text, extra } = extend(value, next, (t) => modelFromName(t) !== undefined);
      const hit = modelFromName(text);
      if (hit && hit.kind !== "family") {
        setModelHit(st, hit);
        return extra;
      }
      const size = parseModelSize(v) ?? parseParamCount(v);
      if (size !== undefined) {
        setSizeModel(st, paramsInRange(size, raw), value);
        return 0;
      }
      return fail(
        "unknown-word",
        `I don't know the model \`${value}\`.${didYouMean(closest(v, modelNames))}`,
        "Name a catalog model (`model=llama-3.1-8b`) or a size (`7B`).",
        raw,
      );
    }
    case "method": {
      const m = METHOD_WORDS[v];
      if (!m)
        return fail(
          "bad-value",
          `\`${raw}\` is not a method.${didYouMean(closest(v, Object.keys(METHOD_WORDS)))}`,
          "Methods: full, lora, qlora, freeze, inference, e.g. `method=lora`.",
          raw,
        );
      addMethod(st, m);
      return 0;
    }
    case "precision":
    case "dtype": {
      const p = PRECISION_WORDS[v];
      if (!p)
        return fail(
          "bad-value",
          `\`${raw}\` is not a precision.${didYouMean(closest(v, Object.keys(PRECISION_WORDS)))}`,
          "Precisions: fp32, fp16, bf16, fp8, int8, int4, nf4, e.g. `precision=bf16`.",
          raw,
        );
      addPrecision(st, value, p);
      return 0;
    }
    case "seq":
    case "ctx":
    case "context":
    case "len":
    case "seqlen":
    case "seq_len":
    case "sequence":
    case "max_len":
    case "max_seq_len":
    case "max_seq_length":
    case "length":
      st.input.seq = seqValue(v, raw);
      return 0;
    case "batch":
    case "bs":
    case "mbs":
    case "batch_size":
      st.input.batch = intValue(v, RANGES.batch, raw);
      return 0;
    case "gpu": {
      const { text, extra } = extend(value, next, (t) => parseGpu(t) !== undefined);
      const g = parseGpu(text);
      if (!g) {
        const bare = v.replace(/^\d+\s*[x×*]\s*/, "");
        if (/^m[1-5](-?(pro|max|ultra))?$/i.test(bare)) return appleChip(st, bare);
        return fail(
          "unknown-word",
          `I don't know the GPU \`${value}\`.${didYouMean(closest(bare, gpuNames))}`,
          "For example `gpu=4090`, `gpu=a100-80`, `gpu=2xh100` or `gpu=24gb`.",
          raw,
        );
      }
      st.gpus.push(g);
      return extra;
    }
    case "gpus":
      st.gpuCount = intValue(v, RANGES.gpus, raw);
      return 0;
    case "dropout":
    case "lora_dropout": {
      const p = Number(v);
      if (!/^\d*\.?\d+$/.test(v) || !Number.isFinite(p) || p >= 1)
        fail(
          "bad-value",
          `\`${raw}\`: LoRA dropout is a probability from 0 up to (not including) 1.`,
          "For example `dropout=0.05` (0 is PEFT's default).",
          raw,
        );
      st.input.loraDropout = p;
      return 0;
    }
    case "rank":
    case "r":
    case "lora_r":
      st.input.rank = intValue(v, RANGES.rank, raw);
      return 0;
    case "targets":
    case "target":
      st.input.targets = oneOf<Targets>(
        v === "all-linear" || v === "all_linear" ? "all" : v,
        TARGETS,
        raw,
        "LoRA target set",
        "targets=all",
      );
      return 0;
    case "optim":
    case "optimizer": {
      const o = OPTIMIZER_WORDS[v];
      if (!o)
        return fail(
          "bad-value",
          `\`${raw}\` is not an optimizer I know.${didYouMean(closest(v, Object.keys(OPTIMIZER_WORDS)))}`,
          `Optimizers: ${OPTIMIZERS.join(", ")}, e.g. \`optim=adamw8bit\`.`,
          raw,
        );
      st.input.optimizer = o;
      return 0;
    }
    case "ckpt":
    case "gc":
      st.input.gradientCheckpointing = onOff(key, v, raw);
      return 0;
    case "flash":
    case "fa":
      st.input.flashAttention = onOff(key, v, raw);
      return 0;
    case "attn":
      if (v === "eager") st.input.flashAttention = false;
      else if (v === "sdpa" || v === "flash" || v === "fa2") st.input.flashAttention = true;
      else
        fail(
          "bad-value",
          `\`${raw}\`: attention is \`sdpa\`/\`flash\` or \`eager\`.`,
          "For example `attn=eager`.",
          raw,
        );
      return 0;
    case "zero":
      st.input.zero = intValue(v, RANGES.zero, raw);
      return 0;
    case "fsdp":
      st.input.zero = onOff(key, v, raw) ? 3 : 0;
      return 0;
    case "offload":
      // `offload=cpu`: optimizer states and gradients (ZeRO-Offload); `offload=activations`: the saved activations.
      if (v === "cpu" || v === "optimizer" || ON.has(v)) st.input.offload = "cpu";
      else if (v === "activations" || v === "acts" || v === "activation") st.input.offloadActivations = true;
      else if (v === "all" || v === "both") {
        st.input.offload = "cpu";
        st.input.offloadActivations = true;
      } else if (OFF.has(v)) {
        st.input.offload = "none";
        st.input.offloadActivations = false;
      } else
        fail(
          "bad-value",
          `\`${raw}\`: offload moves the optimizer to the \`cpu\`, or the \`activations\`.`,
          "For example `offload=cpu` or `offload=activations`.",
          raw,
        );
      return 0;
    case "regime":
      st.input.regime = oneOf<Regime>(v, REGIMES, raw, "regime", "regime=mixed");
      return 0;
    case "master":
      if (v !== "fp32")
        fail(
          "bad-value",
          `\`${raw}\`: only \`master=fp32\` exists (it means regime=mixed).`,
          "For example `master=fp32`.",
          raw,
        );
      st.input.regime = "mixed";
      return 0;
    case "loss":
      st.input.loss = oneOf<Loss>(v === "fused" || v === "liger" ? "chunked" : v, LOSSES, raw, "loss", "loss=chunked");
      return 0;
    case "step": {
      // torchtune's optimizer_in_bwd and PyTorch's "optimizer step in backward" tutorial name the third way.
      const alias: Record<string, OptimStep> = {
        "in-backward": "inbackward",
        in_backward: "inbackward",
        inbwd: "inbackward",
        optimizer_in_bwd: "inbackward",
        backward: "inbackward",
        // torch AdamW(foreach=False): _single_tensor_adamw, one parameter at a time.
        forloop: "loop",
        "for-loop": "loop",
        single: "loop",
        single_tensor: "loop",
        "single-tensor": "loop",
      };
      st.input.optimStep = oneOf<OptimStep>(alias[v] ?? v, OPTIM_STEPS, raw, "optimizer step", "step=inbackward");
      return 0;
    }
    case "accum":
    case "ga":
    case "grad_accum":
    case "gradient_accumulation_steps":
      st.input.accum = intValue(v, RANGES.accum, raw);
      return 0;
    case "compile":
      st.input.compile = onOff(key, v, raw);
      return 0;
    case "autocast":
      st.input.autocast = onOff(key, v, raw);
      return 0;
    case "framework":
    case "fw": {
      const f = FRAMEWORK_VALUES[v];
      if (!f)
        return fail(
          "bad-value",
          `\`${raw}\` is not a framework I have presets for.${didYouMean(closest(v, Object.keys(FRAMEWORK_VALUES)))}`,
          `Frameworks: ${FRAMEWORKS.join(", ")}, e.g. \`framework=torchtune\`.`,
          raw,
        );
      st.input.framework = f;
      return 0;
    }
    case "engine":
      st.input.engine = oneOf<Engine>(v === "transformers" ? "hf" : v, ENGINES, raw, "serving engine", "engine=vllm");
      return 0;
    case "util":
    case "gpu_memory_utilization": {
      // vLLM's gpu_memory_utilization: a share (0.9) or a percentage (90%).
      const pct = /^(\d+(?:\.\d+)?)%$/.exec(v);
      const share = pct ? Number(pct[1]) / 100 : Number(v);
      if (!Number.isFinite(share) || share <= 0 || share > 1)
        fail(
          "out-of-range",
          `\`${raw}\`: the share of the card vLLM takes is between 0 and 1.`,
          "For example `util=0.9` (vLLM's default) or `util=95%`.",
          raw,
        );
      st.input.gpuUtil = share;
      return 0;
    }
    case "quant":
      if (v === "dq") st.input.doubleQuant = true;
      else if (v === "nodq") st.input.doubleQuant = false;
      else if (v === "bnb" || v === "bitsandbytes") st.input.quantizer = "bnb";
      else if (v === "torchao" || v === "ao") st.input.quantizer = "torchao";
      else
        fail(
          "bad-value",
          `\`${raw}\`: quant is \`dq\`/\`nodq\` (double quantization) or who quantizes: \`bnb\`, \`torchao\`.`,
          "For example `quant=nodq` or `quant=torchao`.",
          raw,
        );
      return 0;
    case "kv":
      st.input.kvPrecision = oneOf<KvPrecision>(v, KV_PRECISIONS, raw, "KV-cache precision", "kv=fp8");
      return 0;
    case "layers":
    case "train_layers":
      st.input.trainLayers = intValue(v, RANGES.layers, raw);
      return 0;
    case "unit":
    case "units":
      // Sizes in decimal GB (the default) or binary GiB, as nvidia-smi and torch.cuda.memory_allocated report them.
      if (v === "gb" || v === "gigabytes" || v === "decimal") st.input.unit = "GB";
      else if (v === "gib" || v === "gibibytes" || v === "binary") st.input.unit = "GiB";
      else fail("bad-value", `\`${raw}\`: sizes are in \`gb\` or \`gib\`.`, "For example `unit=gib`.", raw);
      return 0;
    case "basis": {
      // `7B basis=llama-3.2-3b`: a size with a named catalog model's shape (canonical text of "llama 5b").
      const spec = findModel(v);
      if (!spec)
        return fail(
          "bad-value",
          `\`${raw}\`: \`${value}\` is not a catalog model.`,
          "For example `5B basis=llama-3.2-3b`.",
          raw,
        );
      st.basis = spec.id;
      return 0;
    }
  }
}
