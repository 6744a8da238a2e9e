import { request } from "node:http";
import nock from "nock";
import { replyTo } from "../../src/render/slack/reply.js";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  ACTION_URL,
  BOT_TOKEN,
  BOT_USER,
  clickButton,
  commandBody,
  decode,
  eventBody,
  RESPONSE_URL,
  responseUrl,
  send,
  SIGNING_SECRET,
  signature,
  slackEvent,
  slashCommand,
  startApp,
  visibleText,
  type Harness,
} from "../support/slack.js";

/** Slack's client retries as in production, with the waits shortened. */
const RETRY = { retries: 3, factor: 1, minTimeout: 5, maxTimeout: 10 };

let h: Harness;
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => void unhandled.push(e);
beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  h = await startApp({ clientOptions: { retryConfig: RETRY } });
});
afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await h.close();
});
afterEach(() => {
  expect(unhandled).toEqual([]);
});

const record = (into: Record<string, unknown>[]) => (_path: string, body: unknown) => {
  into.push(decode(body));
  return { ok: true, ts: "1700000000.1" };
};

/** One request on its own connection (a 413 closes the connection while the body is still being sent). */
function postAlone(url: string, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", headers, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end(body);
  });
}
const mention = (text: string, ts: string) => ({
  type: "app_mention",
  user: "U0USER",
  text: `<@${BOT_USER}> ${text}`,
  ts,
  channel: "C0CHAN",
});

describe("Slack Web API faults", () => {
  it("waits out a 429 with Retry-After and then posts the answer once", async () => {
    const posted: Record<string, unknown>[] = [];
    nock("https://slack.com")
      .post("/api/chat.postMessage")
      .reply(429, { ok: false, error: "ratelimited" }, { "Retry-After": "1" });
    nock("https://slack.com").post("/api/chat.postMessage").reply(200, record(posted));
    await slackEvent(h, mention("7B lora gpu=24gb", "1700000001.000100"));
    await vi.waitFor(() => expect(posted).toHaveLength(1), { timeout: 5000 });
    await new Promise((r) => setTimeout(r, 100));
    expect(posted).toHaveLength(1);
  });

  it.each([
    [
      "a 500 (the post may have landed)",
      () => nock("https://slack.com").post("/api/chat.postMessage").reply(500, "oops"),
    ],
    [
      "a connection reset after sending",
      () =>
        nock("https://slack.com")
          .post("/api/chat.postMessage")
          .replyWithError({ code: "ECONNRESET", message: "socket hang up" }),
    ],
  ])("never posts again after %s: one try, no apology, the loss logged with its reference", async (_what, fail) => {
    fail();
    const second = nock("https://slack.com").post("/api/chat.postMessage").reply(200, { ok: true, ts: "1.2" });
    const before = h.logs.length;
    await slackEvent(h, mention("7B lora gpu=4090", `1700000001.0${Math.floor(Math.random() * 1e5)}`));
    await vi.waitFor(() =>
      expect(h.logs.slice(before).some((l) => l.includes('"outcome":"delivery-unknown"'))).toBe(true),
    );
    const line = h.logs.slice(before).find((l) => l.includes("reply may not have been delivered"))!;
    expect(line).toContain('"channel":"C0CHAN"');
    expect(second.isDone()).toBe(false);
    nock.cleanAll();
  });

  it("retries views.publish and views.open through 5xx", async () => {
    const published: Record<string, unknown>[] = [];
    nock("https://slack.com").post("/api/views.publish").reply(500, "oops");
    nock("https://slack.com").post("/api/views.publish").reply(200, record(published));
    await slackEvent(h, { type: "app_home_opened", user: "U0USER", channel: "D0DM", tab: "home", event_ts: "1.1" });
    await vi.waitFor(() => expect(published).toHaveLength(1));

    const opened: Record<string, unknown>[] = [];
    nock("https://slack.com").post("/api/views.open").reply(502, "bad gateway");
    nock("https://slack.com").post("/api/views.open").reply(200, record(opened));
    await slashCommand(h, "");
    await vi.waitFor(() => expect(opened).toHaveLength(1));
  });

  it("gives up a post Slack keeps refusing without crashing, logging the request's reference", async () => {
    nock("https://slack.com")
      .post("/api/chat.postMessage")
      .times(4)
      .reply(200, { ok: false, error: "channel_not_found" });
    await slackEvent(h, mention("7B", "1700000001.000300"));
    await vi.waitFor(() =>
      expect(h.logs.some((l) => l.includes("could not tell the user about the failure"))).toBe(true),
    );
    const failure = JSON.parse(h.logs.find((l) => l.includes('"msg":"listener failed"'))!) as { ref: string };
    expect(failure.ref).toMatch(/^[0-9a-f]{8}$/);
    expect(h.logs.some((l) => l.includes(`"reqId":"${failure.ref}"`) && l.includes('"outcome":"internal-error"'))).toBe(
      true,
    );
    nock.cleanAll();
  });
});

