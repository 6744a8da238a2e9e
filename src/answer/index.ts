import type { HubCache } from "../models/hub/cache.js";
import type { HubError } from "../models/hub/errors.js";
import { type ModelResolution, resolveLater, resolveNow } from "../models/resolve.js";
import { parseRequest } from "../parse/grammar.js";
import type { ParseError } from "../parse/result.js";
import { applyDefaults, type WithDefaults } from "./defaults.js";
import { composeAnswer } from "./compose.js";
import type { Answer, AnswerContext } from "./schema.js";

/** What a text comes to: an answer, help, a parse error, a model the Hub could not give, or a lookup to wait for. */
export type AnswerResult =
  | { kind: "answer"; answer: Answer }
  | { kind: "help" }
  | { kind: "error"; error: ParseError }
  | { kind: "unavailable"; id: string; error: HubError }
  /** The model is a Hub repository not looked up yet: `finish()` looks it up (once) and answers. */
  | { kind: "pending"; id: string; finish: () => Promise<Settled> };
export type Settled = Exclude<AnswerResult, { kind: "pending" }>;

function composed(parsed: WithDefaults, resolution: ModelResolution, ctx: AnswerContext): Settled {
  const { applied, skipped } = parsed;
  return { kind: "answer", answer: composeAnswer(parsed.parsed, resolution, ctx, { applied, skipped }) };
}

/**
 * Text in the request language (a command, a question, a button's canonical request) → the answer, without waiting:
 * a Hub repository not yet known comes back `pending`, with the way to finish it.
 */
export function answerText(text: string, hub?: HubCache, ctx: AnswerContext = {}): AnswerResult {
  const typed = parseRequest(text);
  if (typed.kind !== "request") return typed;
  const parsed = applyDefaults(text, typed, ctx.defaults ?? []);
  const now = resolveNow(parsed.parsed.request.model, hub);
  if (now.kind === "resolved") return composed(parsed, now.resolution, ctx);
  if (now.kind === "failed") return { kind: "unavailable", id: now.id, error: now.error };
  return {
    kind: "pending",
    id: now.id,
    finish: async () => {
      const later = await resolveLater(parsed.parsed.request.model, hub);
      return later.kind === "resolved"
        ? composed(parsed, later.resolution, ctx)
        : { kind: "unavailable", id: later.id, error: later.error };
    },
  };
}

/** The same, waiting for the Hub where it must (the CLI). */
export async function answerTextSettled(text: string, hub?: HubCache): Promise<Settled> {
  const r = answerText(text, hub);
  return r.kind === "pending" ? r.finish() : r;
}

export { composeAnswer } from "./compose.js";
export type {
  AdvisedScenario,
  Answer,
  AnswerContext,
  FleetGroup,
  AnswerPlan,
  Closest,
  ModelSummary,
  PlanChange,
} from "./schema.js";
