/** Model and GPU names as people write them: one word or several, with counts, families and sizes. */
import { findGpu, findModel, gpuNames, lookupKey, modelNames, models, type ModelSpec } from "../catalog/index.js";
import { type GpuRef, HUB_ID } from "../estimator/request.js";
import { parseCapacity, parseCount, parseModelSize } from "./numbers.js";
import { memo } from "./memo.js";
import type { Token } from "./tokenize.js";
import {
  FILLER,
  FLAG_WORDS,
  GPU_UNITS,
  KEYS,
  METHOD_WORDS,
  OFF,
  ON,
  OPTIMIZER_WORDS,
  PRECISION_WORDS,
  PROSE_WORDS,
  RUN_WORDS,
  SEQ_UNITS,
  TRAIN_WORDS,
} from "./vocabulary.js";

/**
 * State-space and hybrid families: their memory is a recurrent state per layer, not a KV cache, and no transformer
 * estimate is honest for them (src/models/hub/config/state-space.ts says what each would need).
 */
export const NOT_TRANSFORMERS =
  /^(mamba\d?|jamba|rwkv\d*|zamba\d?|falcon-?mamba|recurrent-?gemma|griffin|xlstm|hymba|bamba|minimax)([-_.].*)?$/i;

/** `4090`, `2xh100`, `4x a100-80gb`, `a100s`, `24gb` → a GPU reference (a fresh object: callers may change its count). */
export function parseGpu(text: string): GpuRef | undefined {
  const g = gpuByText(text.trim().toLowerCase());
  return g ? { ...g } : undefined;
}

const gpuByText = memo(readGpu);

function readGpu(t: string): GpuRef | undefined {
  const multi = /^(\d{1,4})\s*[x×*]\s*(.+)$/.exec(t);
  const count = multi ? Number(multi[1]) : 1;
  const name = multi ? multi[2]! : t;
  if (count < 1) return undefined;
  const gpu = findGpu(name) ?? (name.endsWith("s") ? findGpu(name.slice(0, -1)) : undefined);
  if (gpu) return { id: gpu.id, count };
  const bytes = parseCapacity(name);
  if (bytes !== undefined) return { memoryBytes: bytes, count };
  return undefined;
}

/** Families and the first word of every catalog name: `llama`, `qwen2.5`, `mixtral`, `gpt-oss`, `h100`, `rtx` … */
const familyWords = new Set<string>();
for (const m of models) {
  familyWords.add(m.family);
  const head = m.id.split("-")[0]!;
  familyWords.add(head);
  familyWords.add(head.replace(/[\d.]+$/, ""));
}
familyWords.delete("");
export const FAMILY_WORDS: readonly string[] = [...familyWords].filter((w) => w.length >= 3);

/** First words of multi-word names; a window is only tried from one of these (keeps prose cheap). */
const nameStarts = new Set<string>([...familyWords]);
for (const n of [...modelNames, ...gpuNames]) nameStarts.add(n.split("-")[0]!);
for (const w of ["nvidia", "geforce", "tesla", "amd", "instinct", "apple", "meta", "google", "microsoft", "openai"])
  nameStarts.add(w);

function startsName(lower: string): boolean {
  if (nameStarts.has(lower) || /^\d/.test(lower)) return true;
  const head = (/[/_\s]/.test(lower) ? lookupKey(lower) : lower).split("-")[0]!;
  return nameStarts.has(head) || (head.endsWith("s") && nameStarts.has(head.slice(0, -1)));
}

/** Family words that are also English; never read as a model on their own. */
const ENGLISH_FAMILIES = new Set(["opt", "bloom"]);
const VERSION_PART = /^(v?\d+(\.\d+)?|mini|small|medium|large|nemo|coder|code|math|base|oss|scout)$/;

/** Is this the family part of a name (`llama`, `llama-3`, `qwen2`, `Qwen2.5`, `phi-3-mini`)? */
function familyOf(text: string): string | undefined {
  const key = lookupKey(text);
  const [head, ...rest] = key.split("-");
  if (!head || ENGLISH_FAMILIES.has(head) || rest.length > 2 || !rest.every((p) => VERSION_PART.test(p)))
    return undefined;
  const stem = head.replace(/[\d.]+$/, "");
  if (familyWords.has(head) || (stem.length >= 3 && familyWords.has(stem))) return key;
  return undefined;
}

export type ModelHit =
  | { kind: "catalog"; spec: ModelSpec; text: string /** set when chosen from a family and a size */; chosen?: boolean }
  | { kind: "unlisted"; params: number; text: string /** the named family's nearest member */; basis?: ModelSpec }
  | { kind: "family"; text: string }
  /** A Hub repository not in the catalog; `fallback` is what its name suggests, for when the Hub cannot be asked. */
  | { kind: "hub"; id: string; text: string; fallback?: Exclude<ModelHit, { kind: "family" | "hub" }> };

