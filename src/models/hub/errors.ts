import { z } from "zod";

/** Why a Hub lookup gave no architecture, as data (render/ writes the sentence). */
export const HubError = z.discriminatedUnion("kind", [
  /** 401/403: gated or private; `withToken` says whether HF_TOKEN was sent. */
  z.object({ kind: z.literal("gated"), withToken: z.boolean() }),
  z.object({ kind: z.literal("not-found"), suggestions: z.array(z.string()) }),
  z.object({ kind: z.literal("rate-limited"), retryAfterS: z.number().nonnegative().optional() }),
  /** No answer within the budget. */
  z.object({ kind: z.literal("timeout"), afterMs: z.int().positive() }),
  /** The network or the Hub failed (DNS, connection, 5xx). */
  z.object({ kind: z.literal("unreachable"), status: z.int().optional() }),
  /** A response larger than any config.json or model card should be. */
  z.object({ kind: z.literal("too-large"), limitBytes: z.int().positive() }),
  z.object({ kind: z.literal("malformed"), problem: z.string() }),
  z.object({ kind: z.literal("unsupported"), modelType: z.string(), needs: z.string() }),
  /** The repository exists but has no config.json (GGUF files, a LoRA adapter alone). */
  z.object({ kind: z.literal("no-config") }),
  /** HF_TOKEN was refused (401 with a token that is not a gate). */
  z.object({ kind: z.literal("bad-token") }),
  /** No lookup was made: `--offline`, or no Hub configured. */
  z.object({ kind: z.literal("offline") }),
]);
export type HubError = z.infer<typeof HubError>;

/** Errors worth remembering for a while: the answer will be the same on the next try. */
export function lasting(e: HubError): boolean {
  return ["not-found", "malformed", "unsupported", "gated", "no-config"].includes(e.kind);
}

/**
 * Failures of the moment (the Hub slow, down, busy, or not asked), after which answering from what the name says
 * is right; the others are answers about the repository itself (it does not exist, is not a transformer, …).
 */
export function transient(e: HubError): boolean {
  return ["timeout", "unreachable", "rate-limited", "offline", "too-large", "gated"].includes(e.kind);
}
