import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import { outcomeOf } from "./request-log.js";

/**
 * Event ids seen recently, in insertion order, bounded in size and age. Slack retries an event it thinks was not
 * acknowledged (X-Slack-Retry-Num 1–3, within about 5 minutes) and may deliver one twice: each id is handled once.
 * The memory is per process; several replicas need a shared store (see the README).
 */
export class SeenIds {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs = 10 * 60_000,
    private readonly max = 20_000,
  ) {}

  get size(): number {
    return this.seen.size;
  }

  /** True when `id` was already seen within the TTL; otherwise records it. */
  check(id: string, now = Date.now()): boolean {
    this.expire(now);
    const at = this.seen.get(id);
    if (at !== undefined && now - at < this.ttlMs) return true;
    this.seen.set(id, now);
    if (this.seen.size > this.max) this.seen.delete(this.seen.keys().next().value as string);
    return false;
  }

  private expire(now: number): void {
    for (const [id, at] of this.seen) {
      if (now - at < this.ttlMs) break;
      this.seen.delete(id);
    }
  }
}

/** Drops an Events API delivery whose event_id was already handled (it is still acknowledged, so Slack stops retrying). */
export function dedupeEvents(seen: SeenIds): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const id = (body as { event_id?: unknown }).event_id;
    if (typeof id === "string" && seen.check(id)) {
      outcomeOf(context).outcome = `duplicate${context.retryNum ? ` (retry ${context.retryNum})` : ""}`;
      return;
    }
    await next();
  };
}
