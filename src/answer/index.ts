import { parseRequest } from "../parse/grammar.js";
import type { ParseError } from "../parse/result.js";
import { composeAnswer } from "./compose.js";
import type { Answer } from "./schema.js";

export type AnswerResult = { kind: "answer"; answer: Answer } | { kind: "help" } | { kind: "error"; error: ParseError };

/** Text in the request language (a command, a question, a button's canonical request) → the answer, help or an error. */
export function answerText(text: string): AnswerResult {
  const parsed = parseRequest(text);
  if (parsed.kind !== "request") return parsed;
  return { kind: "answer", answer: composeAnswer(parsed) };
}

export { composeAnswer } from "./compose.js";
export type { Answer, AnswerPlan, AdvisedScenario, Closest, ModelSummary, PlanChange } from "./schema.js";
