import type { SharedHubStore } from "../models/hub/cache.js";
import type { HubResult } from "../models/hub/lookup.js";
import { readHubResult } from "../models/hub/result.js";
import type { Db } from "./db.js";
import { within } from "./deadline.js";
import { HubConfigRow } from "./schema.js";

/**
 * A read of the shared cache is one primary-key lookup. It stands between a question and a Hub request whose own
 * budget is 3 s (LOOKUP_BUDGET_MS): past 1 s, asking the Hub is as quick as waiting for the database.
 */
export const READ_BUDGET_MS = 1_000;
/**
 * Expired rows are deleted at most hourly per process, after a write: a row is replaced when its repository is
 * fetched again anyway, so the delete only keeps the table from growing with repositories nobody asks about again.
 */
export const PRUNE_EVERY_MS = 60 * 60_000;

/** A stored row that is not a HubResult (another version wrote it, or a hand edit): treated as a miss. */
export class CorruptRowError extends Error {
  override readonly name = "CorruptRowError";
}

export interface HubConfigOptions {
  /** A prune that failed (the next one tries again). */
  onPruneError?: (err: unknown) => void;
  now?: () => number;
}

/**
 * Hub lookups shared by every replica on one database, with the expiry the in-process cache gave them: a
 * repository read by one replica is answered by the others without asking the Hub again. Keys are lower-cased
 * `org/name` (the caller's, HubCache's).
 */
export class HubConfigStore implements SharedHubStore {
  private lastPrune = Number.NEGATIVE_INFINITY;
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    private readonly opts: HubConfigOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
  }

  /** The result stored for `key`, if it has not expired; a CorruptRowError when the row is not one. */
  get(key: string): Promise<{ result: HubResult; expiresAt: number } | undefined> {
    return within(this.read(key, this.now()), READ_BUDGET_MS, "reading the shared Hub cache");
  }

  /** Stores (or replaces) the result for `key` until `expiresAt` (ms since the epoch). */
  async put(key: string, result: HubResult, expiresAt: number): Promise<void> {
    const row = HubConfigRow.parse({
      repo_key: key,
      result: JSON.stringify(result),
      expires_at: new Date(expiresAt).toISOString(),
    });
    await this.db.ready();
    await this.db.kysely
      .insertInto("hub_configs")
      .values(row)
      .onConflict((oc) =>
        oc.column("repo_key").doUpdateSet((eb) => ({
          result: eb.ref("excluded.result"),
          expires_at: eb.ref("excluded.expires_at"),
        })),
      )
      .execute();
    this.pruneNowAndThen(this.now());
  }

  /** Deletes the rows expired at `now`; the number deleted. */
  async prune(now: number): Promise<number> {
    await this.db.ready();
    const r = await this.db.kysely
      .deleteFrom("hub_configs")
      .where("expires_at", "<=", new Date(now).toISOString())
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  private async read(key: string, now: number): Promise<{ result: HubResult; expiresAt: number } | undefined> {
    await this.db.ready();
    const found = await this.db.kysely
      .selectFrom("hub_configs")
      .selectAll()
      .where("repo_key", "=", key)
      .where("expires_at", ">", new Date(now).toISOString())
      .executeTakeFirst();
    if (!found) return undefined;
    const row = HubConfigRow.safeParse(found);
    if (!row.success) throw new CorruptRowError(`hub_configs row ${key}: ${row.error.issues[0]?.message ?? "invalid"}`);
    const read = readHubResult(row.data.result);
    if (!read.ok) throw new CorruptRowError(`hub_configs row ${key}: ${read.problem}`);
    return { result: read.result, expiresAt: Date.parse(row.data.expires_at) };
  }

  private pruneNowAndThen(now: number): void {
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    this.prune(now).catch(this.opts.onPruneError ?? (() => undefined));
  }
}
