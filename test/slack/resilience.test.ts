import { RespondError } from "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Env } from "../../src/config.js";
import { ReplyCache } from "../../src/render/slack/reply-cache.js";
import { createSlackApp } from "../../src/slack/app.js";
import { createLogger, scrub } from "../../src/slack/logger.js";
import { networkError, retryable } from "../../src/slack/retry.js";
import { listen, stopAccepting } from "../../src/slack/server.js";
import { slashCommand, startApp, type Harness } from "../support/slack.js";

let h: Harness;
beforeAll(async () => {
  h = await startApp();
});
afterAll(async () => {
  await h.close();
});

describe("the HTTP server", () => {
  it("answers a stray request (a scanner's GET /, a POST elsewhere) with 404 and keeps serving", async () => {
    expect((await fetch(`${h.url}/`)).status).toBe(404);
    expect((await fetch(`${h.url}/wp-login.php`, { method: "POST", body: "x" })).status).toBe(404);
    expect((await fetch(`${h.url}/slack/events`)).status).toBe(404);
    expect((await slashCommand(h, "7B")).status).toBe(200);
  });

  it("answers Slack with 503, and /healthz with 503, until the app is ready", async () => {
    const config = Env.parse({ SLACK_BOT_TOKEN: "xoxb-1-2-x", SLACK_SIGNING_SECRET: "s".repeat(32) });
    const slack = createSlackApp({ config, log: createLogger({ level: "silent" }), botId: "B1", botUserId: "U1" });
    let ready = false;
    const { server, port } = await listen({
      port: 0,
      host: "127.0.0.1",
      slack: slack.http,
      ready: () => ready,
      inflight: slack.inflight,
    });
    try {
      expect((await fetch(`http://127.0.0.1:${port}/slack/events`, { method: "POST", body: "x" })).status).toBe(503);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(503);
      ready = true;
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      await stopAccepting(server);
    }
  });
});

describe("what is retried", () => {
  const fetchFailed = (code: string) =>
    Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error(code), { code }) });

  it("retries 429 always, 5xx and network failures only when repeating the post is harmless", () => {
    expect(retryable(new RespondError("x", 429))).toBe(true);
    expect(retryable(new RespondError("x", 503))).toBe(true);
    expect(retryable(fetchFailed("ECONNRESET"))).toBe(true);
    expect(retryable(new RespondError("x", 429), false)).toBe(true);
    expect(retryable(new RespondError("x", 503), false)).toBe(false);
    expect(retryable(fetchFailed("ECONNRESET"), false)).toBe(false);
  });

  it("never retries a 4xx or a bug in our own code", () => {
    expect(retryable(new RespondError("x", 404))).toBe(false);
    expect(retryable(new TypeError("Cannot add property 3, object is not extensible"))).toBe(false);
    expect(networkError(new Error("boom"))).toBe(false);
    expect(
      networkError(Object.assign(new Error("The operation was aborted due to timeout"), { name: "TimeoutError" })),
    ).toBe(true);
  });
});

describe("log scrubbing", () => {
  it("removes the legacy verification token, trigger ids and response_urls from raw payload text", () => {
    const raw =
      '{"token":"gIkuvaNzQIHg97ATvDxqgjtO","trigger_id":"1337.42.abcd","response_url":"https://hooks.slack.com/commands/T/1/x","text":"7B"}';
    const out = scrub(raw);
    expect(out).not.toContain("gIkuvaNzQIHg97ATvDxqgjtO");
    expect(out).not.toContain("1337.42.abcd");
    expect(out).not.toContain("hooks.slack.com");
    expect(out).toContain('"text":"7B"');
  });
});

describe("a failing estimate", () => {
  it("never leaves a command unanswered: the acknowledgement carries an apology with a reference from the logs", async () => {
    class Broken extends ReplyCache {
      override reply(): never {
        throw new Error("estimator exploded");
      }
    }
    const own = await startApp({ replies: new Broken() });
    try {
      const res = await slashCommand(own, "7B lora gpu=4090");
      expect(res.status).toBe(200);
      const text = JSON.stringify(JSON.parse(res.text));
      const ref = /reference `([0-9a-f]{8})`/.exec(text)?.[1];
      expect(ref).toBeDefined();
      expect(text).not.toContain("estimator exploded");
      expect(own.logs.some((l) => l.includes(`"ref":"${ref}"`) && l.includes("estimator exploded"))).toBe(true);
    } finally {
      await own.close();
    }
  });
});
