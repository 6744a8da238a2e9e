import { type AnswerResult, answerText } from "../../answer/index.js";
import type { ParseError } from "../../parse/result.js";
import { answerMessage } from "./answer.js";
import type { Message } from "./blockkit.js";
import { helpMessage, parseErrorMessage } from "./messages.js";
import { type AnswerState, userIdOrNone } from "./state.js";

export type Outcome = "answer" | "help" | "parse-error";

export interface Reply {
  outcome: Outcome;
  message: Message;
  /** The parser's error, for surfaces that place it (the form puts it under the field). */
  error?: ParseError;
}

export interface ReplyOptions {
  /** How the app is addressed where the user typed: `/vram` or `@VRAM Advisor`. */
  prefix: string;
  /** Offer "Share in channel" (the answer is ephemeral). */
  shareable: boolean;
  /** The user who asked, for answers posted where others see them (threads, DMs). */
  asker?: string | undefined;
}

function fromResult(
  result: AnswerResult,
  prefix: string,
  state: (a: AnswerResult & { kind: "answer" }) => AnswerState,
): Reply {
  if (result.kind === "help") return { outcome: "help", message: helpMessage(prefix) };
  if (result.kind === "error")
    return { outcome: "parse-error", message: parseErrorMessage(result.error, prefix), error: result.error };
  return { outcome: "answer", message: answerMessage(result.answer, state(result)) };
}

/** Typed text → the Block Kit reply: an answer, usage, or a friendly error. Pure; knows nothing of Slack's SDK. */
export function replyTo(text: string, opts: ReplyOptions): Reply {
  const asker = userIdOrNone(opts.asker);
  return fromResult(answerText(text), opts.prefix, ({ answer }) => ({
    request: answer.canonical,
    query: answer.query.slice(0, 300),
    why: false,
    shareable: opts.shareable,
    notes: answer.notes.slice(0, 5).map((n) => n.slice(0, 300)),
    ...(answer.ask ? { ask: answer.ask } : {}),
    ...(asker ? { asker } : {}),
  }));
}

/**
 * Re-run an answer from the state its button carried (its canonical request through the pipeline); undefined when
 * the request no longer reads (a model or GPU removed since the answer was made).
 */
export function replyFromState(state: AnswerState): Message | undefined {
  const result = answerText(state.request);
  if (result.kind !== "answer") return undefined;
  const answer = { ...result.answer, query: state.query, notes: state.notes, ...(state.ask ? { ask: state.ask } : {}) };
  return answerMessage(answer, state);
}
