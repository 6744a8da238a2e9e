import { findGpu, findModel, gpuNames, modelNames } from "../catalog/index.js";
import { isQuantized } from "../estimator/precision.js";
import {
  EstimationRequest,
  KV_PRECISIONS,
  LOSSES,
  MAX_SEQ,
  OPTIMIZERS,
  REGIMES,
  TARGETS,
  type EstimationRequestInput,
  type GpuRef,
  type Method,
  type Precision,
} from "../estimator/request.js";
import { parseCapacity, parseInteger, parseModelSize, parseTokenCount } from "./numbers.js";
import { EXAMPLES, type ParseError, type ParseResult } from "./result.js";
import { closest } from "./suggest.js";
import { tokenize } from "./tokenize.js";

const METHOD_WORDS: Record<string, Method> = {
  full: "full",
  fft: "full",
  "full-ft": "full",
  finetune: "full",
  lora: "lora",
  qlora: "qlora",
  "q-lora": "qlora",
  freeze: "freeze",
  inference: "inference",
  infer: "inference",
  serve: "inference",
  serving: "inference",
  inf: "inference",
};

const PRECISION_WORDS: Record<string, Precision> = {
  fp32: "fp32",
  float32: "fp32",
  fp16: "fp16",
  float16: "fp16",
  half: "fp16",
  bf16: "bf16",
  bfloat16: "bf16",
  fp8: "fp8",
  int8: "int8",
  "8bit": "int8",
  int4: "int4",
  "4bit": "int4",
  gptq: "int4",
  awq: "int4",
  nf4: "nf4",
};

const OPTIMIZER_WORDS: Record<string, (typeof OPTIMIZERS)[number]> = {
  adamw: "adamw",
  adam: "adamw",
  adamw8bit: "adamw8bit",
  "adamw-8bit": "adamw8bit",
  adam8bit: "adamw8bit",
  adamw_8bit: "adamw8bit",
  adamw_bnb_8bit: "adamw8bit",
  paged_adamw8bit: "paged_adamw8bit",
  paged_adamw_8bit: "paged_adamw8bit",
  "paged-adamw8bit": "paged_adamw8bit",
  sgd: "sgd",
  sgd_momentum: "sgd_momentum",
  "sgd-momentum": "sgd_momentum",
  momentum: "sgd_momentum",
  adafactor: "adafactor",
  lion: "lion",
};

const FLAG_WORDS = ["ckpt", "gc", "checkpointing", "fsdp", "flash", "eager", "sdpa", "offload", "dq"] as const;

const KEYS = [
  "model",
  "method",
  "precision",
  "dtype",
  "seq",
  "ctx",
  "context",
  "len",
  "seqlen",
  "seq_len",
  "sequence",
  "max_len",
  "length",
  "batch",
  "bs",
  "mbs",
  "gpu",
  "gpus",
  "rank",
  "r",
  "targets",
  "target",
  "optim",
  "optimizer",
  "ckpt",
  "gc",
  "flash",
  "fa",
  "attn",
  "zero",
  "fsdp",
  "offload",
  "regime",
  "master",
  "loss",
  "step",
  "quant",
  "kv",
  "layers",
  "train_layers",
] as const;

const ON = new Set(["on", "true", "yes", "1", "y"]);
const OFF = new Set(["off", "false", "no", "0", "n", "none"]);

/** Every word the grammar knows, for "did you mean". */
const VOCABULARY = [...Object.keys(METHOD_WORDS), ...Object.keys(PRECISION_WORDS), ...Object.keys(OPTIMIZER_WORDS), ...FLAG_WORDS, "help"];

/** Little words between the ones that matter ("lora on a 4090 with 4k context"). */
const FILLER = new Set(["on", "a", "an", "the", "with", "at", "for", "of", "in", "using", "and", "to", "my", "via", "per", "please", "i", "can", "tokens", "context"]);

export const HELP_WORDS = new Set(["help", "?", "usage", "-h", "--help", "h"]);

class Fail extends Error {
  constructor(readonly detail: ParseError) {
    super(detail.message);
  }
}

function fail(message: string, hint: string, token?: string): never {
  throw new Fail(token === undefined ? { message, hint } : { message, hint, token });
}

function suggestion(word: string, candidates: readonly string[]): string {
  const near = closest(word, candidates);
  return near.length ? ` Did you mean ${near.map((n) => `\`${n}\``).join(" or ")}?` : "";
}

function onOff(key: string, value: string): boolean {
  if (ON.has(value)) return true;
  if (OFF.has(value)) return false;
  return fail(`\`${key}=${value}\` should be on or off.`, `Try \`${key}=on\` or \`${key}=off\`.`, `${key}=${value}`);
}

