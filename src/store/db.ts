import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import { migrationProvider } from "./migrations/index.js";
import type { Database } from "./schema.js";
import type { StoreTarget } from "./url.js";

/** SQLite waits this long for another writer (a second process on the same file) before giving up. */
const SQLITE_BUSY_MS = 5_000;
/**
 * PostgreSQL: a connection that cannot be made within 3 s fails (the answer goes on without the fleet), and no
 * statement runs longer than 5 s; a replica holds at most 10 connections (PostgreSQL's default max is 100).
 */
const PG_CONNECT_MS = 3_000;
const PG_STATEMENT_MS = 5_000;
const PG_POOL_MAX = 10;

export interface Db {
  engine: StoreTarget["engine"];
  kysely: Kysely<Database>;
  /** Applies the migrations the database lacks (once; after a failure, the next call tries again). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** A connection lost outside any query (the server restarted, a network cut): reported, never a crash. */
export type ConnectionError = (err: Error) => void;

function dialectOf(target: StoreTarget, onError: ConnectionError) {
  if (target.engine === "sqlite") {
    // Opened on first use, like a PostgreSQL pool: an app that never touches the team's data makes no file.
    return new SqliteDialect({
      database: async () => {
        mkdirSync(dirname(target.path), { recursive: true });
        const file = new SQLite(target.path);
        // WAL: readers never wait for the writer; the app's writes are rare and small.
        file.pragma("journal_mode = WAL");
        file.pragma(`busy_timeout = ${SQLITE_BUSY_MS}`);
        return file;
      },
    });
  }
  const pool = new pg.Pool({
    connectionString: target.url,
    max: PG_POOL_MAX,
    connectionTimeoutMillis: PG_CONNECT_MS,
    statement_timeout: PG_STATEMENT_MS,
  });
  // A connection the server drops (a restart, a failover) is an error event on the pool when it is idle, and on the
  // client itself otherwise: both are listened to, so neither crashes the process; the next query reconnects.
  pool.on("error", onError);
  pool.on("connect", (client) => client.on("error", onError));
  return new PostgresDialect({ pool });
}

/** Opens the database lazily (nothing is contacted or created until the first query); `ready()` migrates it. */
export function openDb(target: StoreTarget, onError: ConnectionError = () => undefined): Db {
  const kysely = new Kysely<Database>({ dialect: dialectOf(target, onError) });
  let migrated: Promise<void> | undefined;
  const migrate = async (): Promise<void> => {
    const { error, results } = await new Migrator({ db: kysely, provider: migrationProvider }).migrateToLatest();
    if (error) {
      const failed = results?.find((r) => r.status === "Error")?.migrationName;
      throw new Error(`database migration ${failed ?? ""} failed: ${(error as Error).message ?? String(error)}`);
    }
  };
  return {
    engine: target.engine,
    kysely,
    ready: () => {
      migrated ??= migrate().catch((err: unknown) => {
        migrated = undefined; // the next call tries again: a database that comes back needs no restart
        throw err;
      });
      return migrated;
    },
    close: () => kysely.destroy(),
  };
}
