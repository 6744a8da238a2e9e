/** Request text (slash command or prose) → an estimation request, help, or an error that teaches the right form. */
import {
  isSmallMillions,
  parseModelSize,
  parseCapacity,
  parseCount,
  parseInteger,
  parseTokenCount,
  isTokenCountWithUnit,
} from "./numbers.js";
import { finish } from "./finish.js";
import { FRAMEWORK_WORDS } from "./vocabulary.js";
import { askAt } from "./intent.js";
import { setModelHit, setSizeModel } from "./model.js";
import { modelFromName, nameSpan } from "./names.js";
import { applyOption, isKey } from "./options.js";
import { isProse, looksLikeRequestWord, unknownKey, unknownWord } from "./prose.js";
import { editDistance } from "./suggest.js";
import { gpuNames } from "../catalog/index.js";
import { inRange, intValue, paramsInRange, RANGES, seqValue } from "./ranges.js";
import type { ParseResult } from "./result.js";
import { addMethod, addPrecision, fail, Fail, newState, note, type State } from "./state.js";
import { MAX_INPUT, tokenize, type Token } from "./tokenize.js";
import {
  FILLER,
  GPU_UNITS,
  HELP_WORDS,
  HOST_MEMORY,
  KV_WORDS,
  LAYER_UNITS,
  METHOD_WORDS,
  NEGATIONS,
  OPTIMIZER_WORDS,
  PRECISION_WORDS,
  RUN_WORDS,
  SEQ_UNITS,
  SLOT_GAP,
  SLOT_WORDS,
  TRAIN_WORDS,
} from "./vocabulary.js";
import { KV_PRECISIONS, type KvPrecision } from "../estimator/request.js";

export { parseGpu } from "./names.js";
export { HELP_WORDS } from "./vocabulary.js";

type Slot = (typeof SLOT_WORDS)[string];

interface Cursor {
  tokens: Token[];
  i: number;
  slot?: Slot | undefined;
  prose: boolean;
  /** The last token read was filler or prose. */
  skipped: boolean;
}

const at = (c: Cursor, offset: number): string => c.tokens[c.i + offset]?.lower ?? "";

/** "64gb of ram", "32 GB system memory": a capacity that is not the GPU's. */
function hostMemoryAt(c: Cursor, offset: number): boolean {
  const w = at(c, offset);
  return HOST_MEMORY.has(w === "of" ? at(c, offset + 1) : w);
}

/** "without checkpointing", "no flash attention": a negation just before (skipping one word such as "gradient"). */
function negated(c: Cursor): boolean {
  return NEGATIONS.has(at(c, -1)) || (NEGATIONS.has(at(c, -2)) && FILLER.has(at(c, -1)));
}

/** A number whose meaning a word before it gave ("batch size of 8", "context length 8192", "zero stage 3"). */
function applySlot(st: State, slot: Slot, tok: Token): void {
  switch (slot) {
    case "seq":
      st.input.seq = seqValue(tok.lower, tok.text);
      return;
    case "batch":
      st.input.batch = intValue(tok.lower, RANGES.batch, tok.text);
      return;
    case "rank":
      st.input.rank = intValue(tok.lower, RANGES.rank, tok.text);
      return;
    case "zero":
      st.input.zero = intValue(tok.lower, RANGES.zero, tok.text);
      return;
    case "gpus":
      st.gpuCount = intValue(tok.lower, RANGES.gpus, tok.text);
      return;
  }
}

