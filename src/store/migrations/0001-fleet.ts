import type { Kysely } from "kysely";

/**
 * The team's GPUs: named groups per workspace, and the log of changes to them.
 * Written with Kysely's schema builder only, so the same migration runs on SQLite and PostgreSQL.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("fleet_groups")
    .addColumn("team_id", "varchar(32)", (c) => c.notNull())
    .addColumn("name_key", "varchar(40)", (c) => c.notNull())
    .addColumn("name", "varchar(40)", (c) => c.notNull())
    .addColumn("gpu_id", "varchar(80)", (c) => c.notNull())
    .addColumn("count", "integer", (c) => c.notNull())
    .addColumn("created_by", "varchar(32)", (c) => c.notNull())
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addPrimaryKeyConstraint("fleet_groups_pk", ["team_id", "name_key"])
    .execute();
  await db.schema
    .createTable("fleet_changes")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("team_id", "varchar(32)", (c) => c.notNull())
    .addColumn("action", "varchar(16)", (c) => c.notNull())
    .addColumn("name", "varchar(40)", (c) => c.notNull())
    .addColumn("gpu_id", "varchar(80)", (c) => c.notNull())
    .addColumn("count", "integer", (c) => c.notNull())
    .addColumn("user_id", "varchar(32)", (c) => c.notNull())
    .addColumn("at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("fleet_changes_team_at").on("fleet_changes").columns(["team_id", "at"]).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: as above.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("fleet_changes").execute();
  await db.schema.dropTable("fleet_groups").execute();
}
