import { z } from "zod";
import { Ask } from "../../parse/result.js";
import { LIMITS } from "./blockkit.js";

/** A Slack user id as it appears in payloads (never rendered from anything else). */
const UserId = z.string().regex(/^[UW][A-Z0-9]{2,20}$/);

/** The id when it is a well-formed Slack user id, else undefined (it is rendered as a mention). */
export const userIdOrNone = (id: string | undefined): string | undefined =>
  UserId.safeParse(id).success ? id : undefined;

/** What an answer's buttons carry so a click can re-run it: the request (canonical text) and the view. */
export const AnswerState = z.object({
  /** The request in canonical text: the click runs it through the answer pipeline. */
  request: z.string().max(LIMITS.buttonValue),
  /** The question as typed, echoed under the answer (clipped). */
  query: z.string().max(300).default(""),
  /** Show the formulas behind every line ("Why?"). */
  why: z.boolean().default(false),
  /** The answer is ephemeral (a slash command's), so a "Share in channel" button makes sense. */
  shareable: z.boolean().default(false),
  /** The question behind it ("biggest batch", "longest context"), answered first. */
  ask: Ask.optional(),
  /** Readings the parser chose, shown under the answer. */
  notes: z.array(z.string().max(300)).max(5).default([]),
  /** Who asked, for answers everyone sees (threads, DMs): only they may change the message in place. */
  asker: UserId.optional(),
  /** Who shared it in the channel (credited under the answer). */
  sharedBy: UserId.optional(),
  /** The request before the last one-click change (canonical text): shown as "Changed: …" with an Undo. */
  prev: z.string().max(LIMITS.buttonValue).optional(),
});
export type AnswerState = z.infer<typeof AnswerState>;

/** The wire form of a button value, kept small (Slack allows 2,000 characters, and every answer carries one per button). */
const Wire = z.object({
  q: z.string().max(LIMITS.buttonValue),
  e: z.string().max(300).default(""),
  w: z.boolean().default(false),
  s: z.boolean().default(false),
  a: Ask.optional(),
  n: z.array(z.string().max(300)).max(5).default([]),
  u: UserId.optional(),
  b: UserId.optional(),
  p: z.string().max(LIMITS.buttonValue).optional(),
});

/** The state as a button value, or undefined when it would not fit Slack's 2,000 characters. */
export function encodeState(state: AnswerState): string | undefined {
  const wire = {
    q: state.request,
    e: state.query.slice(0, 300),
    ...(state.why ? { w: true } : {}),
    ...(state.shareable ? { s: true } : {}),
    ...(state.ask ? { a: state.ask } : {}),
    ...(state.notes.length ? { n: state.notes } : {}),
    ...(state.asker ? { u: state.asker } : {}),
    ...(state.sharedBy ? { b: state.sharedBy } : {}),
    ...(state.prev ? { p: state.prev } : {}),
  };
  const value = JSON.stringify(wire);
  return value.length <= LIMITS.buttonValue ? value : undefined;
}

/** A button value back into state; anything malformed or tampered with is refused (never trusted). */
export function decodeState(value: string | undefined): AnswerState | undefined {
  if (value === undefined || value.length > LIMITS.buttonValue) return undefined;
  try {
    const parsed = Wire.safeParse(JSON.parse(value));
    if (!parsed.success) return undefined;
    const w = parsed.data;
    return {
      request: w.q,
      query: w.e,
      why: w.w,
      shareable: w.s,
      notes: w.n,
      ...(w.a ? { ask: w.a } : {}),
      ...(w.u ? { asker: w.u } : {}),
      ...(w.b ? { sharedBy: w.b } : {}),
      ...(w.p ? { prev: w.p } : {}),
    };
  } catch {
    return undefined;
  }
}
