import type { Kysely } from "kysely";

/**
 * Defaults that shape answers: one row per (workspace, person, field). `user_id` is "" for the workspace's own
 * defaults, a Slack user id for a person's. A value is request-language text ("bf16", "4k", "rtx-4090"), read back
 * through the same parser as a typed word, so a setting means exactly what typing it would.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("settings")
    .addColumn("team_id", "varchar(32)", (c) => c.notNull())
    .addColumn("user_id", "varchar(32)", (c) => c.notNull())
    .addColumn("field", "varchar(16)", (c) => c.notNull())
    .addColumn("value", "varchar(80)", (c) => c.notNull())
    .addColumn("updated_by", "varchar(32)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
    .addPrimaryKeyConstraint("settings_pk", ["team_id", "user_id", "field"])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: as above.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("settings").execute();
}
