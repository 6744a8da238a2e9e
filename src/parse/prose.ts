/** Telling prose from request words: which unknown words to ignore and which to report. */
import { gpuNames, modelNames } from "../catalog/index.js";
import { FAMILY_WORDS, NOT_TRANSFORMERS } from "./names.js";
import { fail, type State } from "./state.js";
import { closest, didYouMean, editDistance } from "./suggest.js";
import type { Token } from "./tokenize.js";
import {
  DISTINCTIVE_WORDS,
  FLAG_WORDS,
  HELP_WORDS,
  KEYS,
  METHOD_WORDS,
  OPTIMIZER_WORDS,
  PRECISION_WORDS,
  PROSE_WORDS,
  TRAIN_WORDS,
} from "./vocabulary.js";
import { EXAMPLES } from "./result.js";
import { memo } from "./memo.js";

/** Text with at least one common English word (or a question mark) is prose: unknown words in it are mostly not for us. */
export function isProse(tokens: readonly Token[], text: string): boolean {
  return text.includes("?") || tokens.some((t) => t.key === undefined && PROSE_WORDS.has(t.lower));
}

const NEAR_CANDIDATES = [...DISTINCTIVE_WORDS, ...FAMILY_WORDS];

/** Inside prose, is this unknown word still a request word gone wrong (`fp17`, `qlroa`, `lamma`, `4091`)? */
export const looksLikeRequestWord = memo(nearRequestWord);

function nearRequestWord(lower: string): boolean {
  if (PROSE_WORDS.has(lower)) return false;
  if (/\d/.test(lower)) return true;
  if (lower.length < 4 || !/^[a-z][a-z'-]*$/.test(lower)) return false;
  const budget = lower.length >= 7 ? 2 : 1;
  return NEAR_CANDIDATES.some(
    (c) => Math.abs(c.length - lower.length) <= budget && editDistance(lower, c, budget) <= budget,
  );
}

const VOCABULARY = [
  ...Object.keys(METHOD_WORDS),
  ...Object.keys(PRECISION_WORDS),
  ...Object.keys(OPTIMIZER_WORDS),
  ...TRAIN_WORDS,
  ...FLAG_WORDS,
  ...HELP_WORDS,
];

/**
 * The user's own words with the mistake replaced (or, with nothing to put in its place, left out): the most useful
 * example there is. A stock example only when their words are too long to quote.
 */
export function corrected(st: State, word: string, replacement: string | undefined): string {
  if (st.text.length > 160) return EXAMPLES[1];
  const at = st.text.toLowerCase().indexOf(word.toLowerCase());
  if (at < 0) return EXAMPLES[1];
  const fixed = `${st.text.slice(0, at)}${replacement ?? ""}${st.text.slice(at + word.length)}`
    .replace(/\s+/g, " ")
    .trim();
  return fixed === "" ? EXAMPLES[1] : fixed;
}

/**
 * Share of unified memory Metal gives one GPU job, as the catalog's Apple entries have it (`usableShare`, with its
 * source in gpus.data.ts): two thirds on Macs of 36 GB or less, three quarters above.
 */
const appleGpuShare = (gb: number): number => (gb <= 36 ? 2 / 3 : 0.75);

/** An Apple chip named without its memory (`m2`, `m3 max`): a Mac's GPU memory is its unified memory. */
const APPLE_CHIP = /^m[1-5](-?(pro|max|ultra))?$/i;

/** The memory a text mentions ("with 32 gb"), for the Mac hint; 32 GB when it says none. */
function memoryIn(text: string): number {
  const m = /(\d{1,3})\s*(gb|gib|g)\b/i.exec(text);
  return m ? Number(m[1]) : 32;
}

/** "I know no GPU called `m2`…": the chip alone does not say the memory, and `gpu=32gb` does. */
export function appleChip(st: State, word: string): never {
  const gb = memoryIn(st.text);
  // Metal lets one GPU job wire only part of unified memory (recommendedMaxWorkingSetSize): that is the capacity to
  // ask about.
  const usable = Math.floor(gb * appleGpuShare(gb));
  const example = `${corrected(st, word, "")} gpu=${usable}gb`.replace(/\s+/g, " ").trim();
  return fail(
    "unknown-word",
    `I know no GPU called \`${word}\` on its own: a Mac's GPU memory is its unified memory, and the chip alone does not say how much.`,
    `For a Mac with ${gb} GB, about ${usable} GB can hold the model: try \`${example}\`.`,
    word,
  );
}

/** Looks like a model's name (letters with digits or dashes), not a word of prose. */
const MODEL_LIKE = /^(?=.*[a-z])(?=.*[\d-])[a-z0-9][a-z0-9._-]{2,}$/i;

export function unknownWord(st: State, word: string): never {
  if (NOT_TRANSFORMERS.test(word)) {
    return fail(
      "model-unavailable",
      `\`${word}\` is a state-space or hybrid model, which is not supported yet: an estimate needs its recurrent state per layer, not a KV cache.`,
      "Ask about a transformer model (e.g. `llama-3.1-8b`), or give a size for a rough transformer estimate (e.g. `7B`).",
      word,
    );
  }
  if (APPLE_CHIP.test(word)) return appleChip(st, word);
  const near = closest(word, [...VOCABULARY, ...modelNames, ...gpuNames]);
  if (near.length === 0 && MODEL_LIKE.test(word)) {
    return fail(
      "unknown-word",
      `I don't know the model \`${word}\`.`,
      `Give its size, like \`${corrected(st, word, "7B")}\`, or its Hugging Face id (\`org/name\`).`,
      word,
    );
  }
  return fail(
    "unknown-word",
    `I don't understand \`${word}\`.${didYouMean(near)}`,
    `Try \`${corrected(st, word, near[0])}\`.`,
    word,
  );
}

export function unknownKey(st: State, tok: Token): never {
  const key = tok.key ?? tok.text;
  const near = closest(key.toLowerCase(), KEYS);
  const example = near[0] ? corrected(st, key, near[0]) : "seq=2048 batch=4 gpu=4090 rank=16";
  return fail(
    "unknown-option",
    `I don't know the option \`${key}=\`.${didYouMean(near)}`,
    `Options look like \`seq=2048\`, \`batch=4\`, \`gpu=4090\`, \`rank=16\`. Try \`${example}\`.`,
    tok.text,
  );
}
