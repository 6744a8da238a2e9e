import { createConnection, createServer, type Server, type Socket } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { FleetStore, openDb } from "../../src/store/index.js";
import { engines, postgresDb, type TestDb } from "../support/stores.js";

/** A TCP hop between the app and PostgreSQL that can be cut and restored: the database "down" and "back". */
class Hop {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  constructor(
    private readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}
  up(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = createConnection(this.target);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("error", () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    return new Promise((r) => this.server!.listen(this.port, "127.0.0.1", () => r()));
  }
  down(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

const freePort = (): Promise<number> =>
  new Promise((r) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => r(p));
    });
  });

const pg = engines().find((e) => e.name === "postgres")!;

describe.skipIf(pg.missing !== undefined)("PostgreSQL down, then back", () => {
  let t: TestDb | undefined;
  afterAll(async () => {
    await t?.drop();
  });

  it("fails each call promptly while the database is unreachable, and works again when it is back, without a restart", async () => {
    t = await postgresDb();
    const real = new URL(t.url);
    const port = await freePort();
    const hop = new Hop(port, { host: real.hostname, port: Number(real.port) });
    const via = new URL(t.url);
    via.port = String(port);
    const db = openDb({ engine: "postgres", url: via.toString() });
    const fleet = new FleetStore(db);
    try {
      // Down from the start: the migration cannot run, and says so.
      await expect(fleet.list("T0ACME")).rejects.toThrow();
      await hop.up();
      expect((await fleet.add("T0ACME", { name: "orion", gpuId: "a100-40gb", count: 8 }, "U0ADA")).kind).toBe("added");
      // Down again mid-life: pooled connections are cut, calls fail, nothing is half-written.
      await hop.down();
      await expect(fleet.add("T0ACME", { name: "lyra", gpuId: "rtx-4090", count: 2 }, "U0ADA")).rejects.toThrow();
      await hop.up();
      expect((await fleet.list("T0ACME")).map((g) => g.name)).toEqual(["orion"]);
      expect((await fleet.add("T0ACME", { name: "lyra", gpuId: "rtx-4090", count: 2 }, "U0ADA")).kind).toBe("added");
    } finally {
      await db.close();
      await hop.down();
    }
  });
});
