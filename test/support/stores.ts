import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { type Db, openDb } from "../../src/store/index.js";

export interface TestDb {
  db: Db;
  url: string;
  /** Closes it and removes what it made (the SQLite file, the PostgreSQL database). */
  drop(): Promise<void>;
}

/** A fresh, empty SQLite file in a temporary directory. */
export function sqliteDb(): TestDb {
  const dir = mkdtempSync(join(tmpdir(), "vram-sqlite-"));
  const path = join(dir, "test.db");
  const db = openDb({ engine: "sqlite", path });
  return {
    db,
    url: `file:${path}`,
    drop: async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh, empty database on the test PostgreSQL server (see postgres.ts). */
export async function postgresDb(): Promise<TestDb> {
  const server = inject("postgresUrl");
  const name = `t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = server.replace(/\/[^/]*$/, `/${name}`);
  const db = openDb({ engine: "postgres", url });
  return {
    db,
    url,
    drop: async () => {
      await db.close();
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * The engines a storage test runs on. PostgreSQL missing is a failure in CI (CI=true) and a reported skip on a
 * developer's machine (its reason is printed), never a silent pass.
 */
export function engines(): { name: "sqlite" | "postgres"; open: () => Promise<TestDb>; missing?: string }[] {
  const missing = inject("postgresMissing");
  if (missing && process.env.CI) throw new Error(`storage tests need PostgreSQL in CI: ${missing}`);
  if (missing) process.stderr.write(`\n⚠ PostgreSQL storage tests skipped: ${missing}\n`);
  return [
    { name: "sqlite", open: async () => sqliteDb() },
    { name: "postgres", open: postgresDb, ...(missing ? { missing } : {}) },
  ];
}
