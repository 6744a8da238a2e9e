import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Env } from "../../src/config.js";
import { Message } from "../../src/render/slack/blockkit.js";
import { createSlackApp, type SlackApp } from "../../src/slack/app.js";
import { createLogger } from "../../src/slack/logger.js";
import { BOT_USER, commandBody, slashCommand, startApp, type Harness } from "../support/slack.js";
import { startSink, type Sink } from "../support/sink.js";

/** What people (and attackers) paste: markup, mrkdwn, JSON and HTML, control characters, absurd numbers. */
const FRAGMENTS = [
  "<!channel>", "<!here>", "<!everyone>", "<@U0ADMIN>", "<#C0GEN|general>", "<https://evil.example|click>", "<mailto:a@b.c|mail>",
  "*bold*", "_it_", "~strike~", "`code`", "```block```", "> quote", "&amp;", "&lt;script&gt;",
  '{"model":"7B","seq":2048}', "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "]]>", "%00", "\u0000", "\u0007", "\u001b[31m",
  "\u202e", "\u200b", "\ufeff", "🤖", "𝟕𝐁", "７Ｂ", "1e308B", "seq=99999999999", "batch=-1", "gpus=0", "rank=0", "7e9", "NaN", "Infinity", "-0",
  "llama-3.1-8b", "qlora", "gpu=4090", "seq=4k", "2xh100", "24gb", "int4", "full", "help", "?", "fp17", "mixtral", "qwen 2.5 7b",
];

const text = fc.oneof(
  { weight: 3, arbitrary: fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 12 }).map((ws) => ws.join(" ")) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 200 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 300 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...FRAGMENTS), fc.integer({ min: 3500, max: 4000 })).map(([w, n]) => `${w} `.repeat(Math.ceil(n / (w.length + 1))).slice(0, n)) },
  { weight: 1, arbitrary: fc.tuple(fc.double(), fc.constantFrom("B", "b", "M", "k", "gb", "")).map(([x, u]) => `${x}${u} lora seq=${x}`) },
);

/** Every string that Slack renders in a message: block texts (not button values, which are opaque) and the fallback. */
function rendered(body: Record<string, unknown>): string[] {
  const out: string[] = [typeof body.text === "string" ? body.text : ""];
  const walk = (v: unknown, key: string): void => {
    if (key === "value") return;
    if (typeof v === "string" && key === "text") out.push(v);
    else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(body.blocks, "blocks");
  return out;
}

const N = 10_000;
let sink: Sink;
let slack: SlackApp;
beforeAll(async () => {
  sink = await startSink();
  const config = Env.parse({ SLACK_BOT_TOKEN: "xoxb-fuzz", SLACK_SIGNING_SECRET: "fuzz-secret", SLACK_API_URL: `${sink.url}/api/` });
  slack = createSlackApp({ config, log: createLogger({ level: "silent" }), botId: "B0BOT", botUserId: BOT_USER, clientOptions: { retryConfig: { retries: 0 } } });
});
afterAll(async () => {
  await sink.close();
});

describe(`${N.toLocaleString("en-US")} generated inputs through the slash-command and mention listeners`, () => {
  it("each gets exactly one friendly reply within Block Kit's limits, and nothing typed can ping anyone", async () => {
    const inputs = fc.sample(text, { numRuns: N, seed: 20261126 });
    const acks: unknown[] = [];
    const started = performance.now();
    for (let i = 0; i < inputs.length; i += 50) {
      await Promise.all(
        inputs.slice(i, i + 50).map((t, k) => {
          const id = i + k;
          if (id % 2 === 0) {
            const body = Object.fromEntries(new URLSearchParams(commandBody(t, { response_url: `${sink.url}/r/${id}` })));
            return slack.app.processEvent({ body, ack: async (r?: unknown) => void acks.push(r) });
          }
          const event = { type: "app_mention", user: "U0USER", text: `<@${BOT_USER}> ${t}`, ts: `1700000000.${String(id).padStart(6, "0")}`, channel: "C0CHAN" };
          const body = { type: "event_callback", team_id: "T0TEAM", api_app_id: "A0APP", event, event_id: `EvFUZZ${id}`, event_time: 1, authorizations: [{ team_id: "T0TEAM", user_id: BOT_USER, is_bot: true }] };
          return slack.app.processEvent({ body, ack: async (r?: unknown) => void acks.push(r) });
        }),
      );
    }
    const perInputMs = (performance.now() - started) / N;
    console.log(`fuzz: ${N} inputs, ${perInputMs.toFixed(2)} ms each on average (listener, reply and the post to the sink)`);

    expect(acks).toHaveLength(N);
    expect(sink.posts).toHaveLength(N);
    // A blank command opens the form instead (its metadata names the command's response_url).
    const forms = sink.posts.filter((p) => p.path === "/api/views.open");
    expect(forms.length).toBe(inputs.filter((t, id) => id % 2 === 0 && t.trim() === "").length);
    const answers = sink.posts.filter((p) => p.path !== "/api/views.open");
    const byTarget = new Map<string, number>();
    for (const p of answers) {
      const key = p.path.startsWith("/r/") ? p.path : `mention:${String(p.body.thread_ts)}`;
      byTarget.set(key, (byTarget.get(key) ?? 0) + 1);
    }
    expect(byTarget.size).toBe(N - forms.length);
    expect([...byTarget.entries()].filter(([, n]) => n !== 1).slice(0, 3)).toEqual([]);
    const bad: string[] = [];
    for (const p of answers) {
      if (!Message.safeParse({ text: p.body.text, blocks: p.body.blocks }).success) bad.push(`${p.path}: breaks Block Kit limits`);
      const strings = rendered(p.body);
      if (strings.some((s) => /<[!@#]/.test(s))) bad.push(`${p.path}: echoes Slack markup`);
      if (strings.some((s) => /\n\s+at .+:\d+:\d+/.test(s) || s.includes("Sorry, something went wrong"))) bad.push(`${p.path}: internal error`);
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
    const { default: nock } = await import("nock");
    nock("https://hooks.slack.com").post(/.*/).times(300).reply(200, "ok");
    const inputs = fc.sample(text, { numRuns: 300, seed: 7 });
    const statuses = [];
    for (const t of inputs) statuses.push((await slashCommand(h, t)).status);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
  }, 120_000);
});
