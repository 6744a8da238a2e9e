/** Range checks with their own message each: too small, too large, or not a number at all. */
import { MAX_BATCH, MAX_ACCUM, MAX_GPU_COUNT, MAX_PARAMS, MAX_RANK, MAX_SEQ } from "../estimator/request.js";
import { parseDecimal, parseTokenCount } from "./numbers.js";
import { fail } from "./state.js";

export interface Range {
  what: string;
  lo: number;
  hi: number;
  example: string;
  /** Why the lower bound, in a few words. */
  low: string;
  high: string;
  /** The allowed values in words. */
  span: string;
}

const fmt = (n: number): string => n.toLocaleString("en-US");

export const RANGES = {
  seq: {
    what: "sequence length",
    lo: 1,
    hi: MAX_SEQ,
    example: "seq=4k",
    low: "a sequence needs at least 1 token",
    high: "10M tokens is the longest context I estimate",
    span: "1 to 10M tokens",
  },
  batch: {
    what: "batch",
    lo: 1,
    hi: MAX_BATCH,
    example: "batch=8",
    low: "the batch must hold at least 1 sequence",
    high: `${fmt(MAX_BATCH)} is the largest micro-batch I estimate`,
    span: `1 to ${fmt(MAX_BATCH)}`,
  },
  rank: {
    what: "LoRA rank",
    lo: 1,
    hi: MAX_RANK,
    example: "rank=16",
    low: "a LoRA rank is at least 1 (8 to 64 is usual)",
    high: `${fmt(MAX_RANK)} is the largest rank I estimate`,
    span: `1 to ${fmt(MAX_RANK)}`,
  },
  gpus: {
    what: "GPU count",
    lo: 1,
    hi: MAX_GPU_COUNT,
    example: "gpus=8",
    low: "at least 1 GPU is needed",
    high: `${fmt(MAX_GPU_COUNT)} is the most GPUs I estimate`,
    span: `1 to ${fmt(MAX_GPU_COUNT)}`,
  },
  zero: {
    what: "ZeRO stage",
    lo: 0,
    hi: 3,
    example: "zero=3",
    low: "ZeRO stages are 0 to 3",
    high: "ZeRO stages are 0 to 3",
    span: "0 to 3",
  },
  accum: {
    what: "number of gradient accumulation steps",
    lo: 1,
    hi: MAX_ACCUM,
    example: "accum=1",
    low: "at least 1 micro-batch makes a step",
    high: `${fmt(MAX_ACCUM)} accumulation steps is the most I estimate`,
    span: `1 to ${fmt(MAX_ACCUM)}`,
  },
  layers: {
    what: "number of trained layers",
    lo: 1,
    hi: 1000,
    example: "layers=4",
    low: "at least 1 layer must train",
    high: "1,000 layers is more than any model has",
    span: "1 to 1,000",
  },
} as const satisfies Record<string, Range>;

/** Check a number already read; `token` is the word as written (`batch=0`, `20M`). */
export function inRange(n: number, r: Range, token: string): number {
  if (!Number.isInteger(n))
    fail("bad-value", `\`${token}\`: the ${r.what} must be a whole number.`, `For example \`${r.example}\`.`, token);
  if (n < r.lo)
    fail("out-of-range", `\`${token}\` is too small: ${r.low} (${r.span}).`, `For example \`${r.example}\`.`, token);
  if (n > r.hi)
    fail("out-of-range", `\`${token}\` is too large: ${r.high} (${r.span}).`, `For example \`${r.example}\`.`, token);
  return n;
}

/** An integer option value: `8`, and `-1` or `0` get the range message, `abc` the "not a number" one. */
export function intValue(value: string, r: Range, token: string): number {
  const n = parseDecimal(value);
  if (n === undefined)
    fail(
      "bad-value",
      `\`${token}\`: the ${r.what} must be a number, ${r.span}.`,
      `For example \`${r.example}\`.`,
      token,
    );
  return inRange(n, r, token);
}

/** A sequence length value: `2048`, `4k`, `1M`. */
export function seqValue(value: string, token: string): number {
  const n = parseTokenCount(value);
  if (n === undefined) {
    const signed = parseDecimal(value);
    if (signed !== undefined) return inRange(signed, RANGES.seq, token);
    fail(
      "bad-value",
      `\`${token}\` is not a sequence length: give tokens like \`2048\`, \`4k\` or \`128k\`.`,
      "For example `seq=2048`, `ctx=4k` or `seq=128k`.",
      token,
    );
  }
  return inRange(n, RANGES.seq, token);
}

/** A model size in parameters. */
export function paramsInRange(params: number, token: string): number {
  if (!(params > 0))
    fail("out-of-range", `\`${token}\`: a model needs more than 0 parameters.`, "For example `7B` or `350M`.", token);
  if (params > MAX_PARAMS)
    fail(
      "out-of-range",
      `\`${token}\` is more than 10T parameters, the largest model I estimate.`,
      "For example `70B` or `405B`.",
      token,
    );
  return params;
}
