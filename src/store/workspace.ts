import type { Db } from "./db.js";

/**
 * Every table holding a workspace's data, by its `team_id` column. A new table keyed by workspace belongs here:
 * test/store/workspace.test.ts fails while the database has a `team_id` table this list lacks.
 */
export const WORKSPACE_TABLES = [
  "fleet_groups",
  "fleet_changes",
  "settings",
  "installations",
  "pending_requests",
] as const;
export type WorkspaceTable = (typeof WORKSPACE_TABLES)[number];

/** Rows deleted, per table. */
export type Forgotten = Record<WorkspaceTable, number>;

/**
 * Delete everything the app keeps for a workspace (its installation, GPUs, their history, its settings) in one
 * transaction: after an uninstall nothing of it is left, and a failure leaves everything as it was. Deleting a
 * workspace that has nothing is a no-op, so a repeated event is harmless.
 */
export async function forgetWorkspace(db: Db, teamId: string): Promise<Forgotten> {
  await db.ready();
  return db.kysely.transaction().execute(async (tx) => {
    const deleted = {} as Forgotten;
    for (const table of WORKSPACE_TABLES) {
      const r = await tx.deleteFrom(table).where("team_id", "=", teamId).executeTakeFirst();
      deleted[table] = Number(r.numDeletedRows);
    }
    return deleted;
  });
}
