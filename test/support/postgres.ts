import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** A PostgreSQL server for the storage tests (postgres://…/postgres), or "" when there is none. */
    postgresUrl: string;
    /** Why there is none. */
    postgresMissing: string;
  }
}

/** initdb and pg_ctl: on the PATH, or in Debian's versioned directory (the newest). */
function pgBin(): string | undefined {
  const onPath = spawnSync("sh", ["-c", "command -v initdb"], { encoding: "utf8" }).stdout.trim();
  if (onPath) return join(onPath, "..");
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  const bin = versions.map((v) => join(root, v, "bin")).find((d) => existsSync(join(d, "initdb")));
  return bin;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

/** PostgreSQL refuses to run as root: as root, the cluster runs as the `postgres` user (else `nobody`). */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const user of ["postgres", "nobody"]) {
    const r = spawnSync("id", [user], { encoding: "utf8" });
    const uid = /uid=(\d+)/.exec(r.stdout)?.[1];
    const gid = /gid=(\d+)/.exec(r.stdout)?.[1];
    if (uid && gid) return { uid: Number(uid), gid: Number(gid) };
  }
  return undefined;
}

/**
 * vitest globalSetup: the storage tests run against a real PostgreSQL. TEST_DATABASE_URL names one; otherwise a
 * throwaway cluster is made with initdb in a temporary directory, started on 127.0.0.1 on a free port, and removed
 * at the end. Without PostgreSQL installed the tests say so (and fail in CI).
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) {
    project.provide("postgresUrl", given);
    project.provide("postgresMissing", "");
    return () => undefined;
  }
  const bin = pgBin();
  if (!bin) {
    project.provide("postgresUrl", "");
    project.provide("postgresMissing", "PostgreSQL is not installed (apt-get install -y postgresql)");
    return () => undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), "vram-pg-"));
  const data = join(dir, "data");
  const user = runAs();
  if (user) chownSync(dir, user.uid, user.gid);
  const as = user ? { uid: user.uid, gid: user.gid } : {};
  const port = await freePort();
  const run = (cmd: string, args: string[]) =>
    execFileSync(join(bin, cmd), args, { ...as, cwd: dir, stdio: "pipe", env: { ...process.env, LC_ALL: "C" } });
  run("initdb", ["-D", data, "-U", "vram", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"]);
  run("pg_ctl", [
    "-D",
    data,
    "-l",
    join(dir, "server.log"),
    "-w",
    "-o",
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
    "start",
  ]);
  project.provide("postgresUrl", `postgres://vram@127.0.0.1:${port}/postgres`);
  project.provide("postgresMissing", "");
  return () => {
    try {
      run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
