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
    await this.db.ready();
    const at = now.toISOString();
    const row = FleetRow.parse({
      team_id: teamId,
      name: group.name,
      name_key: keyOf(group.name),
      gpu_id: group.gpuId,
      count: group.count,
      created_by: userId,
      created_at: at,
    });
    try {
      return await this.db.kysely.transaction().execute(async (tx) => {
        const existing = await tx
          .selectFrom("fleet_groups")
          .selectAll()
          .where("team_id", "=", teamId)
          .where("name_key", "=", row.name_key)
          .executeTakeFirst();
        if (existing) return { kind: "taken", existing: FleetRow.parse(existing) } as const;
        await tx.insertInto("fleet_groups").values(row).execute();
        await tx
          .insertInto("fleet_changes")
          .values(changeOf("add", row, userId, at))
          .execute();
        return { kind: "added", group: row } as const;
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // Another replica added the same name between our read and our write.
      const [existing] = (await this.list(teamId)).filter((g) => g.name_key === row.name_key);
      if (!existing) throw err;
      return { kind: "taken", existing };
    }
  }

  async remove(teamId: string, name: string, userId: string, now = new Date()): Promise<RemoveResult> {
    await this.db.ready();
    const at = now.toISOString();
    return this.db.kysely.transaction().execute(async (tx) => {
      const found = await tx
        .selectFrom("fleet_groups")
        .selectAll()
        .where("team_id", "=", teamId)
        .where("name_key", "=", keyOf(name))
        .executeTakeFirst();
      if (!found) return { kind: "missing" } as const;
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
      return { kind: "removed", group } as const;
    });
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
