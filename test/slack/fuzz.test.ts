import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Env } from "../../src/config.js";
import { Message } from "../../src/render/slack/blockkit.js";
import { createSlackApp, type SlackApp } from "../../src/slack/app.js";
import { createLogger } from "../../src/slack/logger.js";
import { BOT_USER, commandBody, slashCommand, startApp, type Harness } from "../support/slack.js";
import { startSink, type Sink } from "../support/sink.js";

/** What people (and attackers) paste: markup, mrkdwn, JSON and HTML, control characters, absurd numbers. */
/** The user every generated mention comes from; answers credit them. */
const ASKER = "U0USER";
const FRAGMENTS = [
  "<!channel>",
  "<!here>",
  "<!everyone>",
  "<@U0ADMIN>",
  "<#C0GEN|general>",
  "<https://evil.example|click>",
  "<mailto:a@b.c|mail>",
  "*bold*",
  "_it_",
  "~strike~",
  "`code`",
  "```block```",
  "> quote",
  "&amp;",
  "&lt;script&gt;",
  '{"model":"7B","seq":2048}',
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "]]>",
  "%00",
  "\u0000",
  "\u0007",
  "\u001b[31m",
  "\u202e",
  "\u200b",
  "\ufeff",
  "🤖",
  "𝟕𝐁",
  "７Ｂ",
  "1e308B",
  "seq=99999999999",
  "batch=-1",
  "gpus=0",
  "rank=0",
  "7e9",
  "NaN",
  "Infinity",
  "-0",
  "llama-3.1-8b",
  "qlora",
  "gpu=4090",
  "seq=4k",
  "2xh100",
  "24gb",
  "int4",
  "full",
  "help",
  "?",
  "fp17",
  "mixtral",
  "qwen 2.5 7b",
];

const text = fc.oneof(
  { weight: 3, arbitrary: fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 12 }).map((ws) => ws.join(" ")) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 200 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 300 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...FRAGMENTS), fc.integer({ min: 3500, max: 4000 }))
      .map(([w, n]) => `${w} `.repeat(Math.ceil(n / (w.length + 1))).slice(0, n)),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.double(), fc.constantFrom("B", "b", "M", "k", "gb", ""))
      .map(([x, u]) => `${x}${u} lora seq=${x}`),
  },
);