/**
 * `org/name` as the Hub spells repositories, but not two request words joined by a slash (`bf16/fp16`,
 * `lora/qlora`, `4090/3090`, `tokens/s`).
 */
/** Words of requests and prose that two of, joined by a slash, are an alternative ("8k/16k", "cpu/gpu", "yes/no"). */
const REQUEST_WORDS: ReadonlySet<string> = new Set([
  ...Object.keys(METHOD_WORDS),
  ...Object.keys(PRECISION_WORDS),
  ...Object.keys(OPTIMIZER_WORDS),
  ...TRAIN_WORDS,
  ...RUN_WORDS,
  ...FLAG_WORDS,
  ...KEYS,
  ...ON,
  ...OFF,
  ...FILLER,
  ...PROSE_WORDS,
  ...SEQ_UNITS,
  ...GPU_UNITS,
  ...["cpu", "gpu", "tp", "pp", "dp", "in", "out", "input", "output", "zero1", "zero2", "zero3", "train", "serve"],
]);

function looksLikeHubId(text: string): boolean {
  if (!HUB_ID.test(text) || /--|\.\./.test(text)) return false;
  const [org = "", name = ""] = text.toLowerCase().split("/");
  const word = (w: string) =>
    REQUEST_WORDS.has(w) || findGpu(w) !== undefined || /^\d+(\.\d+)?[kmbgt]?(b|gb|ib)?$/.test(w);
  // Two families ("llama/mistral") are an alternative; an organisation named after its models (`Qwen/Qwen2.5-…`) is not.
  const families = familyOf(org) !== undefined && familyOf(name) !== undefined && !name.startsWith(org);
  return org.length >= 2 && name.length >= 2 && !word(org) && !word(name) && !families;
}

/**
 * Catalog models of a family nearest a size (within `within`, 20% by default); among equals, the newest-looking id.
 * A member whose name carries the size as typed (`llama-3.2-1b` for "llama 3 1b", 1.24B) is that size, whatever
 * its exact count.
 */
function familyModel(family: string, params: number, within = 0.2, sizeText?: string): ModelSpec | undefined {
  let best: ModelSpec | undefined;
  let bestGap = Infinity;
  // Distills and vision-language models borrow another family's shape or add a tower: never a family's basis.
  const member = (m: ModelSpec) =>
    (m.id.startsWith(`${family}-`) || m.id.startsWith(`${family}.`) || m.family === family) &&
    !/distill|-vl-/.test(m.id);
  if (sizeText) {
    const named = models.filter((m) => member(m) && m.id.endsWith(`-${sizeText}`));
    if (named.length > 0) return [...named].sort((a, b) => (a.id < b.id ? 1 : -1))[0];
  }
  for (const m of models) {
    if (!member(m)) continue;
    const gap = Math.abs(m.params - params) / params;
    if (gap > within) continue;
    const better = gap < bestGap - 0.02 || (Math.abs(gap - bestGap) <= 0.02 && best !== undefined && m.id > best.id);
    if (better || best === undefined) {
      best = m;
      bestGap = Math.min(gap, bestGap);
    }
  }
  return best;
}

/** One word or a joined window (`llama-3.1-8b`, `llama-8b`, `qwen2-7b`, `llama-3`) as a model. */
export const modelFromName = memo(readModelName);

function readModelName(text: string): ModelHit | undefined {
  const key = lookupKey(text);
  // "qwen 2.5 7b" → qwen2.5-7b, "llama 3.1 8b" → llama-3.1-8b
  const spec = findModel(text) ?? findModel(key.replace(/^([a-z]+)-(\d)/, "$1$2"));
  if (spec) return { kind: "catalog", spec, text };
  const sized = /^(.*?)-?(\d{1,4}(?:\.\d{1,2})?[bm])(?:-(?:instruct|chat|base|hf|it|pt))?$/.exec(key);
  const hub = text.includes("/") && looksLikeHubId(text.trim());
  if (sized?.[1] && !hub) {
    // "qwen 3 7b" → qwen3, as the catalog spells the family (the same folding as the lookup above).
    const family =
      [familyOf(sized[1].replace(/^([a-z]+)-(\d)/, "$1$2")), familyOf(sized[1])].find(
        (f) => f !== undefined && familyModel(f, 1, Infinity) !== undefined,
      ) ?? familyOf(sized[1]);
    const params = parseModelSize(sized[2]!);
    if (family !== undefined && params !== undefined) {
      const near = familyModel(family, params, 0.2, sized[2]!);
      if (near) return { kind: "catalog", spec: near, text, chosen: true };
      const basis = familyModel(family, params, Infinity);
      return basis ? { kind: "unlisted", params, text, basis } : { kind: "unlisted", params, text };
    }
  }
  if (hub) {
    // What the name alone says (`someone/llama-3-8b-custom` → a Llama 3 8B), for when the Hub cannot be asked;
    // nothing for a state-space model's name (a transformer estimate of it would be wrong).
    const name = text.trim().split("/")[1]!;
    const guess = NOT_TRANSFORMERS.test(name) ? undefined : (readModelName(name) ?? sizeInName(name));
    const fallback = guess && guess.kind !== "family" && guess.kind !== "hub" ? guess : undefined;
    return { kind: "hub", id: text.trim(), text, ...(fallback ? { fallback } : {}) };
  }
  return undefined;
}

