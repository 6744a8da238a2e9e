import { advise } from "../../advisor/advise.js";
import { parseRequest } from "../../parse/grammar.js";
import { answerMessage } from "./answer.js";
import type { Message } from "./blockkit.js";
import { helpMessage, parseErrorMessage } from "./messages.js";
import { userIdOrNone, type AnswerState } from "./state.js";

export type Outcome = "answer" | "help" | "parse-error";

export interface Reply {
  outcome: Outcome;
  message: Message;
}

export interface ReplyOptions {
  /** How the app is addressed where the user typed: `/vram` or `@VRAM Advisor`. */
  prefix: string;
  /** Offer "Share in channel" (the answer is ephemeral). */
  shareable: boolean;
  /** The user who asked, for answers posted where others see them (threads, DMs). */
  asker?: string | undefined;
}

/** Typed text → the Block Kit reply: an answer, usage, or a friendly error. Pure; knows nothing of Slack's SDK. */
export function replyTo(text: string, opts: ReplyOptions): Reply {
  const parsed = parseRequest(text);
  if (parsed.kind === "help") return { outcome: "help", message: helpMessage(opts.prefix) };
  if (parsed.kind === "error") return { outcome: "parse-error", message: parseErrorMessage(parsed.error, opts.prefix) };
  const asker = userIdOrNone(opts.asker);
  const state: AnswerState = {
    request: parsed.request,
    why: false,
    shareable: opts.shareable,
    ask: parsed.ask,
    notes: parsed.notes.slice(0, 5).map((n) => n.slice(0, 300)),
    asker,
  };
  return { outcome: "answer", message: answerMessage(advise(state.request), state) };
}

/** Re-render an answer from the state its button carried. */
export function replyFromState(state: AnswerState): Message {
  return answerMessage(advise(state.request), state);
}
