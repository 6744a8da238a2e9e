import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import type pino from "pino";
import { outcomeOf } from "./request-log.js";

/** Slack retries an event up to 3 times within about 5 minutes: ids are remembered for twice that. */
export const SEEN_WINDOW_MS = 10 * 60_000;

/**
 * Event ids seen recently, in insertion order, bounded in size and age. Slack retries an event it thinks was not
 * acknowledged (X-Slack-Retry-Num 1–3, within about 5 minutes) and may deliver one twice: each id is handled once.
 * The memory is per process: the first gate, with no I/O; the replicas' shared claims (EventClaims) are the second.
 */
export class SeenIds {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs = SEEN_WINDOW_MS,
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

  /** Forgets `id`, so that it may be seen again. */
  forget(id: string): void {
    this.seen.delete(id);
  }

  private expire(now: number): void {
    for (const [id, at] of this.seen) {
      if (now - at < this.ttlMs) break;
      this.seen.delete(id);
    }
  }
}

/** The replicas' shared record of the events being handled (src/store/seen-events.ts). */
export interface EventClaims {
  /** True when this replica is the one to handle the event; rejects when the database is down or slow. */
  claim(eventId: string): Promise<boolean>;
  /** Gives a claim back, when the work it was for did not happen. */
  release(eventId: string): Promise<void>;
}

export interface SharedClaims {
  claims: EventClaims;
  log: pino.Logger;
}

/**
 * Drops an Events API delivery whose event_id was already handled, here or (with `shared`) by another replica.
 * Bolt has acknowledged it already, so the database round trip never delays the acknowledgement: for every event
 * but function_executed, App.processEvent (@slack/bolt 5.1.0, dist/App.js) awaits `ack()` before the global
 * middleware runs, and HTTPReceiver with processBeforeResponse: false sends the 200 inside that ack (Socket Mode
 * acknowledges the envelope there too). A claim that fails is answered anyway: twice is better than never.
 */
export function dedupeEvents(seen: SeenIds, shared?: SharedClaims): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const id = (body as { event_id?: unknown }).event_id;
    // A replay of a request this app acknowledged but did not answer (pending.ts) was claimed by the first try.
    if (typeof id !== "string" || context.redelivered === true) return next();
    const retry = context.retryNum ? `retry ${context.retryNum}` : undefined;
    const o = outcomeOf(context);
    if (seen.check(id)) {
      o.outcome = `duplicate${retry ? ` (${retry})` : ""}`;
      return;
    }
    if (shared && !(await claimed(shared, id, o.reqId))) {
      o.outcome = `duplicate (${retry ? `${retry}, ` : ""}claimed in the database)`;
      return;
    }
    await next();
  };
}

async function claimed(shared: SharedClaims, eventId: string, reqId: string | undefined): Promise<boolean> {
  try {
    return await shared.claims.claim(eventId);
  } catch (err) {
    shared.log.warn({ err, reqId, eventId }, "could not claim the event in the database; answering it anyway");
    return true;
  }
}
