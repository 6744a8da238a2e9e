import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb } from "../../src/store/index.js";
import { PendingStore } from "../../src/store/pending.js";
import { engines, type TestDb } from "../support/stores.js";

const request = (id: string) => ({
  id,
  kind: "event:app_mention",
  team_id: "T0ACME",
  user_id: "U0ADA",
  channel: "C0CHAN",
  content_type: "application/json",
  body: JSON.stringify({ type: "event_callback", event_id: id }),
});

for (const engine of engines()) {
  describe.skipIf(engine.missing !== undefined)(`acknowledged requests on ${engine.name}`, () => {
    let t: TestDb;
    let store: PendingStore;
    beforeAll(async () => {
      t = await engine.open();
      store = new PendingStore(t.db);
    });
    afterAll(async () => {
      await t.drop();
    });

    it("keeps a request until it is answered, and records one id once", async () => {
      await store.record(request("e:Ev1"), "proc-a", 1_000);
      await store.record(request("e:Ev1"), "proc-a", 2_000);
      expect((await store.ownedBy("proc-a")).map((r) => r.id)).toEqual(["e:Ev1"]);
      await store.done("e:Ev1");
      expect(await store.ownedBy("proc-a")).toEqual([]);
    });

    it("offers another process what was given up at once, and what its owner left only once stale", async () => {
      const t0 = Date.parse("2026-12-02T10:00:00Z");
      await store.record(request("e:Ev2"), "proc-a", t0);
      await store.record(request("e:Ev3"), "proc-a", t0);
      expect(await store.due(t0 + 1_000, t0 - 60_000, 10)).toEqual([]);
      await store.release(["e:Ev2"]);
      expect((await store.due(t0 + 1_000, t0 - 60_000, 10)).map((r) => r.id)).toEqual(["e:Ev2"]);
      // Two minutes on, its owner silent: the other one too.
      expect((await store.due(t0 + 121_000, t0 + 1_000, 10)).map((r) => r.id)).toEqual(["e:Ev2", "e:Ev3"]);
    });

    it("lets exactly one of two processes lease a request, and no one while the lease lasts", async () => {
      const other = openDb(
        engine.name === "sqlite" ? { engine: "sqlite", path: t.url.slice(5) } : { engine: "postgres", url: t.url },
      );
      const b = new PendingStore(other);
      const now = Date.parse("2026-12-02T11:00:00Z");
      const [row] = (await store.due(now, now, 10)).filter((r) => r.id === "e:Ev2");
      const wins = await Promise.all([
        store.lease(row!, "proc-b", now, now + 60_000),
        b.lease(row!, "proc-c", now, now + 60_000),
      ]);
      expect(wins.filter(Boolean)).toHaveLength(1);
      expect((await store.due(now + 1_000, now + 1_000, 10)).some((r) => r.id === "e:Ev2")).toBe(false);
      // The lease ran out (its holder died too): offered again, with the attempt counted.
      const again = (await store.due(now + 61_000, now + 61_000, 10)).find((r) => r.id === "e:Ev2");
      expect(again?.attempts).toBe(1);
      await other.close();
    });
  });
}
