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

/** The user's own words with the mistake replaced: the most useful example there is. */
export function corrected(st: State, word: string, replacement: string | undefined): string {
  if (replacement === undefined || st.text.length > 160) return EXAMPLES[1];
  const at = st.text.toLowerCase().indexOf(word.toLowerCase());
  if (at < 0) return EXAMPLES[1];
  return `${st.text.slice(0, at)}${replacement}${st.text.slice(at + word.length)}`.trim();
}

export function unknownWord(st: State, word: string): never {
  if (NOT_TRANSFORMERS.test(word)) {
    return fail(
      "model-unavailable",
      `\`${word}\` is a state-space or hybrid model, which is not supported yet: an estimate needs its recurrent state per layer, not a KV cache.`,
      "Ask about a transformer model (e.g. `llama-3.1-8b`), or give a size for a rough transformer estimate (e.g. `7B`).",
      word,
    );
  }
  const near = closest(word, [...VOCABULARY, ...modelNames, ...gpuNames]);
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