/** Switches and other single words with a fixed meaning; false when the word is not one. */
function applyKeyword(st: State, c: Cursor, w: string, text: string): boolean {
  const method = METHOD_WORDS[w];
  if (method && !(w === "full" && at(c, 1) === "precision")) {
    addMethod(st, method);
    return true;
  }
  if (w === "full" && at(c, 1) === "precision") {
    addPrecision(st, "full precision", "fp32");
    return true;
  }
  if (TRAIN_WORDS.has(w)) {
    st.wantsTraining = true;
    return true;
  }
  if (RUN_WORDS.has(w)) {
    st.wantsRunning = true;
    return true;
  }
  const precision = PRECISION_WORDS[w];
  if (precision) {
    const kv = KV_WORDS.has(at(c, 1)) || KV_WORDS.has(at(c, -1)) || KV_WORDS.has(at(c, -2));
    if (kv && (KV_PRECISIONS as readonly string[]).includes(precision)) {
      st.input.kvPrecision = precision as KvPrecision;
      return true;
    }
    addPrecision(st, text, precision);
    return true;
  }
  const optimizer = OPTIMIZER_WORDS[w];
  if (optimizer && w !== "adam" && w !== "momentum") {
    st.input.optimizer = optimizer;
    return true;
  }
  const on = !negated(c);
  switch (w) {
    case "ckpt":
    case "gc":
    case "checkpointing":
      st.input.gradientCheckpointing = on;
      return true;
    case "fsdp":
      st.input.zero = on ? 3 : 0;
      return true;
    case "flash":
    case "flash-attention":
    case "flashattention":
    case "sdpa":
      st.input.flashAttention = on;
      return true;
    case "eager":
      st.input.flashAttention = false;
      return true;
    case "offload":
    case "offloading":
      st.input.offload = on ? "cpu" : "none";
      return true;
    case "dq":
      st.input.doubleQuant = true;
      return true;
    case "compile":
    case "compiled":
    case "torch.compile":
      st.input.compile = on;
      return true;
    case "autocast":
      st.input.autocast = on;
      return true;
    case "vllm":
      st.input.engine = "vllm";
      st.wantsRunning = true;
      return true;
  }
  const framework = FRAMEWORK_WORDS[w];
  if (framework) {
    st.input.framework = framework;
    return true;
  }
  const zero = /^(?:zero|stage|z)[-_]?([0-9])$/.exec(w);
  if (zero) {
    st.input.zero = inRange(Number(zero[1]), RANGES.zero, text);
    return true;
  }
  return false;
}

/** A word that is a number: size, context, count, or (with a unit after it) what it counts. */
function applyNumber(st: State, c: Cursor, tok: Token): boolean {
  const w = tok.lower;
  const next = at(c, 1);
  // `1M` is a context; `350M` a model, unless a model is already named or tokens follow.
  if (/^\d{1,3}(\.\d+)?m$/.test(w) && (isSmallMillions(w) || st.input.model !== undefined || SEQ_UNITS.has(next))) {
    st.input.seq = seqValue(w, tok.text);
    return true;
  }
  const size = parseModelSize(w);
  if (size !== undefined) {
    setSizeModel(st, paramsInRange(size, tok.text), tok.text);
    return true;
  }
  if (parseCapacity(w) !== undefined && hostMemoryAt(c, 1)) return true;
  const count = parseCount(w);
  if (SEQ_UNITS.has(next) && parseTokenCount(w) !== undefined) {
    st.input.seq = seqValue(w, tok.text);
    return true;
  }
  if (GPU_UNITS.has(next) && count !== undefined) {
    st.gpuCount = inRange(count, RANGES.gpus, tok.text);
    return true;
  }
  if (LAYER_UNITS.has(next) && count !== undefined) {
    st.input.trainLayers = inRange(count, RANGES.layers, tok.text);
    return true;
  }
  if (isTokenCountWithUnit(w)) {
    st.input.seq = seqValue(w, tok.text);
    return true;
  }
  const n = parseInteger(w);
  if (n === undefined) return false;
  // "flash attention 2", "llama 3" after a name already read: a version, not a value.
  if (n <= 3 && /^(attention|flash|attn|fa|flash-attention|v)$/.test(at(c, -1))) return true;
  if (
    n >= 128 &&
    n % 128 !== 0 &&
    !SEQ_UNITS.has(at(c, -1)) &&
    gpuNames.some((g) => /^\d+$/.test(g) && editDistance(w, g, 1) <= 1)
  ) {
    return unknownWord(st, tok.text); // `4091`: a card mistyped, not a context
  }
  if (n >= 128) {
    st.input.seq = seqValue(w, tok.text);
    note(st, `Reading \`${tok.text}\` as the sequence length (\`seq=${st.input.seq}\`).`);
    return true;
  }
  return fail(
    "bad-value",
    `\`${tok.text}\` on its own: what does it count?`,
    `Say which, e.g. \`batch=${n}\`, \`gpus=${n}\` or \`rank=${n}\`.`,
    tok.text,
  );
}

