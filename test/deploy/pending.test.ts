import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { BOT_USER, eventBody, SIGNING_SECRET, signature } from "../support/slack.js";

/** Slack's Web API on loopback (the child processes cannot be reached by nock): rate-limiting every post, or not. */
async function slackStandIn() {
  const state = { limit: true, attempts: 0, posts: [] as Record<string, unknown>[] };
  const server: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString()));
    req.on("end", () => {
      const json = (status: number, o: unknown, headers: Record<string, string> = {}) =>
        res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(o));
      if (req.url?.startsWith("/api/auth.test")) return json(200, { ok: true, user_id: BOT_USER, bot_id: "B0BOT" });
      if (req.url?.startsWith("/api/chat.postMessage")) {
        state.attempts++;
        if (state.limit) return json(429, { ok: false, error: "ratelimited" }, { "retry-after": "20" });
        const body = Object.fromEntries(new URLSearchParams(raw));
        state.posts.push(body);
        return json(200, {
          ok: true,
          channel: body.channel,
          ts: `1700000500.${String(state.posts.length).padStart(6, "0")}`,
        });
      }
      json(404, { ok: false, error: "unknown_method" });
      return undefined;
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    state,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const children: ChildProcessWithoutNullStreams[] = [];
const dataDir = mkdtempSync(join(tmpdir(), "vram-pending-"));
afterAll(() => {
  for (const c of children) c.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

/** `npm start` (node dist/main.js) on the shared database: resolves once it is ready, with its port. */
async function start(apiUrl: string) {
  const child = spawn(process.execPath, ["dist/main.js"], {
    env: {
      PATH: process.env.PATH ?? "",
      SLACK_BOT_TOKEN: "xoxb-pending-test",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: `${apiUrl}/api/`,
      DATABASE_URL: `file:${join(dataDir, "app.db")}`,
      PORT: "0",
      SHUTDOWN_GRACE_MS: "1000",
      LOG_LEVEL: "info",
    },
  });
  children.push(child);
  const out = { text: "" };
  child.stdout.on("data", (c: Buffer) => (out.text += c.toString()));
  child.stderr.on("data", (c: Buffer) => (out.text += c.toString()));
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  await vi.waitFor(() => expect(out.text).toMatch(/HTTP on :\d+/), { timeout: 10_000, interval: 20 });
  const port = Number(/HTTP on :(\d+)/.exec(out.text)![1]);
  return { child, out, exited, port };
}

async function mention(port: number, n: number): Promise<number> {
  const body = eventBody(
    {
      type: "app_mention",
      user: `U0ASKER${n}`,
      text: `<@${BOT_USER}> 7B lora gpu=4090`,
      ts: `1700000400.00000${n}`,
      channel: "C0CHAN",
    },
    `EvPENDING${n}`,
  );
  const ts = Math.floor(Date.now() / 1000);
  const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-slack-request-timestamp": String(ts),
      "x-slack-signature": signature(body, ts),
    },
    body,
  });
  return res.status;
}

describe("nothing acknowledged is lost", () => {
  it("answers, after a SIGTERM that could not finish and a restart, every mention acknowledged, exactly once", async () => {
    const slack = await slackStandIn();
    try {
      const a = await start(slack.url);
      // Five mentions acknowledged while Slack rate-limits every post (Retry-After 20 s: each waits it out).
      for (let n = 1; n <= 5; n++) expect(await mention(a.port, n)).toBe(200);
      await vi.waitFor(() => expect(slack.state.attempts).toBe(5), { timeout: 10_000 });
      a.child.kill("SIGTERM");
      expect(await a.exited).toBe(1);
      // Each one it could not answer is named in the log: its reference, who asked, where.
      const lost = a.out.text.split("\n").filter((l) => l.includes("not answered before shutdown"));
      expect(lost).toHaveLength(5);
      for (let n = 1; n <= 5; n++)
        expect(lost.some((l) => l.includes(`"user":"U0ASKER${n}"`) && l.includes('"channel":"C0CHAN"'))).toBe(true);
      expect(slack.state.posts).toHaveLength(0);

      // Slack lets posts through again; the next start answers all five, each once, in its own thread.
      slack.state.limit = false;
      const b = await start(slack.url);
      await vi.waitFor(() => expect(slack.state.posts).toHaveLength(5), { timeout: 15_000 });
      b.child.kill("SIGTERM");
      expect(await b.exited).toBe(0);
      expect(slack.state.posts).toHaveLength(5);
      expect(new Set(slack.state.posts.map((p) => p.thread_ts))).toEqual(
        new Set([1, 2, 3, 4, 5].map((n) => `1700000400.00000${n}`)),
      );
      expect(
        b.out.text.split("\n").filter((l) => l.includes("answering a request another process acknowledged")),
      ).toHaveLength(5);
    } finally {
      await slack.close();
    }
  }, 60_000);
});
