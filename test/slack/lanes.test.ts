import nock from "nock";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { notSent } from "../../src/slack/lanes.js";
import { BOT_USER, slackEvent, slashCommand, startApp, type Harness } from "../support/slack.js";

describe("what may be posted again", () => {
  const failed = (code: string) => ({ original: Object.assign(new TypeError("fetch failed"), { cause: { code } }) });
  it("tries again only when the connection was never made", () => {
    expect(notSent(failed("ECONNREFUSED"))).toBe(true);
    expect(notSent(failed("ENOTFOUND"))).toBe(true);
    expect(notSent(failed("ECONNRESET"))).toBe(false);
    expect(notSent(failed("UND_ERR_HEADERS_TIMEOUT"))).toBe(false);
    expect(notSent(new Error("anything else"))).toBe(false);
  });
});

describe("one limited method never holds up another", () => {
  let h: Harness;
  beforeAll(async () => {
    // Slack's own retry policy, as in production: a 429 is waited out (Retry-After), never given up at once.
    h = await startApp({ clientOptions: { retryConfig: { retries: 3, factor: 1, minTimeout: 5, maxTimeout: 10 } } });
  });
  afterAll(async () => {
    nock.cleanAll();
    await h.close();
  });

  it("opens the form at once while a thread's post waits out a 5-second 429, then posts that answer once", async () => {
    const at: Record<string, number> = {};
    const t0 = performance.now();
    let posts = 0;
    nock("https://slack.com")
      .post("/api/chat.postMessage")
      .reply(() => {
        posts++;
        return [429, { ok: false, error: "ratelimited" }, { "Retry-After": "5" }];
      });
    nock("https://slack.com")
      .post("/api/chat.postMessage", (b: Record<string, unknown>) => b.channel === "C0CHAN")
      .reply(() => {
        posts++;
        at.posted = performance.now() - t0;
        return [200, { ok: true, channel: "C0CHAN", ts: "1700000009.000001" }];
      });
    nock("https://slack.com")
      .post("/api/views.open")
      .reply(() => {
        at.opened = performance.now() - t0;
        return [200, { ok: true }];
      });
    nock("https://slack.com")
      .post("/api/views.publish")
      .reply(() => {
        at.published = performance.now() - t0;
        return [200, { ok: true }];
      });
    nock("https://slack.com")
      .post("/api/chat.postMessage", (b: Record<string, unknown>) => b.channel === "C0OTHER")
      .reply(() => {
        at.other = performance.now() - t0;
        return [200, { ok: true, channel: "C0OTHER", ts: "1700000009.000002" }];
      });
    await slackEvent(h, {
      type: "app_mention",
      user: "U0USER",
      text: `<@${BOT_USER}> 7B lora gpu=4090`,
      ts: "1700000009.000100",
      channel: "C0CHAN",
    });
    // The post is now waiting out its Retry-After; everything else goes ahead.
    await vi.waitFor(() => expect(posts).toBe(1));
    await slashCommand(h, "");
    await slackEvent(h, { type: "app_home_opened", user: "U0USER", channel: "D0DM", tab: "home", event_ts: "9.1" });
    await slackEvent(h, {
      type: "app_mention",
      user: "U0USER",
      text: `<@${BOT_USER}> 7B qlora gpu=4090`,
      ts: "1700000009.000200",
      channel: "C0OTHER",
    });
    await vi.waitFor(() => expect([at.opened, at.published, at.other].every((x) => x !== undefined)).toBe(true), {
      timeout: 3000,
    });
    // A trigger_id lives 3 s; the form opened within one, as did Home and the other channel's reply.
    expect(at.opened).toBeLessThan(1000);
    expect(at.published).toBeLessThan(1000);
    expect(at.other).toBeLessThan(1000);
    await vi.waitFor(() => expect(at.posted).toBeGreaterThan(4900), { timeout: 8000 });
    expect(posts).toBe(2);
  }, 15_000);

  it("keeps a post that never answers on its own lane: the form and Home go at once", async () => {
    const at: Record<string, number> = {};
    const t0 = performance.now();
    // This channel's post hangs (the 10 s deadline ends it); nothing else waits for it.
    nock("https://slack.com")
      .post("/api/chat.postMessage", (b: Record<string, unknown>) => b.channel === "C0HANG")
      .delay(8_000)
      .reply(200, { ok: true, channel: "C0HANG", ts: "1.1" });
    nock("https://slack.com")
      .post("/api/views.open")
      .reply(() => {
        at.opened = performance.now() - t0;
        return [200, { ok: true }];
      });
    nock("https://slack.com")
      .post("/api/views.publish")
      .reply(() => {
        at.published = performance.now() - t0;
        return [200, { ok: true }];
      });
    await slackEvent(h, {
      type: "app_mention",
      user: "U0USER",
      text: `<@${BOT_USER}> 7B lora gpu=4090`,
      ts: "1700000010.000100",
      channel: "C0HANG",
    });
    await slashCommand(h, "");
    await slackEvent(h, { type: "app_home_opened", user: "U0USER", channel: "D0DM", tab: "home", event_ts: "10.1" });
    await vi.waitFor(() => expect(at.opened !== undefined && at.published !== undefined).toBe(true), { timeout: 3000 });
    expect(at.opened).toBeLessThan(1000);
    expect(at.published).toBeLessThan(1000);
    nock.abortPendingRequests();
  });
});
