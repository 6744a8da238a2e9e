import type { Kysely } from "kysely";

/**
 * What replicas behind one load balancer share so that they behave as one app: the Events API deliveries already
 * claimed (each event answered once, whichever replica Slack's retry lands on), and the Hugging Face Hub results
 * already fetched (a repository read by one replica is known to all).
 *
 * Times are ISO-8601 UTC text, as in every other table: `toISOString()` is always 24 characters, so text order is
 * time order on both engines and `<` works in SQL. Integer milliseconds would need `bigint` (past 2^31), which
 * node-postgres returns as a string and better-sqlite3 as a number: one more difference between the engines.
 * Written with Kysely's schema builder only, so the same migration runs on SQLite and PostgreSQL.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("seen_events")
    // Slack's event ids are about a dozen characters ("Ev08ABCD1234"); 64 leaves room without inviting abuse.
    .addColumn("event_id", "varchar(64)", (c) => c.primaryKey())
    .addColumn("seen_at", "varchar(32)", (c) => c.notNull())
    .execute();
  // Pruning deletes by age.
  await db.schema.createIndex("seen_events_seen_at").on("seen_events").column("seen_at").execute();
  await db.schema
    .createTable("hub_configs")
    // Lower-cased `org/name`: the Hub's ids are at most 96 + 1 + 96 characters (HUB_ID in src/estimator/request.ts).
    .addColumn("repo_key", "varchar(200)", (c) => c.primaryKey())
    // The HubResult as JSON (a few kB: an architecture, or an error with at most 5 suggestions).
    .addColumn("result", "text", (c) => c.notNull())
    .addColumn("expires_at", "varchar(32)", (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: as above.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("hub_configs").execute();
  await db.schema.dropTable("seen_events").execute();
}
