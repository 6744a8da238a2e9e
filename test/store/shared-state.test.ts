import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { FOUND_TTL_MS, HubCache, type SharedLevel } from "../../src/models/hub/cache.js";
import { mapConfig } from "../../src/models/hub/config/index.js";
import type { HubResult } from "../../src/models/hub/lookup.js";
import { CorruptRowError, type Db, HubConfigStore, openDb, SeenEventStore } from "../../src/store/index.js";
import { PRUNE_EVERY_MS } from "../../src/store/seen-events.js";
import { engines, type TestDb } from "../support/stores.js";

const WINDOW_MS = 10 * 60_000;
/** Now: a claim from the real clock (another test's store pruning in the background) never removes these. */
const T0 = Date.now();
const LLAMA = JSON.parse(readFileSync(new URL("../fixtures/hub/llama.json", import.meta.url), "utf8")) as unknown;

/** A result as lookupHub makes it, from Llama 3.1 8B's published config. */
function found(id: string): HubResult {
  const mapped = mapConfig(LLAMA);
  if (mapped.kind !== "ok") throw new Error(mapped.kind);
  return {
    kind: "ok",
    model: {
      id,
      sha: "feedface00",
      arch: mapped.arch,
      params: 8_030_261_248,
      source: `https://hub.test/${id}/blob/feedface00/config.json`,
    },
  };
}
const missing: HubResult = { kind: "error", error: { kind: "not-found", suggestions: ["acme/real-8b"] } };
const timeout: HubResult = { kind: "error", error: { kind: "timeout", afterMs: 3000 } };

/** A second handle on the same database, as another replica would open it. */
function reopen(engine: "sqlite" | "postgres", url: string): Db {
  return openDb(engine === "sqlite" ? { engine: "sqlite", path: url.slice("file:".length) } : { engine, url });
}

const noPruneErrors = (err: unknown) => {
  throw err;
};

