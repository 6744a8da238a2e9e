import { type AnswerResult, answerText, type Settled } from "../../answer/index.js";
import type { HubCache } from "../../models/hub/cache.js";
import { parseRequest } from "../../parse/grammar.js";
import type { ParseError } from "../../parse/result.js";
import { hubErrorText } from "../hub.js";
import { describeChange } from "../words.js";
import type { Answer, FleetGroup } from "../../answer/schema.js";
import type { AppliedSetting } from "../../parse/setting-fields.js";
import { chartAlt } from "../chart/alt.js";
import { answerMessage } from "./answer.js";
import type { Message } from "./blockkit.js";
import { helpMessage, hubErrorMessage, lookingUpMessage, parseErrorMessage } from "./messages.js";
import { type AnswerState, userIdOrNone } from "./state.js";

export type Outcome = "answer" | "help" | "parse-error" | "hub-error" | "lookup";

/** An answer's chart, attached once Slack has the answer: the request it pictures, and the answer with it. */
export interface ChartAttachment {
  /** The canonical request the chart is drawn from (what its URL carries). */
  request: string;
  /** The same message with the chart's image block, fetched by Slack from `url`. */
  attach: (url: string) => Message;
}

export interface Reply {
  outcome: Outcome;
  message: Message;
  /** Answers only: how to add their chart in an update. */
  chart?: ChartAttachment;
  /** The parser's error, for surfaces that place it (the form puts it under the field). */
  error?: ParseError;
  /** A Hub lookup under way (`message` says so): the final reply, once the Hub has answered. */
  finish?: () => Promise<Reply>;
  /** Replies that do not depend on the Hub's state at this moment (no lookup, no fallback after a failure). */
  cacheable: boolean;
}

export interface ReplyOptions {
  /** How the app is addressed where the user typed: `/vram` or `@VRAM Advisor`. */
  prefix: string;
  /** Offer "Share in channel" (the answer is ephemeral). */
  shareable: boolean;
  /** The user who asked, for answers posted where others see them (threads, DMs). */
  asker?: string | undefined;
  /** The workspace's own GPUs, answered for when no GPU is named. */
  fleet?: readonly FleetGroup[] | undefined;
  /** Saved defaults for what the text leaves unset (the person's, else the workspace's). */
  defaults?: readonly AppliedSetting[] | undefined;
  /** The team's GPUs and defaults could not be read: the answer says it goes without them. */
  teamDataUnavailable?: boolean | undefined;
}

type StateOf = (a: Extract<Settled, { kind: "answer" }>) => AnswerState;

function chartOf(answer: Answer, state: AnswerState, changed: readonly string[] = []): ChartAttachment {
  return {
    request: answer.canonical,
    attach: (url) => answerMessage(answer, state, changed, { url, alt: chartAlt(answer) }),
  };
}

function settled(result: Settled, prefix: string, state: StateOf): Reply {
  switch (result.kind) {
    case "help":
      return { outcome: "help", message: helpMessage(prefix), cacheable: true };
    case "error":
      return {
        outcome: "parse-error",
        message: parseErrorMessage(result.error, prefix),
        error: result.error,
        cacheable: true,
      };
    case "unavailable": {
      const e = hubErrorText(result.id, result.error);
      return {
        outcome: "hub-error",
        message: hubErrorMessage(result.id, result.error, prefix),
        error: { ...e, code: "model-unavailable" },
        cacheable: false,
      };
    }
    case "answer": {
      const st = state(result);
      return {
        outcome: "answer",
        message: answerMessage(result.answer, st),
        chart: chartOf(result.answer, st),
        // An answer from the Hub lives as long as the Hub cache's entry (an hour), not as long as the reply cache.
        cacheable: result.answer.model.hub === undefined,
      };
    }
  }
}

function fromResult(result: AnswerResult, prefix: string, state: StateOf): Reply {
  if (result.kind !== "pending") return settled(result, prefix, state);
  return {
    outcome: "lookup",
    message: lookingUpMessage(result.id),
    finish: async () => settled(await result.finish(), prefix, state),
    cacheable: false,
  };
}

/** Typed text → the Block Kit reply: an answer, usage, a friendly error, or a lookup to finish. Knows no Slack SDK. */
export function replyTo(text: string, opts: ReplyOptions, hub?: HubCache): Reply {
  const asker = userIdOrNone(opts.asker);
  return fromResult(
    answerText(text, hub, {
      fleet: opts.fleet,
      defaults: opts.defaults,
      teamDataUnavailable: opts.teamDataUnavailable,
    }),
    opts.prefix,
    ({ answer }) => ({
      request: answer.canonical,
      query: answer.query.slice(0, 300),
      why: false,
      shareable: opts.shareable,
      notes: answer.notes.slice(0, 5).map((n) => n.slice(0, 300)),
      ...(answer.ask ? { ask: answer.ask } : {}),
      ...(asker ? { asker } : {}),
    }),
  );
}

/** A button's re-run: the new answer, a Hub failure to say aside (the answer stays), or a stale value. */
export type Rerun =
  | { kind: "answer"; message: Message; chart: ChartAttachment }
  | { kind: "hub-error"; message: Message }
  | { kind: "stale" };

/**
 * Re-run an answer from the state its button carried (its canonical request through the pipeline, waiting for the
 * Hub if its model must be looked up again); stale when the request no longer reads (a model or GPU removed since).
 */
export async function replyFromState(state: AnswerState, hub?: HubCache, prefix = "/vram"): Promise<Rerun> {
  const first = answerText(state.request, hub);
  const result = first.kind === "pending" ? await first.finish() : first;
  if (result.kind === "unavailable") {
    return { kind: "hub-error", message: hubErrorMessage(result.id, result.error, prefix) };
  }
  if (result.kind !== "answer") return { kind: "stale" };
  const answer = { ...result.answer, query: state.query, notes: state.notes, ...(state.ask ? { ask: state.ask } : {}) };
  // After a one-click change, say what changed (the previous request is the button's own data, read back here).
  const before = state.prev ? parseRequest(state.prev) : undefined;
  const changed = before?.kind === "request" ? describeChange(before.request, answer.request) : [];
  return { kind: "answer", message: answerMessage(answer, state, changed), chart: chartOf(answer, state, changed) };
}
