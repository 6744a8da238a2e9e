import { randomUUID } from "node:crypto";
import type { Db } from "./db.js";
import { FleetChangeRow, FleetRow } from "./schema.js";

export type AddResult = { kind: "added"; group: FleetRow } | { kind: "taken"; existing: FleetRow };
export type RemoveResult = { kind: "removed"; group: FleetRow } | { kind: "missing" };

/** What a fleet group is made of, as a command gives it. */
export interface NewGroup {
  name: string;
  gpuId: string;
  count: number;
}

const keyOf = (name: string): string => name.toLowerCase();

/** SQLite's and PostgreSQL's words for a primary-key clash (two replicas adding the same name at once). */
function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown };
  return e.code === "23505" || e.code === "SQLITE_CONSTRAINT_PRIMARYKEY" || e.code === "SQLITE_CONSTRAINT_UNIQUE";
}

/**
 * A workspace's GPUs. Every method takes the workspace id first and every query filters on it: one workspace never
 * reads or changes another's. Each change is written with its log row in one transaction.
 */
export class FleetStore {
  constructor(private readonly db: Db) {}

  async list(teamId: string): Promise<FleetRow[]> {
    await this.db.ready();
    const rows = await this.db.kysely
      .selectFrom("fleet_groups")
      .selectAll()
      .where("team_id", "=", teamId)
      .orderBy("name_key")
      .execute();
    return rows.map((r) => FleetRow.parse(r));
  }

  async add(teamId: string, group: NewGroup, userId: string, now = new Date()): Promise<AddResult> {
    const r = await this.edit(teamId, { add: group, remove: [] }, userId, now);
    return r.kind === "taken" ? r : { kind: "added", group: r.added! };
  }

  async remove(teamId: string, name: string, userId: string, now = new Date()): Promise<RemoveResult> {
    const r = await this.edit(teamId, { remove: [name] }, userId, now);
    const group = r.kind === "saved" ? r.removed[0] : undefined;
    return group ? { kind: "removed", group } : { kind: "missing" };
  }

  /**
   * The Home modal's save: removals, then an addition, in one transaction (all or nothing). Removing a name and
   * adding it again replaces the group; adding a name still taken changes nothing and says which group has it.
   */
  async edit(
    teamId: string,
    change: { add?: NewGroup | undefined; remove: readonly string[] },
    userId: string,
    now = new Date(),
  ): Promise<{ kind: "saved"; added?: FleetRow; removed: FleetRow[] } | { kind: "taken"; existing: FleetRow }> {
    await this.db.ready();
    const at = now.toISOString();
    try {
      return await this.db.kysely.transaction().execute(async (tx) => {
        const removed: FleetRow[] = [];
        for (const name of change.remove) {
          const found = await tx
            .selectFrom("fleet_groups")
            .selectAll()
            .where("team_id", "=", teamId)
            .where("name_key", "=", keyOf(name))
            .executeTakeFirst();
          if (!found) continue; // removed meanwhile (another tab, another replica): nothing to do
          const group = FleetRow.parse(found);
          await tx
            .deleteFrom("fleet_groups")
            .where("team_id", "=", teamId)
            .where("name_key", "=", group.name_key)
            .execute();
          await tx
            .insertInto("fleet_changes")
            .values(changeOf("remove", group, userId, at))
            .execute();
          removed.push(group);
        }
        if (!change.add) return { kind: "saved", removed } as const;
        const row = FleetRow.parse({
          team_id: teamId,
          name: change.add.name,
          name_key: keyOf(change.add.name),
          gpu_id: change.add.gpuId,
          count: change.add.count,
          created_by: userId,
          created_at: at,
        });
        const existing = await tx
          .selectFrom("fleet_groups")
          .selectAll()
          .where("team_id", "=", teamId)
          .where("name_key", "=", row.name_key)
          .executeTakeFirst();
        // Throwing rolls the removals back: a save is all or nothing.
        if (existing) throw new Taken(FleetRow.parse(existing));
        await tx.insertInto("fleet_groups").values(row).execute();
        await tx
          .insertInto("fleet_changes")
          .values(changeOf("add", row, userId, at))
          .execute();
        return { kind: "saved", added: row, removed } as const;
      });
    } catch (err) {
      if (err instanceof Taken) return { kind: "taken", existing: err.existing };
      if (!isUniqueViolation(err)) throw err;
      const [existing] = (await this.list(teamId)).filter((g) => g.name_key === keyOf(change.add?.name ?? ""));
      if (!existing) throw err;
      return { kind: "taken", existing };
    }
  }

  /** The latest changes, newest first. */
  async changes(teamId: string, limit = 10): Promise<FleetChangeRow[]> {
    await this.db.ready();
    const rows = await this.db.kysely
      .selectFrom("fleet_changes")
      .selectAll()
      .where("team_id", "=", teamId)
      .orderBy("at", "desc")
      .orderBy("id", "desc")
      .limit(limit)
      .execute();
    return rows.map((r) => FleetChangeRow.parse(r));
  }
}

/** A name already taken, thrown inside a transaction so that it rolls back. */
class Taken extends Error {
  constructor(readonly existing: FleetRow) {
    super(`fleet group ${existing.name} exists`);
  }
}

function changeOf(action: "add" | "remove", g: FleetRow, userId: string, at: string): FleetChangeRow {
  return FleetChangeRow.parse({
    id: randomUUID(),
    team_id: g.team_id,
    action,
    name: g.name,
    gpu_id: g.gpu_id,
    count: g.count,
    user_id: userId,
    at,
  });
}
