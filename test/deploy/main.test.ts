import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { afterEach, describe, expect, it, vi } from "vitest";
import { commandBody, signature, SIGNING_SECRET } from "../support/slack.js";
import { stubSlack, type Stub } from "../support/stub-slack.js";

const children: ChildProcessWithoutNullStreams[] = [];
const stubs: Stub[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) c.kill("SIGKILL");
  for (const s of stubs.splice(0)) await s.close();
});

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ["dist/main.js"], { env: { PATH: process.env.PATH ?? "", ...env } });
  children.push(child);
  const out = { stdout: "", stderr: "" };
  child.stdout.on("data", (c: Buffer) => (out.stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (out.stderr += c.toString()));
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  return { child, out, exited };
}

describe("npm start (node dist/main.js)", () => {
  it("without Slack credentials says what to set, points to the vram command, and exits non-zero without a stack trace", () => {
    const r = spawnSync(process.execPath, ["dist/main.js"], {
      env: { PATH: process.env.PATH ?? "" },
      encoding: "utf8",
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("SLACK_BOT_TOKEN");
    expect(r.stderr).toContain("SLACK_SIGNING_SECRET");
    expect(r.stderr).toContain("npm run -s vram");
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it("exits non-zero, without a stack trace, when Slack refuses the token", async () => {
    const stub = await stubSlack(false);
    stubs.push(stub);
    const p = start({
      SLACK_BOT_TOKEN: "xoxb-bad-token",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      PORT: "0",
      SLACK_API_URL: `${stub.url}/api/`,
    });
    expect(await p.exited).toBe(1);
    expect(p.out.stdout).toContain("check SLACK_BOT_TOKEN");
    expect(p.out.stdout + p.out.stderr).not.toContain("xoxb-bad-token");
    expect(p.out.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it("serves /healthz once ready, answers a signed command, and on SIGTERM finishes it and exits 0", async () => {
    const stub = await stubSlack(true, 300);
    stubs.push(stub);
    const p = start({
      SLACK_BOT_TOKEN: "xoxb-good-token",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      PORT: "0",
      SLACK_API_URL: `${stub.url}/api/`,
      LOG_LEVEL: "info",
    });
    const port = await vi.waitFor(
      () => {
        const m = /"port":(\d+)/.exec(p.out.stdout);
        if (!m) throw new Error("not ready yet");
        return Number(m[1]);
      },
      { timeout: 10_000, interval: 50 },
    );
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);

    const post = (body: string) => {
      const ts = Math.floor(Date.now() / 1000);
      return fetch(`${base}/slack/events`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-slack-request-timestamp": String(ts),
          "x-slack-signature": signature(body, ts),
        },
        body,
      });
    };
    // A command is answered in its acknowledgement …
    const command = await post(commandBody("7B lora gpu=24gb"));
    expect(command.status).toBe(200);
    const answer = (await command.json()) as {
      blocks: { type: string; elements?: { action_id: string; value?: string }[] }[];
    };
    expect(JSON.stringify(answer)).toContain("LoRA");
    // … and a click on one of its buttons updates it through the response_url, after the acknowledgement.
    const button = answer.blocks.find((b) => b.type === "actions")!.elements![0]!;
    const click = await post(
      new URLSearchParams({
        payload: JSON.stringify({
          type: "block_actions",
          user: { id: "U0USER" },
          team: { id: "T0TEAM" },
          container: { type: "message", is_ephemeral: true },
          response_url: `${stub.url}/respond`,
          actions: [{ action_id: button.action_id, value: button.value, type: "button", block_id: "b" }],
        }),
      }).toString(),
    );
    expect(click.status).toBe(200);
    p.child.kill("SIGTERM"); // while the update is still on its way to the (slow) response_url
    expect(await p.exited).toBe(0);
    expect(stub.answers).toHaveLength(1);
    expect(JSON.stringify(stub.answers[0])).toContain("LoRA");
    expect(p.out.stdout).toContain("stopped cleanly");
    expect(p.out.stdout).toContain('"kind":"command:/vram"');
    expect(p.out.stdout).toContain('"kind":"action:vram_change"');
    expect(p.out.stdout + p.out.stderr).not.toContain("xoxb-good-token");
    expect(p.out.stdout + p.out.stderr).not.toContain(SIGNING_SECRET);
  });
});