/** Read the token at the cursor; returns how many tokens it used. */
function readToken(st: State, c: Cursor): number {
  const tok = c.tokens[c.i]!;
  const w = tok.lower;
  const slot = c.slot;
  c.slot = undefined;

  if (tok.key !== undefined) {
    const key = tok.key.toLowerCase();
    if (isKey(key)) return 1 + applyOption(st, tok, key, c.tokens.slice(c.i + 1, c.i + 5));
    if (tok.sep === ":") {
      const hit = modelFromName(tok.text); // ollama tags: `llama3.1:8b`
      if (hit && hit.kind !== "family") {
        setModelHit(st, hit);
        return 1;
      }
      c.tokens.splice(c.i, 1, ...tokenize(`${tok.key} ${tok.value ?? ""}`));
      return 0;
    }
    return unknownKey(st, tok);
  }
  if (slot !== undefined) {
    if (SLOT_GAP.has(w)) {
      c.slot = slot;
      c.skipped = true;
      return 1;
    }
    if (/^[-+−]?\d/.test(w)) {
      applySlot(st, slot, tok);
      return 1;
    }
  }
  if (SLOT_WORDS[w] !== undefined) {
    c.slot = SLOT_WORDS[w];
    st.ask ??= askAt(c.tokens, c.i);
    c.skipped = true;
    return 1;
  }
  if (HELP_WORDS.has(w)) {
    st.sawHelp = true;
    return 1;
  }
  if (applyKeyword(st, c, w, tok.text)) return 1;
  const span = nameSpan(c.tokens, c.i);
  if (span?.kind === "model") {
    setModelHit(st, span.hit);
    return span.length;
  }
  if (span?.kind === "gpu") {
    if (!(span.gpu.memoryBytes !== undefined && hostMemoryAt(c, span.length))) st.gpus.push(span.gpu);
    return span.length;
  }
  if ((/^\d/.test(w) || parseCount(w) !== undefined) && applyNumber(st, c, tok)) return 1;
  st.ask ??= askAt(c.tokens, c.i);
  c.skipped = true;
  if (FILLER.has(w)) return 1;
  if (c.prose && !looksLikeRequestWord(w)) return 1;
  return unknownWord(st, tok.text);
}

function read(text: string): ParseResult {
  const tokens = tokenize(text);
  if (tokens.length === 0) return { kind: "help" };
  const st = newState(text.slice(0, 500));
  if (text.length > MAX_INPUT) note(st, `I read only the first ${MAX_INPUT.toLocaleString("en-US")} characters.`);
  const c: Cursor = { tokens, i: 0, skipped: false, prose: isProse(tokens, text.slice(0, MAX_INPUT)) };
  let steps = 0;
  while (c.i < c.tokens.length && steps++ < 4 * c.tokens.length + 8) {
    const used = readToken(st, c);
    if (used > 0 && !c.skipped) st.sawContent = true;
    c.skipped = false;
    c.i += used;
  }
  return finish(st);
}

/** Slash-command text or a question in prose → an estimation request, help, or an error. Never throws. */
export function parseRequest(text: string): ParseResult {
  try {
    return read(typeof text === "string" ? text : "");
  } catch (e) {
    if (e instanceof Fail) return { kind: "error", error: e.detail };
    return {
      kind: "error",
      error: { message: "I couldn't read that request.", hint: "Try `7B fp16 seq=2048`.", code: "bad-value" },
    };
  }
}