function intIn(key: string, value: string, lo: number, hi: number, example: string): number {
  const n = parseInteger(value);
  if (n === undefined || n < lo || n > hi) {
    fail(`\`${key}=${value}\` must be a whole number from ${lo} to ${hi.toLocaleString("en-US")}.`, `For example \`${example}\`.`, `${key}=${value}`);
  }
  return n;
}

/** `4090`, `2xh100`, `4x a100-80gb`, `24gb` → a GPU reference. */
export function parseGpu(text: string): GpuRef | undefined {
  const t = text.trim().toLowerCase();
  const multi = /^(\d{1,4})\s*[x×*]\s*(.+)$/.exec(t);
  const count = multi ? Number(multi[1]) : 1;
  const name = multi ? multi[2]! : t;
  if (count < 1) return undefined;
  const gpu = findGpu(name) ?? findGpu(name.replace(/s$/, ""));
  if (gpu) return { id: gpu.id, count };
  const bytes = parseCapacity(name);
  if (bytes !== undefined) return { memoryBytes: bytes, count };
  return undefined;
}

interface State {
  input: Partial<EstimationRequestInput>;
  modelText?: string;
  methods: Set<Method>;
  precisionText?: string;
  gpus: GpuRef[];
  gpuCount?: number;
  notes: string[];
}

function setModel(st: State, text: string, ref: EstimationRequestInput["model"]): void {
  if (st.modelText !== undefined && st.modelText !== text) {
    fail(
      `Two models in one request: \`${st.modelText}\` and \`${text}\`.`,
      `Ask about one model at a time, e.g. \`/vram ${text} lora gpu=4090\`.`,
      text,
    );
  }
  st.modelText = text;
  st.input.model = ref;
}

function setPrecision(st: State, text: string, p: Precision): void {
  if (st.precisionText !== undefined && st.input.precision !== p) {
    fail(`Two precisions: \`${st.precisionText}\` and \`${text}\`.`, "Name one precision, e.g. `bf16` for training or `int4` for serving.", text);
  }
  st.precisionText = text;
  st.input.precision = p;
}

