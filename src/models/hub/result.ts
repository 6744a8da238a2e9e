/**
 * A Hub lookup's result as data that left the process (the shared cache in the database): parsed back through the
 * same schemas that made it, so a row another version wrote, or one edited by hand, is refused, never half-used.
 */
import { z } from "zod";
import { Architecture } from "../arch.js";
import { HubError } from "./errors.js";
import type { HubResult } from "./lookup.js";

export const HubModelSchema = z.object({
  id: z.string().min(1).max(200),
  sha: z.string().min(1).max(64).optional(),
  arch: Architecture,
  params: z.number().positive().optional(),
  source: z.string().min(1).max(2_000),
});

export const HubResultSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("ok"), model: HubModelSchema }),
  z.object({ kind: z.literal("error"), error: HubError }),
]);

/**
 * A stored result, or why it is not one (bad JSON, a field missing or out of range). Returning the parsed data as
 * lookup.ts's `HubResult` makes the compiler check that the schema yields that type; the tests' round trip checks
 * that it keeps every field.
 */
export function readHubResult(json: string): { ok: true; result: HubResult } | { ok: false; problem: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    return { ok: false, problem: `not JSON: ${(err as Error).message}` };
  }
  const parsed = HubResultSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, problem: `${issue?.path.join(".") || "result"}: ${issue?.message ?? "invalid"}` };
  }
  return { ok: true, result: parsed.data };
}
