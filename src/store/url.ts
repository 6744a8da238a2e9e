import { isAbsolute, resolve } from "node:path";
import { z } from "zod";

/** Unset DATABASE_URL: an SQLite file here, created on first start (nothing to configure). */
export const DEFAULT_SQLITE_PATH = "./data/vram-advisor.db";

export type StoreTarget = { engine: "sqlite"; path: string } | { engine: "postgres"; url: string };

/**
 * DATABASE_URL → where the data lives: unset → `./data/vram-advisor.db`; `file:/path/to.db` (or `file:./rel.db`)
 * → SQLite there; `postgres://…` / `postgresql://…` → PostgreSQL (for several replicas).
 */
export const DatabaseUrl = z
  .string()
  .optional()
  .transform((url, ctx): StoreTarget => {
    if (url === undefined || url === "") return { engine: "sqlite", path: resolve(DEFAULT_SQLITE_PATH) };
    if (/^postgres(ql)?:\/\//i.test(url)) {
      try {
        new URL(url);
      } catch {
        ctx.addIssue({ code: "custom", message: "is not a valid postgres:// URL" });
        return z.NEVER;
      }
      return { engine: "postgres", url };
    }
    if (url.startsWith("file:")) {
      const raw = url.slice("file:".length).replace(/^\/\/(?=\/)/, "");
      if (raw === "" || raw.includes("\0")) {
        ctx.addIssue({ code: "custom", message: "needs a path after file:, e.g. file:./data/vram-advisor.db" });
        return z.NEVER;
      }
      return { engine: "sqlite", path: isAbsolute(raw) ? raw : resolve(raw) };
    }
    ctx.addIssue({
      code: "custom",
      message: "must be file:/path/to.db (SQLite) or postgres://user:password@host:5432/db (PostgreSQL)",
    });
    return z.NEVER;
  });

/** The URL without its password, for logs. */
export function describeTarget(t: StoreTarget): string {
  if (t.engine === "sqlite") return `SQLite at ${t.path}`;
  const u = new URL(t.url);
  return `PostgreSQL at ${u.hostname}:${u.port || 5432}${u.pathname}`;
}
