import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { FleetStore, openDb } from "../../src/store/index.js";
import { MIGRATIONS } from "../../src/store/migrations/index.js";
import { engines, type TestDb } from "../support/stores.js";

for (const engine of engines()) {
  describe.skipIf(engine.missing !== undefined)(`the fleet store on ${engine.name}`, () => {
    let t: TestDb;
    let fleet: FleetStore;
    beforeAll(async () => {
      t = await engine.open();
      fleet = new FleetStore(t.db);
    });
    afterAll(async () => {
      await t.drop();
    });

    it("creates its schema on first use, with every migration recorded", async () => {
      await t.db.ready();
      const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(t.db.kysely);
      expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(MIGRATIONS));
      // A second open of the same database finds nothing to do.
      const again = openDb(
        engine.name === "sqlite" ? { engine: "sqlite", path: t.url.slice(5) } : { engine: "postgres", url: t.url },
      );
      await again.ready();
      await again.close();
    });

    it("adds named groups, lists them by name, and refuses a name already taken whatever its case", async () => {
      const at = new Date("2026-12-01T10:00:00Z");
      const later = new Date("2026-12-01T10:00:01Z");
      expect((await fleet.add("T0ACME", { name: "orion", gpuId: "a100-40gb", count: 8 }, "U0ADA", at)).kind).toBe(
        "added",
      );
      expect((await fleet.add("T0ACME", { name: "Lyra", gpuId: "rtx-4090", count: 2 }, "U0BOB", later)).kind).toBe(
        "added",
      );
      const taken = await fleet.add("T0ACME", { name: "ORION", gpuId: "h100-sxm", count: 1 }, "U0BOB", at);
      expect(taken).toMatchObject({ kind: "taken", existing: { name: "orion", gpu_id: "a100-40gb", count: 8 } });
      expect((await fleet.list("T0ACME")).map((g) => [g.name, g.gpu_id, g.count, g.created_by])).toEqual([
        ["Lyra", "rtx-4090", 2, "U0BOB"],
        ["orion", "a100-40gb", 8, "U0ADA"],
      ]);
    });

    it("keeps one workspace's fleet from another's: same names, separate groups, no reads or removals across", async () => {
      expect((await fleet.add("T0OTHER", { name: "orion", gpuId: "h100-sxm", count: 4 }, "U0EVE")).kind).toBe("added");
      expect((await fleet.list("T0OTHER")).map((g) => g.gpu_id)).toEqual(["h100-sxm"]);
      expect((await fleet.remove("T0OTHER", "lyra", "U0EVE")).kind).toBe("missing");
      expect((await fleet.list("T0ACME")).map((g) => g.name)).toEqual(["Lyra", "orion"]);
      expect(await fleet.list("T0NOBODY")).toEqual([]);
    });

    it("removes a group by name in any case, and logs every change with who and when, newest first", async () => {
      const removed = await fleet.remove("T0ACME", "LYRA", "U0ADA", new Date("2026-12-01T11:00:00Z"));
      expect(removed).toMatchObject({ kind: "removed", group: { name: "Lyra" } });
      expect((await fleet.remove("T0ACME", "lyra", "U0ADA")).kind).toBe("missing");
      const changes = await fleet.changes("T0ACME");
      expect(changes.map((c) => [c.action, c.name, c.user_id])).toEqual([
        ["remove", "Lyra", "U0ADA"],
        ["add", "Lyra", "U0BOB"],
        ["add", "orion", "U0ADA"],
      ]);
      expect(changes[0]!.at).toBe("2026-12-01T11:00:00.000Z");
      expect(await fleet.changes("T0OTHER")).toHaveLength(1);
    });

    it("answers two replicas adding the same name at once with one group and one 'taken'", async () => {
      const other = new FleetStore(t.db);
      const results = await Promise.all([
        fleet.add("T0RACE", { name: "vega", gpuId: "a100-80gb", count: 8 }, "U0ADA"),
        other.add("T0RACE", { name: "Vega", gpuId: "h100-sxm", count: 8 }, "U0BOB"),
      ]);
      expect(results.map((r) => r.kind).sort()).toEqual(["added", "taken"]);
      expect(await fleet.list("T0RACE")).toHaveLength(1);
      expect(await fleet.changes("T0RACE")).toHaveLength(1);
    });

    it("writes nothing when a row is out of bounds (no half-written change)", async () => {
      await expect(fleet.add("T0ACME", { name: "big", gpuId: "h100-sxm", count: 100_001 }, "U0ADA")).rejects.toThrow();
      await expect(
        fleet.add("T0ACME", { name: "x".repeat(41), gpuId: "h100-sxm", count: 1 }, "U0ADA"),
      ).rejects.toThrow();
      expect((await fleet.list("T0ACME")).map((g) => g.name)).toEqual(["orion"]);
    });
  });
}
