import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import {
  CLIENT_ID,
  CLIENT_SECRET,
  install,
  STATE_SECRET,
  type SlackStandIn,
  slackStandIn,
  tokenKey,
  workspace,
} from "../support/oauth.js";
import { commandBody, SIGNING_SECRET, signature } from "../support/slack.js";

let stand: SlackStandIn | undefined;
const dataDir = mkdtempSync(join(tmpdir(), "vram-oauth-main-"));
afterAll(async () => {
  await stand?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("npm start in multi-workspace mode (node dist/main.js)", () => {
  it("serves the install flow, answers the installed workspace with its token, and logs no secret even at debug", async () => {
    const ws = workspace("m");
    stand = await slackStandIn([ws]);
    const key = tokenKey();
    const oldKey = tokenKey();
    const child = spawn(process.execPath, ["dist/main.js"], {
      env: {
        PATH: process.env.PATH ?? "",
        PORT: "0",
        LOG_LEVEL: "debug",
        DATABASE_URL: `file:${join(dataDir, "app.db")}`,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_CLIENT_ID: CLIENT_ID,
        SLACK_CLIENT_SECRET: CLIENT_SECRET,
        SLACK_STATE_SECRET: STATE_SECRET,
        TOKEN_ENCRYPTION_KEY: key,
        TOKEN_ENCRYPTION_KEYS_OLD: oldKey,
        SLACK_API_URL: `${stand.url}/api/`,
      },
    });
    const out = { text: "" };
    child.stdout.on("data", (c: Buffer) => (out.text += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out.text += c.toString()));
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    try {
      const port = await vi.waitFor(
        () => {
          const m = /"port":(\d+).*installs at GET \/slack\/install/.exec(out.text);
          if (!m) throw new Error("not ready yet");
          return Number(m[1]);
        },
        { timeout: 10_000, interval: 50 },
      );
      const base = `http://127.0.0.1:${port}`;
      const done = await install({ url: base }, ws);
      expect(done.status).toBe(200);
      const body = commandBody("", { team_id: ws.id, response_url: `${stand.url}/respond/m` });
      const ts = Math.floor(Date.now() / 1000);
      const res = await fetch(`${base}/slack/events`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-slack-request-timestamp": String(ts),
          "x-slack-signature": signature(body, ts),
        },
        body,
      });
      expect(res.status).toBe(200);
      await vi.waitFor(() => expect(stand?.api("views.open")).toHaveLength(1), { timeout: 5_000, interval: 20 });
      expect(stand.api("views.open")[0]?.token).toBe(ws.token);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(out.text).toContain('"kind":"command:/vram"');
      for (const secret of [ws.token, CLIENT_SECRET, STATE_SECRET, SIGNING_SECRET, key, oldKey]) {
        expect(out.text).not.toContain(secret);
      }
    } finally {
      child.kill("SIGKILL");
    }
  });
});