function applyKeyValue(st: State, key: string, value: string, raw: string): void {
  const v = value.toLowerCase();
  switch (key) {
    case "model": {
      const m = findModel(value);
      const size = parseModelSize(value);
      if (m) return setModel(st, value, { kind: "catalog", id: m.id });
      if (size !== undefined) return setModel(st, value, { kind: "size", params: size });
      return fail(`I don't know the model \`${value}\`.${suggestion(v, modelNames)}`, "Name a catalog model (`llama-3.1-8b`) or a size (`7B`).", raw);
    }
    case "method": {
      const m = METHOD_WORDS[v];
      if (!m) return fail(`\`${raw}\` is not a method.${suggestion(v, Object.keys(METHOD_WORDS))}`, "Methods: full, lora, qlora, freeze, inference.", raw);
      st.methods.add(m);
      return;
    }
    case "precision":
    case "dtype": {
      const p = PRECISION_WORDS[v];
      if (!p) return fail(`\`${raw}\` is not a precision.${suggestion(v, Object.keys(PRECISION_WORDS))}`, "Precisions: fp32, fp16, bf16, fp8, int8, int4, nf4.", raw);
      return setPrecision(st, value, p);
    }
    case "seq":
    case "ctx":
    case "context":
    case "len":
    case "seqlen":
    case "seq_len":
    case "sequence":
    case "max_len":
    case "length": {
      const n = parseTokenCount(v);
      if (n === undefined || n < 1 || n > MAX_SEQ) {
        return fail(`\`${raw}\` is not a sequence length I can use: give 1 to 10M tokens.`, "For example `seq=2048`, `ctx=4k` or `seq=128k`.", raw);
      }
      st.input.seq = n;
      return;
    }
    case "batch":
    case "bs":
    case "mbs":
      st.input.batch = intIn(key, v, 1, 65_536, "batch=8");
      return;
    case "gpu": {
      const g = parseGpu(v);
      if (!g) return fail(`I don't know the GPU \`${value}\`.${suggestion(v.replace(/^\d+\s*x\s*/, ""), gpuNames)}`, "For example `gpu=4090`, `gpu=a100-80`, `gpu=2xh100` or `gpu=24gb`.", raw);
      st.gpus.push(g);
      return;
    }
    case "gpus":
      st.gpuCount = intIn(key, v, 1, 4096, "gpus=8");
      return;
    case "rank":
    case "r":
      st.input.rank = intIn(key, v, 1, 65_536, "rank=16");
      return;
    case "targets":
    case "target": {
      const t = v === "all-linear" ? "all" : v;
      if (!(TARGETS as readonly string[]).includes(t)) return fail(`\`${raw}\` is not a LoRA target set.${suggestion(t, TARGETS)}`, "Targets: qv, qkv, attn, mlp, all.", raw);
      st.input.targets = t as (typeof TARGETS)[number];
      return;
    }
    case "optim":
    case "optimizer": {
      const o = OPTIMIZER_WORDS[v];
      if (!o) return fail(`\`${raw}\` is not an optimizer I know.${suggestion(v, Object.keys(OPTIMIZER_WORDS))}`, `Optimizers: ${OPTIMIZERS.join(", ")}.`, raw);
      st.input.optimizer = o;
      return;
    }
    case "ckpt":
    case "gc":
      st.input.gradientCheckpointing = onOff(key, v);
      return;
    case "flash":
    case "fa":
      st.input.flashAttention = onOff(key, v);
      return;
    case "attn":
      if (v === "eager") st.input.flashAttention = false;
      else if (v === "sdpa" || v === "flash" || v === "fa2") st.input.flashAttention = true;
      else fail(`\`${raw}\`: attention is \`sdpa\`/\`flash\` or \`eager\`.`, "For example `attn=eager`.", raw);
      return;
    case "zero":
      st.input.zero = intIn(key, v, 0, 3, "zero=3");
      return;
    case "fsdp":
      st.input.zero = onOff(key, v) ? 3 : 0;
      return;
    case "offload":
      if (v === "cpu" || ON.has(v)) st.input.offload = "cpu";
      else if (OFF.has(v)) st.input.offload = "none";
      else fail(`\`${raw}\`: offload goes to \`cpu\`.`, "For example `offload=cpu`.", raw);
      return;
    case "regime":
      if (!(REGIMES as readonly string[]).includes(v)) return fail(`\`${raw}\` is not a regime.${suggestion(v, REGIMES)}`, "Regimes: seed (12 B/param), mixed (16), amp (18), pure (8).", raw);
      st.input.regime = v as (typeof REGIMES)[number];
      return;
    case "master":
      if (v !== "fp32") fail(`\`${raw}\`: only \`master=fp32\` exists (it means regime=mixed).`, "For example `master=fp32`.", raw);
      st.input.regime = "mixed";
      return;
    case "loss":
      if (v === "fused" || v === "liger") st.input.loss = "chunked";
      else if ((LOSSES as readonly string[]).includes(v)) st.input.loss = v as (typeof LOSSES)[number];
      else fail(`\`${raw}\`: loss is \`standard\` or \`chunked\`.`, "For example `loss=chunked`.", raw);
      return;
    case "step":
      if (v === "fused" || v === "foreach") st.input.optimStep = v;
      else fail(`\`${raw}\`: the optimizer step is \`foreach\` (torch's default) or \`fused\`.`, "For example `step=fused`.", raw);
      return;
    case "quant":
      if (v === "dq") st.input.doubleQuant = true;
      else if (v === "nodq") st.input.doubleQuant = false;
      else fail(`\`${raw}\`: quant is \`dq\` (double quantization) or \`nodq\`.`, "For example `quant=nodq`.", raw);
      return;
    case "kv":
      if (!(KV_PRECISIONS as readonly string[]).includes(v)) return fail(`\`${raw}\` is not a KV-cache precision.${suggestion(v, KV_PRECISIONS)}`, "For example `kv=fp8`.", raw);
      st.input.kvPrecision = v as (typeof KV_PRECISIONS)[number];
      return;
    case "layers":
    case "train_layers":
      st.input.trainLayers = intIn(key, v, 1, 1000, "layers=4");
      return;
  }
}

function applyWord(st: State, word: string): boolean {
  const w = word.toLowerCase();
  const method = METHOD_WORDS[w];
  if (method) return st.methods.add(method), true;
  const precision = PRECISION_WORDS[w];
  if (precision) return setPrecision(st, word, precision), true;
  const optimizer = OPTIMIZER_WORDS[w];
  if (optimizer && w !== "adam") return (st.input.optimizer = optimizer), true;
  switch (w) {
    case "ckpt":
    case "gc":
    case "checkpointing":
      st.input.gradientCheckpointing = true;
      return true;
    case "fsdp":
      st.input.zero = 3;
      return true;
    case "flash":
    case "sdpa":
      st.input.flashAttention = true;
      return true;
    case "eager":
      st.input.flashAttention = false;
      return true;
    case "offload":
      st.input.offload = "cpu";
      return true;
    case "dq":
      st.input.doubleQuant = true;
      return true;
  }
  const size = parseModelSize(w);
  if (size !== undefined) return setModel(st, word, { kind: "size", params: size }), true;
  const model = findModel(w);
  if (model) return setModel(st, word, { kind: "catalog", id: model.id }), true;
  if (/^\d+(\.\d+)?k$/i.test(w)) {
    const n = parseTokenCount(w)!;
    if (n > MAX_SEQ) fail(`\`${word}\` tokens is longer than any context I can estimate (10M).`, "For example `seq=128k`.", word);
    st.input.seq = n;
    return true;
  }
  const gpu = parseGpu(w);
  if (gpu) return st.gpus.push(gpu), true;
  return false;
}