/**
 * A size written inside a repository name, with the family before it when there is one: `llama-3.1-8b-sft-v2` →
 * Llama 3.1 8B, `my-finetune-7b-v2` → a 7B model.
 */
function sizeInName(name: string): ModelHit | undefined {
  const m = /^(.*?)(?:^|[-_.])(\d{1,4}(?:\.\d{1,2})?)[bB](?:$|[-_.])/.exec(name);
  if (!m) return undefined;
  const size = `${m[2]}b`;
  const named = m[1] ? readModelName(`${m[1]}-${size}`) : undefined;
  if (named && named.kind !== "family" && named.kind !== "hub") return named;
  const params = parseModelSize(size);
  return params ? { kind: "unlisted", params, text: name } : undefined;
}

export type NameSpan =
  | { kind: "model"; hit: ModelHit; length: number }
  | { kind: "gpu"; gpu: GpuRef; text: string; length: number };

function gpuCountSuffix(token: Token | undefined): number | undefined {
  const m = token ? /^[x×](\d{1,4})$/.exec(token.lower) : null;
  return m ? Number(m[1]) : undefined;
}

const MAX_WINDOW = 5;

/** Words that never continue a name: request words, and an `org/name` which starts its own. */
function continuesName(lower: string): boolean {
  return (
    !lower.includes("/") &&
    METHOD_WORDS[lower] === undefined &&
    PRECISION_WORDS[lower] === undefined &&
    !TRAIN_WORDS.has(lower)
  );
}

/**
 * The longest run of bare words from `start` that names a model or GPU: `llama 3.1 8b`, `rtx 4090`,
 * `a100 80gb`, `2 a100s`, `two 4090s`, `dual 3090`, `h100 x8`, `llama 8b`, `llama 3`. Single words too.
 */
export function nameSpan(tokens: readonly Token[], start: number): NameSpan | undefined {
  const first = tokens[start]!;
  if (first.key !== undefined) return undefined;
  if (first.text.includes("/")) {
    const hit = modelFromName(first.text);
    if (hit) return { kind: "model", hit, length: 1 };
  }
  const count = parseCount(first.lower);
  if (count !== undefined && start + 1 < tokens.length) {
    const skip = tokens[start + 1]!.lower === "of" ? 1 : 0;
    const rest = nameSpan(tokens, start + 1 + skip);
    if (rest?.kind === "gpu" && rest.gpu.count === 1 && count > 0) {
      return { ...rest, gpu: { ...rest.gpu, count }, length: rest.length + 1 + skip };
    }
  }
  if (!startsName(first.lower)) return undefined;
  const limit = Math.min(MAX_WINDOW, tokens.length - start);
  let joined = "";
  const windows: string[] = [];
  for (let len = 1; len <= limit; len++) {
    const t = tokens[start + len - 1]!;
    if (t.key !== undefined || (len > 1 && !continuesName(t.lower))) break;
    joined = len === 1 ? t.text : `${joined}-${t.text}`;
    windows.push(joined);
  }
  for (let len = windows.length; len >= 1; len--) {
    const text = windows[len - 1]!;
    const model = modelFromName(text);
    if (model) return { kind: "model", hit: model, length: len };
    const gpu = parseGpu(text);
    if (gpu) {
      const times = gpuCountSuffix(tokens[start + len]);
      return times !== undefined && gpu.count === 1
        ? { kind: "gpu", gpu: { ...gpu, count: times }, text, length: len + 1 }
        : { kind: "gpu", gpu, text, length: len };
    }
  }
  // "llama 3", "qwen2.5", "mistral": a family (and version) without a size.
  for (let len = Math.min(2, windows.length); len >= 1; len--) {
    const text = windows[len - 1]!;
    if (familyOf(text) !== undefined && (len === 1 || /^[\d.]+$/.test(tokens[start + 1]!.text))) {
      return { kind: "model", hit: { kind: "family", text }, length: len };
    }
  }
  return undefined;
}

/** Catalog ids of a family, for "which one?" suggestions. */
export function familyMembers(text: string, limit = 4): string[] {
  const key = lookupKey(text);
  const head = key.split("-")[0]!.replace(/[\d.]+$/, "");
  const exact = models.filter((m) => m.id.startsWith(key));
  const pool = exact.length ? exact : models.filter((m) => m.family === head || m.id.startsWith(head));
  return pool.map((m) => m.id).slice(0, limit);
}
