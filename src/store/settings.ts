import { type AppliedSetting, SETTING_FIELDS, type SettingField, type SettingScope } from "../parse/setting-fields.js";
import type { Db } from "./db.js";
import { SettingRow } from "./schema.js";

/** The workspace's own defaults are stored under this user id (no Slack user id is empty). */
export const WORKSPACE = "";

/** A workspace's defaults, all of them (the workspace's and each person's): a few rows, read in one query. */
export type TeamSettings = readonly SettingRow[];

const ownerOf = (scope: SettingScope, userId: string): string => (scope === "workspace" ? WORKSPACE : userId);

/**
 * Defaults that shape answers. Every method takes the workspace id first and every query filters on it: one
 * workspace never reads or changes another's. A command's values are written in one transaction: all or none.
 */
export class SettingsStore {
  constructor(private readonly db: Db) {}

  async list(teamId: string): Promise<SettingRow[]> {
    await this.db.ready();
    const rows = await this.db.kysely
      .selectFrom("settings")
      .selectAll()
      .where("team_id", "=", teamId)
      .orderBy("user_id")
      .orderBy("field")
      .execute();
    return rows.map((r) => SettingRow.parse(r));
  }

  /** Sets each value (replacing the one there), all in one transaction. */
  async set(
    teamId: string,
    scope: SettingScope,
    userId: string,
    values: readonly { field: SettingField; value: string }[],
    now = new Date(),
  ): Promise<SettingRow[]> {
    await this.db.ready();
    const at = now.toISOString();
    const rows = values.map((v) =>
      SettingRow.parse({
        team_id: teamId,
        user_id: ownerOf(scope, userId),
        field: v.field,
        value: v.value,
        updated_by: userId,
        updated_at: at,
      }),
    );
    await this.db.kysely.transaction().execute(async (tx) => {
      for (const row of rows) {
        await tx
          .insertInto("settings")
          .values(row)
          .onConflict((oc) =>
            oc
              .columns(["team_id", "user_id", "field"])
              .doUpdateSet({ value: row.value, updated_by: row.updated_by, updated_at: row.updated_at }),
          )
          .execute();
      }
    });
    return rows;
  }

  /** Forgets these defaults; returns the fields that were set. */
  async unset(
    teamId: string,
    scope: SettingScope,
    userId: string,
    fields: readonly SettingField[],
  ): Promise<SettingField[]> {
    await this.db.ready();
    const owner = ownerOf(scope, userId);
    return this.db.kysely.transaction().execute(async (tx) => {
      const had = await tx
        .selectFrom("settings")
        .select("field")
        .where("team_id", "=", teamId)
        .where("user_id", "=", owner)
        .where("field", "in", [...fields])
        .execute();
      if (had.length === 0) return [];
      await tx
        .deleteFrom("settings")
        .where("team_id", "=", teamId)
        .where("user_id", "=", owner)
        .where("field", "in", [...fields])
        .execute();
      return fields.filter((f) => had.some((h) => h.field === f));
    });
  }
}

/** The defaults one person's answers start from: their own, else the workspace's, one per field. */
export function defaultsFor(settings: TeamSettings, userId: string | undefined): AppliedSetting[] {
  const out = new Map<SettingField, AppliedSetting>();
  for (const r of settings) {
    if (r.user_id === WORKSPACE && !out.has(r.field))
      out.set(r.field, { field: r.field, value: r.value, scope: "workspace" });
  }
  for (const r of settings) {
    if (userId !== undefined && r.user_id === userId)
      out.set(r.field, { field: r.field, value: r.value, scope: "personal" });
  }
  // In the fields' own order, whoever set them: the same defaults always read the same way.
  return SETTING_FIELDS.flatMap((f) => out.get(f) ?? []);
}