/** "llama 3.1 8b", "rtx 4090", "a100 80gb", "2x a100 80gb": up to four bare words that together name a model or GPU. */
function multiWordName(tokens: readonly { text: string; key?: string }[], start: number): { text: string; length: number } | undefined {
  for (let len = Math.min(4, tokens.length - start); len >= 2; len--) {
    const window = tokens.slice(start, start + len);
    if (window.some((t) => t.key !== undefined)) continue;
    const joined = window.map((t) => t.text).join("-");
    if (findModel(joined) || parseGpu(joined)) return { text: joined, length: len };
  }
  return undefined;
}

function unknownWord(word: string): never {
  const w = word.toLowerCase();
  const near = closest(w, [...VOCABULARY, ...modelNames, ...gpuNames]);
  const did = near.length ? ` Did you mean ${near.map((n) => `\`${n}\``).join(" or ")}?` : "";
  return fail(`I don't understand \`${word}\`.${did}`, `Try something like \`${EXAMPLES[1]}\`.`, word);
}

function finish(st: State): ParseResult {
  if (st.input.model === undefined) {
    fail("Which model? I need a size or a name.", `Add one, e.g. \`7B\` or \`llama-3.1-8b\`: \`/vram ${EXAMPLES[0]}\`.`);
  }
  const methods = [...st.methods];
  if (st.precisionText && isQuantized(st.input.precision ?? "bf16") && st.input.precision !== "fp8") {
    const bad = methods.filter((m) => m === "full" || m === "lora" || m === "freeze");
    if (bad.length > 0) {
      fail(
        `\`${st.precisionText}\` weights cannot be trained with ${bad.join("/")} fine-tuning: quantized weights stay frozen.`,
        "Use `qlora` for a 4-bit base with trainable adapters, or `bf16` for full/LoRA, e.g. `llama-3.1-8b qlora`.",
        st.precisionText,
      );
    }
  }
  if (st.gpuCount !== undefined) {
    if (st.gpus.length === 0) st.gpus.push({ count: st.gpuCount });
    else for (const g of st.gpus) g.count = st.gpuCount;
  }
  st.input.methods = methods;
  st.input.gpus = st.gpus;
  if (methods.length > 1) st.notes.push(`Comparing ${methods.join(" and ")} side by side.`);
  const parsed = EstimationRequest.safeParse(st.input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail(`Part of the request is out of range: ${issue?.path.join(".") ?? "value"} ${issue?.message ?? ""}.`, `Try \`${EXAMPLES[0]}\`.`);
  }
  return { kind: "request", request: parsed.data, notes: st.notes };
}

/** Slash-command text → an estimation request, help, or an error that teaches the right form. Never throws. */
export function parseRequest(text: string): ParseResult {
  try {
    const tokens = tokenize(text);
    if (tokens.length === 0 || (tokens.length === 1 && HELP_WORDS.has(tokens[0]!.text.toLowerCase()))) return { kind: "help" };
    const st: State = { input: { query: text.trim().slice(0, 500) }, methods: new Set(), gpus: [], notes: [] };
    for (let i = 0; i < tokens.length; i++) {
      const tok = tokens[i]!;
      const span = multiWordName(tokens, i);
      if (span) {
        applyWord(st, span.text);
        i += span.length - 1;
        continue;
      }
      if (tok.key !== undefined) {
        const key = tok.key.toLowerCase();
        if (!(KEYS as readonly string[]).includes(key)) {
          fail(`I don't know the option \`${tok.key}=\`.${suggestion(key, KEYS)}`, `Options look like \`seq=2048\`, \`batch=4\`, \`gpu=4090\`, \`rank=16\`.`, tok.text);
        }
        applyKeyValue(st, key, tok.value ?? "", tok.text);
      } else if (FILLER.has(tok.text.toLowerCase())) {
        continue;
      } else if (HELP_WORDS.has(tok.text.toLowerCase())) {
        return { kind: "help" };
      } else if (!applyWord(st, tok.text)) {
        unknownWord(tok.text);
      }
    }
    return finish(st);
  } catch (e) {
    if (e instanceof Fail) return { kind: "error", error: e.detail };
    return { kind: "error", error: { message: "I couldn't read that request.", hint: `Try \`${EXAMPLES[0]}\`.` } };
  }
}