/** Every string that Slack renders in a message: block texts (not button values, which are opaque) and the fallback. */
function rendered(body: Record<string, unknown>): string[] {
  const out: string[] = [typeof body.text === "string" ? body.text : ""];
  const walk = (v: unknown, key: string): void => {
    if (key === "value") return;
    if (typeof v === "string" && key === "text") out.push(v);
    else if (Array.isArray(v)) for (const x of v) walk(x, key);
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(body.blocks, "blocks");
  return out;
}

const N = 10_000;
let sink: Sink;
let slack: SlackApp;
let dataDir: string;
beforeAll(async () => {
  sink = await startSink();
  // Its own database in a temporary directory (never ./data of the checkout, whose claimed event ids would outlive
  // the run and make a second run's mentions duplicates).
  dataDir = mkdtempSync(join(tmpdir(), "vram-fuzz-"));
  const config = Env.parse({
    SLACK_BOT_TOKEN: "xoxb-fuzz",
    SLACK_SIGNING_SECRET: "fuzz-secret",
    SLACK_API_URL: `${sink.url}/api/`,
    DATABASE_URL: `file:${join(dataDir, "fuzz.db")}`,
  });
  slack = createSlackApp({
    config,
    log: createLogger({ level: "silent" }),
    botId: "B0BOT",
    botUserId: BOT_USER,
    clientOptions: { retryConfig: { retries: 0 } },
  });
});
afterAll(async () => {
  await sink.close();
  await slack.db.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe(`${N.toLocaleString("en-US")} generated inputs through the slash-command and mention listeners`, () => {
  it("each gets exactly one friendly reply within Block Kit's limits, and nothing typed can ping anyone", async () => {
    const inputs = fc.sample(text, { numRuns: N, seed: 20261126 });
    /** Slash commands are answered in their acknowledgement; mentions by a post to chat.postMessage (the sink). */
    const acked: Record<string, unknown>[] = [];
    let blank = 0;
    const started = performance.now();
    for (let i = 0; i < inputs.length; i += 50) {
      await Promise.all(
        inputs.slice(i, i + 50).map((t, k) => {
          const id = i + k;
          if (id % 2 === 0) {
            if (t.trim() === "") blank++;
            const body = Object.fromEntries(
              new URLSearchParams(commandBody(t, { response_url: `${sink.url}/r/${id}` })),
            );
            return slack.app.processEvent({
              body,
              ack: async (r?: unknown) => void acked.push((r ?? {}) as Record<string, unknown>),
            });
          }
          const event = {
            type: "app_mention",
            user: ASKER,
            text: `<@${BOT_USER}> ${t}`,
            ts: `1700000000.${String(id).padStart(6, "0")}`,
            channel: "C0CHAN",
          };
          const body = {
            type: "event_callback",
            team_id: "T0TEAM",
            api_app_id: "A0APP",
            event,
            event_id: `EvFUZZ${id}`,
            event_time: 1,
            authorizations: [{ team_id: "T0TEAM", user_id: BOT_USER, is_bot: true }],
          };
          return slack.app.processEvent({ body, ack: async () => undefined });
        }),
      );
    }
    // Mentions are answered after their acknowledgement: wait for every post (an event, not a sleep).
    await vi.waitFor(
      () => expect(sink.posts.filter((p) => p.path === "/api/chat.postMessage").length).toBeGreaterThanOrEqual(N / 2),
      { timeout: 60_000, interval: 50 },
    );
    const perInputMs = (performance.now() - started) / N;
    console.log(
      `fuzz: ${N} inputs, ${perInputMs.toFixed(2)} ms each on average (listener, reply and any post to the sink)`,
    );

    // A blank command acknowledges empty and opens the form; every other command is answered in its acknowledgement.
    expect(acked).toHaveLength(N / 2);
    expect(sink.posts.filter((p) => p.path === "/api/views.open")).toHaveLength(blank);
    const commandAnswers = acked.filter((b) => b.blocks !== undefined);
    expect(commandAnswers).toHaveLength(N / 2 - blank);
    // Every mention gets exactly one post, in its own thread.
    const mentionPosts = sink.posts.filter((p) => p.path === "/api/chat.postMessage");
    expect(mentionPosts).toHaveLength(N / 2);
    expect(new Set(mentionPosts.map((p) => p.body.thread_ts)).size).toBe(N / 2);

    const bad: string[] = [];
    for (const [i, body] of [...commandAnswers, ...mentionPosts.map((p) => p.body)].entries()) {
      if (!Message.safeParse({ text: body.text, blocks: body.blocks }).success)
        bad.push(`#${i}: breaks Block Kit limits`);
      const strings = rendered(body);
      // The one mention an answer makes is its own credit line, "Asked by <@asker>" (the asker's id from the payload).
      const ours = (s: string) => s.replaceAll(`Asked by <@${ASKER}>`, "");
      if (strings.some((s) => /<[!@#]/.test(ours(s)))) bad.push(`#${i}: echoes Slack markup`);
      if (strings.some((s) => /\n\s+at .+:\d+:\d+/.test(s) || s.includes("Sorry, something went wrong")))
        bad.push(`#${i}: internal error`);
    }
    expect(bad.slice(0, 10)).toEqual([]);
  }, 240_000);
});

describe("generated inputs over real HTTP", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startApp();
  });
  afterAll(async () => {
    await h.close();
  });

  it("acknowledges every signed slash command with 200", async () => {
    const inputs = fc.sample(text, { numRuns: 300, seed: 7 });
    const statuses = [];
    for (const t of inputs) statuses.push((await slashCommand(h, t)).status);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
  }, 120_000);
});
