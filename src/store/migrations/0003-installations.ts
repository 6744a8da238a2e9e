import type { Kysely } from "kysely";

/**
 * Workspaces that installed the app through "Add to Slack" (multi-workspace mode): one row per workspace with its
 * bot's ids and scopes and its tokens, sealed (AES-256-GCM, see src/store/secrets.ts) under the key `key_id` names.
 * Tokens are text: a sealed value is longer than the token and its length is Slack's to choose.
 * Written with Kysely's schema builder only, so the same migration runs on SQLite and PostgreSQL.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("installations")
    .addColumn("team_id", "varchar(32)", (c) => c.primaryKey())
    .addColumn("enterprise_id", "varchar(32)")
    .addColumn("team_name", "varchar(255)")
    .addColumn("app_id", "varchar(32)")
    .addColumn("installer_id", "varchar(32)", (c) => c.notNull())
    .addColumn("bot_id", "varchar(32)", (c) => c.notNull())
    .addColumn("bot_user_id", "varchar(32)", (c) => c.notNull())
    .addColumn("bot_scopes", "text", (c) => c.notNull())
    .addColumn("bot_token", "text", (c) => c.notNull())
    .addColumn("bot_refresh_token", "text")
    .addColumn("bot_token_expires_at", "varchar(32)")
    .addColumn("user_scopes", "text")
    .addColumn("user_token", "text")
    .addColumn("user_refresh_token", "text")
    .addColumn("user_token_expires_at", "varchar(32)")
    .addColumn("key_id", "varchar(16)", (c) => c.notNull())
    .addColumn("installed_at", "varchar(32)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
    .execute();
  // The rotation sweep looks for rows under keys other than the current one.
  await db.schema.createIndex("installations_key_id").on("installations").column("key_id").execute();
}

// biome-ignore lint/suspicious/noExplicitAny: as above.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("installations").execute();
}
