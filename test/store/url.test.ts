import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { DatabaseUrl, describeTarget } from "../../src/store/index.js";

describe("DATABASE_URL", () => {
  it("defaults to an SQLite file under ./data, created on first start", () => {
    expect(DatabaseUrl.parse(undefined)).toEqual({ engine: "sqlite", path: resolve("data/vram-advisor.db") });
    expect(DatabaseUrl.parse("")).toEqual({ engine: "sqlite", path: resolve("data/vram-advisor.db") });
  });

  it("reads file: paths, absolute or relative, as SQLite", () => {
    expect(DatabaseUrl.parse("file:/var/lib/vram/app.db")).toEqual({ engine: "sqlite", path: "/var/lib/vram/app.db" });
    expect(DatabaseUrl.parse("file:///var/lib/vram/app.db")).toEqual({
      engine: "sqlite",
      path: "/var/lib/vram/app.db",
    });
    expect(DatabaseUrl.parse("file:./state/x.db")).toEqual({ engine: "sqlite", path: resolve("state/x.db") });
  });

  it("reads postgres:// and postgresql:// as PostgreSQL, and never logs the password", () => {
    const t = DatabaseUrl.parse("postgresql://vram:s3cret@db.internal:6432/vram");
    expect(t).toEqual({ engine: "postgres", url: "postgresql://vram:s3cret@db.internal:6432/vram" });
    expect(describeTarget(t)).toBe("PostgreSQL at db.internal:6432/vram");
    expect(DatabaseUrl.parse("postgres://localhost/vram").engine).toBe("postgres");
  });

  it("says what it takes for anything else", () => {
    const r = DatabaseUrl.safeParse("mysql://localhost/vram");
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toContain("file:/path/to.db");
    expect(DatabaseUrl.safeParse("file:").error?.issues[0]?.message).toContain("needs a path");
  });
});
