import type { Db } from "./db.js";
import { PendingRow } from "./schema.js";

/** What is recorded of a request acknowledged before its work is done. */
export type NewPending = Pick<PendingRow, "id" | "kind" | "team_id" | "user_id" | "channel" | "content_type" | "body">;

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Requests acknowledged before they are answered. Recorded before the acknowledgement, deleted once answered;
 * what is left belongs to a process that died or stopped mid-way, and is taken over (leased) by exactly one other
 * (the lease is one conditional UPDATE: of two replicas, one changes the row, the other sees no row changed).
 */
export class PendingStore {
  constructor(private readonly db: Db) {}

  /** Record a request about to be acknowledged, owned by this process (a second record of the same id is ignored). */
  async record(p: NewPending, owner: string, now = Date.now()): Promise<void> {
    const row = PendingRow.parse({ ...p, received_at: iso(now), owner, lease_until: null, attempts: 0 });
    await this.db.ready();
    await this.db.kysely
      .insertInto("pending_requests")
      .values(row)
      .onConflict((oc) => oc.column("id").doNothing())
      .execute();
  }

  /** Answered (or settled for good): forgotten. */
  async done(id: string): Promise<void> {
    await this.db.ready();
    await this.db.kysely.deleteFrom("pending_requests").where("id", "=", id).execute();
  }

  /**
   * Requests to take over: given up by their owner (a shutdown that could not finish), or older than `staleBefore`
   * with no live lease (their owner died). Oldest first.
   */
  async due(now: number, staleBefore: number, limit: number): Promise<PendingRow[]> {
    await this.db.ready();
    const rows = await this.db.kysely
      .selectFrom("pending_requests")
      .selectAll()
      .where((eb) =>
        eb.and([
          eb.or([eb("lease_until", "is", null), eb("lease_until", "<", iso(now))]),
          eb.or([eb("owner", "is", null), eb("received_at", "<", iso(staleBefore))]),
        ]),
      )
      .orderBy("received_at")
      .orderBy("id")
      .limit(limit)
      .execute();
    return rows.map((r) => PendingRow.parse(r));
  }

  /** Take one over until `until`: true for the one process whose update changed the row. */
  async lease(row: PendingRow, owner: string, now: number, until: number): Promise<boolean> {
    await this.db.ready();
    const r = await this.db.kysely
      .updateTable("pending_requests")
      .set({ owner, lease_until: iso(until), attempts: row.attempts + 1 })
      .where("id", "=", row.id)
      .where("attempts", "=", row.attempts)
      .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<", iso(now))]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Not answered yet, to be tried again by anyone after `until` (Slack asked to wait). */
  async defer(id: string, until: number): Promise<void> {
    await this.db.ready();
    await this.db.kysely
      .updateTable("pending_requests")
      .set({ owner: null, lease_until: iso(until) })
      .where("id", "=", id)
      .execute();
  }

  /** This process's requests still not answered (at shutdown). */
  async ownedBy(owner: string): Promise<PendingRow[]> {
    await this.db.ready();
    const rows = await this.db.kysely.selectFrom("pending_requests").selectAll().where("owner", "=", owner).execute();
    return rows.map((r) => PendingRow.parse(r));
  }

  /** Give them up: anyone may take them at once (the next start, another replica). */
  async release(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.ready();
    await this.db.kysely
      .updateTable("pending_requests")
      .set({ owner: null, lease_until: null })
      .where("id", "in", [...ids])
      .execute();
  }
}
