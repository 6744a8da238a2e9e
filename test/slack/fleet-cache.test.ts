import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createLogger } from "../../src/slack/logger.js";
import { FLEET_FRESH_MS, FleetCache } from "../../src/slack/fleet-cache.js";
import { FleetStore, openDb } from "../../src/store/index.js";
import { sqliteDb, type TestDb } from "../support/stores.js";

let t: TestDb;
let store: FleetStore;
beforeAll(async () => {
  t = sqliteDb();
  store = new FleetStore(t.db);
  await store.add("T0ACME", { name: "orion", gpuId: "a100-40gb", count: 8 }, "U0ADA");
});
afterAll(async () => {
  await t.drop();
});

const silent = createLogger({ level: "silent" });

describe("the fleet as answers read it", () => {
  it("reads a workspace once, then answers from memory while fresh", async () => {
    let now = 0;
    const cache = new FleetCache(store, silent, () => now);
    const list = vi.spyOn(store, "list");
    expect(cache.peek("T0ACME")).toBeUndefined();
    expect(await cache.get("T0ACME")).toEqual([{ name: "orion", gpuId: "a100-40gb", count: 8 }]);
    now = FLEET_FRESH_MS - 1;
    expect(cache.peek("T0ACME")).toHaveLength(1);
    expect(list).toHaveBeenCalledTimes(1);
    list.mockRestore();
  });

  it("sees another replica's change once the entry is stale: the stale one answers, the fresh one follows", async () => {
    let now = 0;
    const cache = new FleetCache(store, silent, () => now);
    await cache.get("T0ACME");
    await store.add("T0ACME", { name: "lyra", gpuId: "rtx-4090", count: 2 }, "U0BOB"); // "another replica"
    now = FLEET_FRESH_MS + 1;
    expect(cache.peek("T0ACME")).toHaveLength(1);
    await vi.waitFor(() => expect(cache.peek("T0ACME")).toHaveLength(2));
    await store.remove("T0ACME", "lyra", "U0BOB");
    cache.forget("T0ACME"); // a change made here is seen at once
    expect(await cache.get("T0ACME")).toHaveLength(1);
  });

  it("gives no fleet while the database fails, and the fleet again once it is back", async () => {
    let now = 0;
    const down = new FleetStore(openDb({ engine: "postgres", url: "postgres://vram@127.0.0.1:9/none" }));
    const cache = new FleetCache(down, silent, () => now);
    expect(await cache.get("T0ACME")).toEqual([]);
    const back = vi.spyOn(down, "list").mockImplementation((team) => store.list(team));
    now = FLEET_FRESH_MS + 1;
    cache.peek("T0ACME");
    await vi.waitFor(() => expect(cache.peek("T0ACME")).toHaveLength(1));
    back.mockRestore();
  });
});