/** A button of a real answer: clicking it re-runs the answer through the message's response_url. */
const button = (text: string) =>
  replyTo(text, { prefix: "/vram", shareable: true }).message.blocks.flatMap((bl) =>
    bl.type === "actions" ? bl.elements : [],
  )[0]!;
/** Every click of these tests posts under the one message's response_url (a unique suffix per click). */
const ACTION_PATH = (path: string): boolean => path.startsWith(new URL(ACTION_URL).pathname);

describe("response_url faults", () => {
  it("retries a 503 and a 429 and delivers the updated answer, not an apology", async () => {
    const answers: Record<string, unknown>[] = [];
    nock("https://hooks.slack.com")
      .post(ACTION_PATH)
      .reply(503)
      .post(ACTION_PATH)
      .reply(429)
      .post(ACTION_PATH)
      .reply(200, (_p, b) => {
        answers.push(b as Record<string, unknown>);
        return "ok";
      });
    await clickButton(h, button("7B lora gpu=24gb"));
    await vi.waitFor(() => expect(answers).toHaveLength(1));
    expect(visibleText(answers[0]!)).toContain("LoRA");
    expect(visibleText(answers[0]!)).not.toContain("Sorry");
  });

  it("does not retry an expired response_url (404) and logs it", async () => {
    const scope = nock("https://hooks.slack.com").post(ACTION_PATH).times(2).reply(404, "expired");
    await clickButton(h, button("7B lora gpu=24gb"));
    await vi.waitFor(() => expect(scope.isDone()).toBe(true));
    await vi.waitFor(() =>
      expect(h.logs.some((l) => l.includes("could not tell the user") && l.includes("404"))).toBe(true),
    );
  });
});

describe("Events API retries and duplicates", () => {
  it("answers an event once when Slack delivers it again with X-Slack-Retry-Num", async () => {
    const posted: Record<string, unknown>[] = [];
    nock("https://slack.com").post("/api/chat.postMessage").times(3).reply(200, record(posted));
    const body = eventBody(mention("7B lora", "1700000002.000100"), "EvDUPLICATE01");
    const first = await send(h, body, "application/json");
    const retry = await send(h, body, "application/json", {
      headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" },
    });
    const again = await send(h, body, "application/json", {
      headers: { "x-slack-retry-num": "2", "x-slack-retry-reason": "http_error" },
    });
    expect([first.status, retry.status, again.status]).toEqual([200, 200, 200]);
    await vi.waitFor(() => expect(posted).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 150));
    expect(posted).toHaveLength(1);
    expect(h.logs.filter((l) => l.includes('"outcome":"duplicate')).length).toBe(2);
  });
});

describe("acknowledge first, answer after", () => {
  it("acknowledges a button click before the updated answer is delivered", async () => {
    let release: (() => void) | undefined;
    const answers: unknown[] = [];
    nock("https://hooks.slack.com")
      .post(ACTION_PATH)
      .reply((_uri, body, cb) => {
        answers.push(body);
        release = () => cb(null, [200, "ok"]);
      });
    const ack = await clickButton(h, button("llama-3.1-8b qlora gpu=4090"));
    expect(ack.status).toBe(200);
    await vi.waitFor(() => expect(release).toBeDefined());
    release!();
    expect(answers).toHaveLength(1);
  });

  it("answers a command inside its acknowledgement: nothing waits on another call", async () => {
    const res = await slashCommand(h, "70b inference int4 ctx=32k gpu=2xh100 batch=4");
    expect(res.status).toBe(200);
    expect(visibleText(JSON.parse(res.text) as Record<string, unknown>)).toContain("2× H100 SXM");
  });
});

