import type { Db } from "./db.js";
import { within } from "./deadline.js";
import { SeenEventRow } from "./schema.js";

/**
 * A claim is one indexed insert: a millisecond or so on a healthy database (the first one of a process also
 * migrates). Past 2 s the database is in trouble, and the person waiting for the answer should not pay for it.
 */
export const CLAIM_BUDGET_MS = 2_000;
/** Old claims are deleted at most this often per process: one cheap indexed delete a minute, off the answer's path. */
export const PRUNE_EVERY_MS = 60_000;

export interface SeenEventOptions {
  /** How long a claim is kept: as long as the in-process memory of seen ids (Slack retries within ~5 minutes). */
  windowMs: number;
  /** A prune that failed (the next one tries again). */
  onPruneError: (err: unknown) => void;
  now?: () => number;
}

/**
 * Events API deliveries claimed in the shared database: of several replicas given the same event_id (Slack's
 * retries, duplicate deliveries, a load balancer spreading them), exactly one claims it, by one atomic statement
 * (INSERT … ON CONFLICT DO NOTHING: the row is inserted by one of them and by no other, on both engines).
 */
export class SeenEventStore {
  private lastPrune = Number.NEGATIVE_INFINITY;
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    private readonly opts: SeenEventOptions,
  ) {
    this.now = opts.now ?? Date.now;
  }

  /** True when this call claimed `eventId` (handle it); false when another replica, or an earlier call, had. */
  claim(eventId: string): Promise<boolean> {
    return within(this.insert(eventId), CLAIM_BUDGET_MS, "claiming an event");
  }

  /** Gives a claim back (the work it was for did not happen: a share Slack refused), so it can be done again. */
  async release(eventId: string): Promise<void> {
    await this.db.ready();
    await this.db.kysely.deleteFrom("seen_events").where("event_id", "=", eventId).execute();
  }

  /** Deletes the claims made before `before` (ms since the epoch); the number deleted. */
  async prune(before: number): Promise<number> {
    await this.db.ready();
    const r = await this.db.kysely
      .deleteFrom("seen_events")
      .where("seen_at", "<", new Date(before).toISOString())
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  private async insert(eventId: string): Promise<boolean> {
    const now = this.now();
    const row = SeenEventRow.parse({ event_id: eventId, seen_at: new Date(now).toISOString() });
    await this.db.ready();
    const r = await this.db.kysely
      .insertInto("seen_events")
      .values(row)
      .onConflict((oc) => oc.column("event_id").doNothing())
      .executeTakeFirst();
    this.pruneNowAndThen(now);
    // better-sqlite3's `changes` and PostgreSQL's row count: 0 when the id was there already.
    return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
  }

  private pruneNowAndThen(now: number): void {
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    this.prune(now - this.opts.windowMs).catch(this.opts.onPruneError);
  }
}
