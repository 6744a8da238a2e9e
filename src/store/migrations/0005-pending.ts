import type { Kysely } from "kysely";

/**
 * Requests acknowledged before their work is done (mentions, DMs, button updates, shares), kept until they are
 * answered, so that a process that dies or is stopped mid-way leaves them to the next one or another replica.
 * The body is Slack's request as received (at most 256 kB, the app's body limit), replayed through the same app.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("pending_requests")
    .addColumn("id", "varchar(64)", (c) => c.primaryKey())
    .addColumn("kind", "varchar(40)", (c) => c.notNull())
    .addColumn("team_id", "varchar(32)", (c) => c.notNull())
    .addColumn("user_id", "varchar(32)")
    .addColumn("channel", "varchar(32)")
    .addColumn("content_type", "varchar(80)", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("received_at", "varchar(32)", (c) => c.notNull())
    // The process working on it; null once it gave it up (a shutdown that could not finish): anyone may take it.
    .addColumn("owner", "varchar(40)")
    .addColumn("lease_until", "varchar(32)")
    .addColumn("attempts", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("pending_requests_received").on("pending_requests").column("received_at").execute();
}

// biome-ignore lint/suspicious/noExplicitAny: as above.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("pending_requests").execute();
}
