import { validSignature } from "../../src/slack/intake.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  eventBody,
  interaction,
  send,
  signature,
  slackApi,
  slackEvent,
  startApp,
  visibleText,
  type Harness,
} from "../support/slack.js";

const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";

let h: Harness;
beforeAll(async () => {
  h = await startApp();
});
afterAll(async () => {
  await h.close();
});

/** A correctly signed request, answered (status and body) and timed against Slack's 3-second deadline. */
async function timed(body: string, type: string): Promise<{ status: number; text: string; ms: number }> {
  const t0 = performance.now();
  const res = await send(h, body, type);
  return { ...res, ms: performance.now() - t0 };
}

const button = (actionId: string, extra: Record<string, unknown> = {}) => ({
  type: "block_actions",
  user: { id: "U0USER", team_id: "T0TEAM" },
  team: { id: "T0TEAM" },
  container: { type: "message", is_ephemeral: true },
  trigger_id: "1.2.3",
  response_url: "https://hooks.slack.com/actions/T0TEAM/1/x",
  actions: [{ action_id: actionId, type: "button", value: "{}" }],
  ...extra,
});

const submission = (view: Record<string, unknown>) => ({
  type: "view_submission",
  user: { id: "U0USER", team_id: "T0TEAM" },
  team: { id: "T0TEAM" },
  view: { id: "V1", type: "modal", callback_id: "vram_form", private_metadata: "{}", ...view },
});

describe("signed requests that are not what Slack sends", () => {
  it.each([
    ["a JSON body null", "null", JSON_TYPE],
    ["a JSON array", "[]", JSON_TYPE],
    ["a JSON number", "1", JSON_TYPE],
    ["a JSON string", '"str"', JSON_TYPE],
    ["payload=null", "payload=null", FORM],
    ["a payload that is not JSON", "payload=%7Bnope", FORM],
  ])("acknowledges %s at once with an empty 200, and logs it", async (_what, body, type) => {
    const before = h.logs.length;
    const res = await timed(body, type);
    expect(res.status).toBe(200);
    expect(res.text).toBe("");
    expect(res.ms).toBeLessThan(3000);
    await vi.waitFor(() => expect(h.logs.slice(before).some((l) => l.includes("would never send"))).toBe(true));
  });

  it.each([
    ["an unknown action_id", button("vram_unknown")],
    ["our action_id in another case", button("VRAM_WHY")],
    ["a 300-character action_id", button(`vram_change:${"x".repeat(300)}`)],
    ["a button without a user", { ...button("vram_why"), user: undefined }],
    ["a form with another callback_id", submission({ callback_id: "not_ours", state: { values: {} } })],
    ["a form without its state", submission({})],
    [
      "a form whose value is a number",
      submission({ state: { values: { model: { model: { type: "plain_text_input", value: 7 } } } } }),
    ],
  ])("acknowledges %s at once, without a listener failing", async (_what, payload) => {
    const before = h.logs.length;
    const res = await interaction(h, payload);
    expect(res.status).toBe(200);
    expect(res.text).toBe("");
    await vi.waitFor(() => expect(h.logs.slice(before).some((l) => l.includes("would never send"))).toBe(true));
    expect(h.logs.slice(before).some((l) => /"level":(50|60)/.test(l))).toBe(false);
  });

  it.each([
    [
      "a button whose value is a number",
      { ...button("vram_why"), actions: [{ action_id: "vram_why", type: "button", value: 7 }] },
    ],
    ["a form without its state", submission({})],
  ])(
    "acknowledges %s arriving past the intake (Socket Mode), reading it through the schema",
    async (_what, payload) => {
      let acked = 0;
      await h.slack.app.processEvent({ body: payload, ack: async () => void acked++ });
      expect(acked).toBe(1);
    },
  );

  it("still refuses a request that is not signed (401), however it looks", async () => {
    expect((await send(h, "null", JSON_TYPE, { signature: "v0=bad" })).status).toBe(401);
  });

  it("answers a mention without text with help, in its thread", async () => {
    const posted = slackApi("chat.postMessage");
    await slackEvent(h, {
      type: "app_mention",
      user: "U0USER",
      ts: "1700000001.000100",
      channel: "C0CHAN",
      event_ts: "1",
    });
    await vi.waitFor(() => expect(posted).toHaveLength(1));
    expect(posted[0]!.body.thread_ts).toBe("1700000001.000100");
    expect(visibleText(posted[0]!.body)).toContain("VRAM Advisor: will it fit?");
  });

  it("answers a DM with a file attached about its text, and one with only a file with how to ask in words", async () => {
    const posted = slackApi("chat.postMessage", { ok: true, channel: "D0DM", ts: "1.1" }, 2);
    const dm = (text: string | undefined, ts: string) =>
      send(
        h,
        eventBody({
          type: "message",
          subtype: "file_share",
          channel_type: "im",
          channel: "D0DM",
          user: "U0USER",
          ts,
          event_ts: ts,
          files: [{ id: "F0FILE", name: "config.json" }],
          ...(text === undefined ? {} : { text }),
        }),
        JSON_TYPE,
      );
    await dm("llama-3.1-8b qlora gpu=4090", "1700000002.000100");
    await vi.waitFor(() => expect(posted).toHaveLength(1));
    expect(visibleText(posted[0]!.body)).toContain("Fits on RTX 4090 24 GB");
    await dm(undefined, "1700000002.000200");
    await vi.waitFor(() => expect(posted).toHaveLength(2));
    expect(visibleText(posted[1]!.body)).toContain("I read words, not files");
  });

  it("logs no unhandled rejection or error for any of them", () => {
    expect(h.logs.some((l) => l.includes("unhandled"))).toBe(false);
  });
});

describe("the signature check", () => {
  const secret = "test-signing-secret-0123456789abcdef";
  const now = Date.parse("2026-12-02T12:00:00Z");
  const ts = now / 1000;
  const body = "payload=%7B%7D";
  const good = signature(body, ts, secret);
  it("accepts Slack's v0 HMAC of the timestamp and body, within five minutes", () => {
    expect(validSignature(secret, good, ts, body, now)).toBe(true);
    expect(validSignature(secret, good, ts, body, now + 299_000)).toBe(true);
  });
  it.each([
    ["another secret", () => validSignature("another-secret-of-some-length", good, ts, body, now)],
    ["another body", () => validSignature(secret, good, ts, `${body}x`, now)],
    ["a stale timestamp", () => validSignature(secret, good, ts, body, now + 301_000)],
    ["a timestamp from the future", () => validSignature(secret, good, ts, body, now - 301_000)],
    ["another version", () => validSignature(secret, good.replace("v0=", "v1="), ts, body, now)],
    ["a truncated signature", () => validSignature(secret, good.slice(0, -2), ts, body, now)],
    ["no timestamp", () => validSignature(secret, good, Number.NaN, body, now)],
  ])("refuses %s", (_what, check) => {
    expect(check()).toBe(false);
  });
});
