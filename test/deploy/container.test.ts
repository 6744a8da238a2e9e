import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { SIGNING_SECRET } from "../support/slack.js";
import { stubSlack } from "../support/stub-slack.js";

const dockerfile = readFileSync(new URL("../../Dockerfile", import.meta.url), "utf8");

/** A port free on loopback right now (the health check needs to know it in advance, as in the image). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function run(env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["scripts/container-smoke.mjs"], { env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("exit", (status) => resolve({ status, stdout, stderr }));
  });
}

describe("the Dockerfile", () => {
  it("is multi-stage on node:20-bookworm-slim, non-root, with a health check and an exec-form CMD", () => {
    // build (tsc), deps (production dependencies and the SQLite addon), runtime (neither compilers nor dev tools).
    expect(dockerfile.match(/^FROM node:20-bookworm-slim AS \w+$/gm)).toEqual([
      "FROM node:20-bookworm-slim AS build",
      "FROM node:20-bookworm-slim AS deps",
      "FROM node:20-bookworm-slim AS runtime",
    ]);
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev .*&& npm rebuild better-sqlite3/m);
    expect(dockerfile).toMatch(/^COPY --from=deps \/app\/node_modules/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\/healthz/m);
    expect(dockerfile).toMatch(/^CMD \["node", "dist\/main.js"\]$/m);
  });

  it("builds, installs production dependencies only, starts healthy and stops on SIGTERM (its own steps, run without Docker)", async () => {
    const stub = await stubSlack(true);
    try {
      const r = await run({
        SLACK_BOT_TOKEN: "xoxb-smoke-token",
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: `${stub.url}/api/`,
        SMOKE_PORT: String(await freePort()),
      });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      for (const step of [
        "RUN npm run build",
        "RUN npm ci --omit=dev",
        "production dependencies only",
        "chart:",
        "HEALTHCHECK passed",
        "chart route: a",
        "SIGTERM: exited 0",
      ])
        expect(r.stdout).toContain(step);
    } finally {
      await stub.close();
    }
  }, 180_000);
});