describe("hostile requests", () => {
  it("refuses a missing signature, a stale one and a body replayed under another request's signature, running nothing", async () => {
    const answers = responseUrl(200, 3);
    const ts = Math.floor(Date.now() / 1000);
    const original = commandBody("7B");
    const replayed = commandBody("70b full gpu=h100");
    const missing = await send(h, original, "application/x-www-form-urlencoded", { signature: null });
    const stale = await send(h, original, "application/x-www-form-urlencoded", {
      timestamp: ts - 301,
      signature: signature(original, ts - 301),
    });
    const swapped = await send(h, replayed, "application/x-www-form-urlencoded", {
      timestamp: ts,
      signature: signature(original, ts),
    });
    expect([missing.status, stale.status, swapped.status]).toEqual([401, 401, 401]);
    await new Promise((r) => setTimeout(r, 100));
    expect(answers).toHaveLength(0);
  });

  it("refuses an oversized body with 413", async () => {
    const huge = commandBody(`7B ${"x".repeat(400 * 1024)}`);
    const ts = Math.floor(Date.now() / 1000);
    const status = await postAlone(`${h.url}/slack/events`, huge, {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": String(ts),
      "x-slack-signature": signature(huge, ts),
    }).catch((err: NodeJS.ErrnoException) => {
      // Having answered 413, the server may close the connection while the upload is still going.
      if (err.code === "ECONNRESET" || err.code === "EPIPE") return 413;
      throw err;
    });
    expect(status).toBe(413);
  });

  it("keeps tokens and the signing secret out of the logs, also when things fail", async () => {
    nock("https://slack.com").post("/api/chat.postMessage").times(8).reply(500, `boom ${BOT_TOKEN}`);
    const before = h.logs.length;
    await slackEvent(h, mention("7B", "1700000003.000100"));
    await slashCommand(h, "7B fp17");
    // Wait for this event's own failure to be logged in full (the attempt, the apology's failure, the request line).
    await vi.waitFor(() =>
      expect(
        h.logs
          .slice(before)
          .some((l) => l.includes('"kind":"event:app_mention"') && l.includes('"outcome":"delivery-unknown"')),
      ).toBe(true),
    );
    expect(h.logs.slice(before).some((l) => l.includes("reply may not have been delivered"))).toBe(true);
    const all = h.logs.join("\n");
    expect(all).not.toContain(BOT_TOKEN);
    expect(all).not.toContain(SIGNING_SECRET);
    expect(all).not.toContain(RESPONSE_URL);
  });
});

describe("graceful shutdown under load", () => {
  it("stops accepting, finishes every request in flight, and drains", async () => {
    const own = await startApp();
    const releases: (() => void)[] = [];
    const answers: unknown[] = [];
    nock("https://hooks.slack.com")
      .post(ACTION_PATH)
      .times(5)
      .reply((_uri, body, cb) => {
        releases.push(() => {
          answers.push(body);
          cb(null, [200, "ok"]);
        });
      });
    const texts = [
      "7B lora gpu=4090",
      "13B lora gpu=a100",
      "70b inference int4 gpu=h100",
      "llama-3.1-8b qlora gpu=4090",
      "mistral 7b full gpu=h200",
    ];
    const acks = await Promise.all(texts.map((t) => clickButton(own, button(t))));
    expect(acks.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    await vi.waitFor(() => expect(releases).toHaveLength(5));
    expect(own.slack.inflight.size).toBe(5);
    const closing = own.close();
    await expect(slashCommand(own, "7B")).rejects.toThrow();
    const drained = own.slack.inflight.drained(5000);
    for (const r of releases) r();
    expect(await drained).toBe(true);
    await closing;
    expect(answers).toHaveLength(5);
  });
});