for (const engine of engines()) {
  describe.skipIf(engine.missing !== undefined)(`the replicas' shared state on ${engine.name}`, () => {
    let t: TestDb;
    let other: Db;
    beforeAll(async () => {
      t = await engine.open();
      other = reopen(engine.name, t.url);
      await t.db.ready();
      await other.ready();
    });
    afterAll(async () => {
      await other.close();
      await t.drop();
    });

    it("claims an event id once: a second claim of it, from anywhere, is refused", async () => {
      const a = new SeenEventStore(t.db, { windowMs: WINDOW_MS, onPruneError: noPruneErrors });
      const b = new SeenEventStore(other, { windowMs: WINDOW_MS, onPruneError: noPruneErrors });
      expect(await a.claim("EvONCE0001")).toBe(true);
      expect(await a.claim("EvONCE0001")).toBe(false);
      expect(await b.claim("EvONCE0001")).toBe(false);
      expect(await b.claim("EvONCE0002")).toBe(true);
    });

    it("gives each of many ids claimed at once by two handles to exactly one of them", async () => {
      const a = new SeenEventStore(t.db, { windowMs: WINDOW_MS, onPruneError: noPruneErrors });
      const b = new SeenEventStore(other, { windowMs: WINDOW_MS, onPruneError: noPruneErrors });
      const ids = Array.from({ length: 25 }, (_, i) => `EvRACE${String(i).padStart(4, "0")}`);
      const results = await Promise.all(ids.flatMap((id) => [a.claim(id), b.claim(id)]));
      for (let i = 0; i < ids.length; i++) {
        expect([results[2 * i], results[2 * i + 1]].filter(Boolean)).toHaveLength(1);
      }
    });

    it("prunes claims older than the window and keeps the newer ones", async () => {
      let now = T0;
      const store = new SeenEventStore(t.db, { windowMs: WINDOW_MS, onPruneError: noPruneErrors, now: () => now });
      expect(await store.claim("EvPRUNEOLD")).toBe(true);
      now = T0 + WINDOW_MS + 60_000;
      expect(await store.claim("EvPRUNENEW")).toBe(true);
      await store.prune(now - WINDOW_MS); // (the claim just made may have pruned already: at most once a minute)
      const left = await t.db.kysely
        .selectFrom("seen_events")
        .select("event_id")
        .where("event_id", "in", ["EvPRUNEOLD", "EvPRUNENEW"])
        .execute();
      expect(left.map((r) => r.event_id)).toEqual(["EvPRUNENEW"]);
      // The old id is gone, so it could be claimed again; the new one is still held.
      expect(await store.claim("EvPRUNEOLD")).toBe(true);
      expect(await store.claim("EvPRUNENEW")).toBe(false);
    });

    it("prunes by itself at most once a minute per process, after a claim", async () => {
      let now = T0;
      const store = new SeenEventStore(t.db, { windowMs: WINDOW_MS, onPruneError: noPruneErrors, now: () => now });
      const prune = vi.spyOn(store, "prune");
      await store.claim("EvAUTO0001");
      now += PRUNE_EVERY_MS / 2;
      await store.claim("EvAUTO0002");
      now += PRUNE_EVERY_MS;
      await store.claim("EvAUTO0003");
      expect(prune.mock.calls).toEqual([[T0 - WINDOW_MS], [now - WINDOW_MS]]);
      await Promise.all(prune.mock.results.map((r) => r.value));
    });

    it("keeps a Hub result until it expires, whole, and replaces it when written again", async () => {
      let now = T0;
      const store = new HubConfigStore(t.db, { now: () => now });
      const result = found("Acme/Custom-8B");
      await store.put("acme/custom-8b", result, T0 + FOUND_TTL_MS);
      const read = await new HubConfigStore(other, { now: () => now }).get("acme/custom-8b");
      expect(read).toEqual({ result, expiresAt: T0 + FOUND_TTL_MS });
      await store.put("acme/custom-8b", missing, T0 + 1000);
      expect((await store.get("acme/custom-8b"))?.result).toEqual(missing);
      now = T0 + 1000;
      expect(await store.get("acme/custom-8b")).toBeUndefined();
      expect(await store.get("acme/never-asked")).toBeUndefined();
      expect(await store.prune(now)).toBe(1);
    });

    it("refuses a corrupt row (not JSON, or not a HubResult) with the reason, never half-using it", async () => {
      const store = new HubConfigStore(t.db, { now: () => T0 });
      const expires_at = new Date(T0 + FOUND_TTL_MS).toISOString();
      await t.db.kysely
        .insertInto("hub_configs")
        .values([
          { repo_key: "acme/not-json", result: "{not json", expires_at },
          { repo_key: "acme/half", result: JSON.stringify({ kind: "ok", model: { id: "acme/half" } }), expires_at },
        ])
        .execute();
      await expect(store.get("acme/not-json")).rejects.toThrow(CorruptRowError);
      await expect(store.get("acme/half")).rejects.toThrow(/hub_configs row acme\/half: model\.arch/);
    });

    it("serves a HubCache's memory miss from the shared store, written by another replica's cache", async () => {
      const errors: string[] = [];
      const level = (db: Db): SharedLevel => ({
        store: new HubConfigStore(db),
        onError: (err, op) => errors.push(`${op}: ${String(err)}`),
      });
      let fetches = 0;
      const hub = async (id: string): Promise<HubResult> => {
        fetches++;
        return id.endsWith("slow") ? timeout : found(id);
      };
      const a = new HubCache(hub, Date.now, level(t.db));
      const b = new HubCache(hub, Date.now, level(other));
      expect((await a.lookup("acme/shared-8b")).kind).toBe("ok");
      // The write does not hold the answer: wait for it to land, as replica B would find it later.
      await vi.waitFor(async () => expect(await new HubConfigStore(other).get("acme/shared-8b")).toBeDefined());
      expect(b.peek("acme/shared-8b")).toBeUndefined(); // peek stays memory-only (the acknowledgement's path)
      expect(await b.lookup("ACME/Shared-8B")).toEqual(found("acme/shared-8b"));
      expect(b.peek("acme/shared-8b")).toBeDefined();
      expect(fetches).toBe(1);
      // A timeout is not an answer: never stored, asked again by the next lookup, anywhere.
      await a.lookup("acme/slow");
      await b.lookup("acme/slow");
      expect(fetches).toBe(3);
      expect(await new HubConfigStore(t.db).get("acme/slow")).toBeUndefined();
      expect(errors).toEqual([]);
    });

    it("asks the Hub over a corrupt shared row, says why, and replaces the row with the answer", async () => {
      const errors: unknown[] = [];
      const expires_at = new Date(Date.now() + FOUND_TTL_MS).toISOString();
      await t.db.kysely
        .insertInto("hub_configs")
        .values({ repo_key: "acme/garbled", result: "[]", expires_at })
        .execute();
      const cache = new HubCache(async (id) => found(id), Date.now, {
        store: new HubConfigStore(t.db),
        onError: (err) => errors.push(err),
      });
      expect((await cache.lookup("acme/garbled")).kind).toBe("ok");
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(CorruptRowError);
      await vi.waitFor(async () =>
        expect((await new HubConfigStore(other).get("acme/garbled"))?.result).toEqual(found("acme/garbled")),
      );
    });
  });
}

describe("the shared state with the database down", () => {
  // Nothing listens on port 1 of loopback: every connection is refused at once.
  const down = openDb({ engine: "postgres", url: "postgres://vram@127.0.0.1:1/vram" });
  afterAll(async () => {
    await down.close();
  });

  it("fails a claim (the caller answers the event anyway) instead of hanging or crashing", async () => {
    const store = new SeenEventStore(down, { windowMs: WINDOW_MS, onPruneError: noPruneErrors });
    await expect(store.claim("EvDOWN0001")).rejects.toThrow();
  });

  it("looks a repository up on the Hub as if there were no shared store, and reports both failures", async () => {
    const failed: string[] = [];
    let fetches = 0;
    const cache = new HubCache(
      async (id) => {
        fetches++;
        return found(id);
      },
      Date.now,
      { store: new HubConfigStore(down), onError: (_err, op) => failed.push(op) },
    );
    expect((await cache.lookup("acme/while-down")).kind).toBe("ok");
    await vi.waitFor(() => expect(failed).toEqual(["get", "put"]));
    // Remembered in memory all the same.
    expect(await cache.lookup("acme/while-down")).toEqual(found("acme/while-down"));
    expect(fetches).toBe(1);
  });
});
