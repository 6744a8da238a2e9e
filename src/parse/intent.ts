/** "What's the biggest batch …", "longest context …": the person asks for a limit, not a verdict. */
import type { Ask } from "./result.js";
import type { Token } from "./tokenize.js";
import { BATCH_WORDS, CONTEXT_WORDS, MOST_WORDS } from "./vocabulary.js";

const LOOK_BACK = 3;

/** The ask that a batch or context word at `i` completes, if a superlative comes shortly before it. */
export function askAt(tokens: readonly Token[], i: number): Ask | undefined {
  const word = tokens[i]!.lower;
  const ask: Ask | undefined = BATCH_WORDS.has(word) ? "max-batch" : CONTEXT_WORDS.has(word) ? "max-seq" : undefined;
  if (ask === undefined) return undefined;
  for (let j = i - 1; j >= Math.max(0, i - LOOK_BACK); j--) {
    if (MOST_WORDS.has(tokens[j]!.lower)) return ask;
  }
  return undefined;
}
