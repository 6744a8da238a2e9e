import { z } from "zod";
import { EstimationRequest } from "../../estimator/request.js";
import { Ask } from "../../parse/result.js";
import { LIMITS } from "./blockkit.js";

/** What an answer's buttons carry so a click can re-run it: the request (without the typed text) and the view. */
export const AnswerState = z.object({
  request: EstimationRequest,
  /** Show the formulas behind every line ("Why?"). */
  why: z.boolean().default(false),
  /** The answer is ephemeral (a slash command's), so a "Share in channel" button makes sense. */
  shareable: z.boolean().default(false),
  /** The question behind it ("biggest batch", "longest context"), answered first. */
  ask: Ask.optional(),
  /** Readings the parser chose, shown under the answer. */
  notes: z.array(z.string().max(300)).max(5).default([]),
});
export type AnswerState = z.infer<typeof AnswerState>;
export type AnswerStateInput = z.input<typeof AnswerState>;

/** How much of the typed text travels with the buttons (it is echoed under the answer). */
const QUERY_KEPT = 300;

/** The state as a button value, or undefined when it would not fit Slack's 2,000 characters. */
export function encodeState(state: AnswerState): string | undefined {
  const compact = { ...state, request: { ...state.request, query: state.request.query.slice(0, QUERY_KEPT) } };
  const value = JSON.stringify(compact);
  return value.length <= LIMITS.buttonValue ? value : undefined;
}

/** A button value back into state; anything malformed or tampered with is refused (never trusted). */
export function decodeState(value: string | undefined): AnswerState | undefined {
  if (value === undefined || value.length > LIMITS.buttonValue) return undefined;
  try {
    const parsed = AnswerState.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
