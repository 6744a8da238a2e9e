import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { answerTextSettled } from "../../src/answer/index.js";
import { chartPng } from "../../src/render/chart/index.js";
import { Message } from "../../src/render/slack/blockkit.js";
import { replyTo } from "../../src/render/slack/reply.js";
import { CHART_PATH, ChartLinks } from "../../src/slack/charts/index.js";
import {
  ACTION_URL,
  BOT_USER,
  clickButton,
  RESPONSE_URL,
  responseUrl,
  slackApi,
  slackEvent,
  slashCommand,
  startApp,
  type Captured,
  type Harness,
} from "../support/slack.js";

/** Where Slack would fetch charts from; the test fetches the same paths from the app on loopback. */
const PUBLIC = "https://vram.example.com";
const QUESTION = "llama-3.1-8b qlora gpu=4090 seq=4k";

let h: Harness;
beforeAll(async () => {
  h = await startApp({ env: { PUBLIC_URL: PUBLIC } });
});
afterAll(async () => {
  await h.close();
});

type Image = { type: "image"; image_url: string; alt_text: string };
const imagesOf = (body: Record<string, unknown>): Image[] =>
  ((body.blocks ?? []) as { type: string }[]).filter((b): b is Image => b.type === "image");
/** The chart as Slack would fetch it, from the app itself. */
const fetchChart = (url: string, init?: RequestInit) => fetch(`${h.url}${new URL(url).pathname}`, init);
const canonicalOf = async (text: string): Promise<string> => {
  const r = await answerTextSettled(text);
  if (r.kind !== "answer") throw new Error(`${text} does not answer`);
  return r.answer.canonical;
};

describe("chart links", () => {
  const links = new ChartLinks(PUBLIC, "a-secret-of-sixteen-chars");

  it("reads back the request it signed, and nothing else", () => {
    const url = links.urlFor("llama-3.1-8b qlora seq=4096 gpu=rtx-4090")!;
    expect(url.startsWith(`${PUBLIC}${CHART_PATH}`)).toBe(true);
    const path = new URL(url).pathname;
    expect(links.verify(path)).toBe("llama-3.1-8b qlora seq=4096 gpu=rtx-4090");
    const [payload, tag] = path
      .slice(CHART_PATH.length)
      .replace(/\.png$/, "")
      .split(".") as [string, string];
    const forged = Buffer.from("70b full gpu=h100 count=10000").toString("base64url");
    expect(links.verify(`${CHART_PATH}${forged}.${tag}.png`)).toBeUndefined();
    expect(links.verify(`${CHART_PATH}${payload}.${tag.slice(0, -2)}AA.png`)).toBeUndefined();
    expect(links.verify(`${CHART_PATH}${payload}.png`)).toBeUndefined();
    expect(links.verify(`/elsewhere/${payload}.${tag}.png`)).toBeUndefined();
    expect(new ChartLinks(PUBLIC, "another-secret-of-16").verify(path)).toBeUndefined();
  });

  it("gives no link that would pass Slack's 3,000-character image_url", () => {
    expect(links.urlFor(`7B ${"gpu=4090 ".repeat(300)}`)).toBeUndefined();
  });
});

describe("the chart in Slack, through the real Bolt app", () => {
  it("acknowledges /vram with the answer at once, then adds the chart in place; the chart is the answer's", async () => {
    const updates = responseUrl(200, 1, RESPONSE_URL);
    const res = await slashCommand(h, QUESTION);
    const ack = JSON.parse(res.text) as Record<string, unknown>;
    expect(imagesOf(ack)).toHaveLength(0);
    await vi.waitFor(() => expect(updates).toHaveLength(1));
    const update = updates[0]!.body;
    expect(update.replace_original).toBe(true);
    expect(Message.safeParse({ text: update.text, blocks: update.blocks }).success).toBe(true);
    const [image] = imagesOf(update);
    expect(image!.image_url.startsWith(`${PUBLIC}${CHART_PATH}`)).toBe(true);
    // The alt text carries the numbers: the answer's total and its card.
    expect(image!.alt_text).toMatch(/QLoRA: \d+\.\d GB on RTX 4090 24 GB, \d+ % of the card/);
    // Everything else is the acknowledged answer, unchanged.
    const { blocks: _b, ...rest } = update;
    expect(rest.text).toBe(ack.text);
    expect((update.blocks as { type: string }[]).filter((b) => b.type !== "image")).toEqual(ack.blocks);

    const png = await fetchChart(image!.image_url);
    expect(png.status).toBe(200);
    expect(png.headers.get("content-type")).toBe("image/png");
    expect(png.headers.get("cache-control")).toMatch(/public, max-age=\d+/);
    const bytes = Buffer.from(await png.arrayBuffer());
    const r = await answerTextSettled(await canonicalOf(QUESTION));
    if (r.kind !== "answer") throw new Error("no answer");
    expect(bytes.equals(chartPng(r.answer))).toBe(true);
    expect(PNG.sync.read(bytes).width).toBeGreaterThan(400);
  });

  it("answers HEAD without a body, refuses other methods, and gives 404 for anything it did not sign", async () => {
    const url = new ChartLinks(PUBLIC, "test-signing-secret-0123456789abcdef").urlFor(await canonicalOf(QUESTION))!;
    const head = await fetchChart(url, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    expect((await fetchChart(url, { method: "POST" })).status).toBe(405);
    const forged = new ChartLinks(PUBLIC, "not-the-apps-secret-at-all").urlFor(await canonicalOf(QUESTION))!;
    expect((await fetchChart(forged)).status).toBe(404);
    expect((await fetch(`${h.url}${CHART_PATH}nonsense.png`)).status).toBe(404);
  });

  it("keeps the answer when Slack refuses the chart (PUBLIC_URL unreachable), with a warning and no apology", async () => {
    const refused = responseUrl(404, 1, RESPONSE_URL);
    const before = h.logs.length;
    await slashCommand(h, "7B lora gpu=4090");
    await vi.waitFor(() => expect(refused).toHaveLength(1));
    await vi.waitFor(() => expect(h.logs.slice(before).join("\n")).toContain("the chart could not be attached"));
    expect(h.logs.slice(before).join("\n")).not.toContain("listener failed");
  });

  it("answers a mention in its thread, then adds the chart to that message with chat.update", async () => {
    const posted = slackApi("chat.postMessage", { ok: true, channel: "C0CHAN", ts: "1700000000.000300" });
    const updated = slackApi("chat.update", { ok: true, channel: "C0CHAN", ts: "1700000000.000300" });
    await slackEvent(h, {
      type: "app_mention",
      user: "U0USER",
      text: `<@${BOT_USER}> can I QLoRA llama-3.1-8b on a 4090 at 4k context?`,
      ts: "1700000000.000100",
      channel: "C0CHAN",
      event_ts: "1700000000.000100",
    });
    await vi.waitFor(() => expect(updated).toHaveLength(1));
    expect(imagesOf(posted[0]!.body)).toHaveLength(0);
    expect(updated[0]!.body.ts).toBe("1700000000.000300");
    expect(imagesOf(updated[0]!.body)).toHaveLength(1);
  });

  const buttonOf = (text: string, id: string) => {
    const m = replyTo(text, { prefix: "/vram", shareable: true }).message;
    const actions = m.blocks.find((b) => b.type === "actions");
    const button = actions?.type === "actions" ? actions.elements.find((e) => e.action_id === id) : undefined;
    if (!button) throw new Error(`no ${id} on ${text}`);
    return button;
  };

  it("re-runs a button in place, then adds the new answer's chart in place", async () => {
    const calls = responseUrl(200, 2, ACTION_URL);
    await clickButton(h, buttonOf("7B lora gpu=4090", "vram_why"));
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    expect(imagesOf(calls[0]!.body)).toHaveLength(0);
    expect(calls[1]!.body.replace_original).toBe(true);
    expect(imagesOf(calls[1]!.body)).toHaveLength(1);
  });

  it("shares with the chart in the post, and shares without it when Slack refuses the picture", async () => {
    const ok = responseUrl(200, 2, ACTION_URL);
    await clickButton(h, buttonOf("7B lora gpu=4090", "vram_share"));
    await vi.waitFor(() => expect(ok).toHaveLength(2));
    expect(ok[0]!.body.response_type).toBe("in_channel");
    expect(imagesOf(ok[0]!.body)).toHaveLength(1);
    expect(ok[1]!.body.delete_original).toBe(true);

    const seen: Captured[] = [];
    const refused = responseUrl(400, 1, ACTION_URL);
    const then = responseUrl(200, 2, ACTION_URL);
    await clickButton(h, buttonOf("7B lora gpu=4090", "vram_share"));
    await vi.waitFor(() => expect(then).toHaveLength(2));
    seen.push(...refused, ...then);
    expect(imagesOf(seen[0]!.body)).toHaveLength(1);
    expect(seen[1]!.body.response_type).toBe("in_channel");
    expect(imagesOf(seen[1]!.body)).toHaveLength(0);
    expect(seen[2]!.body.delete_original).toBe(true);
  });
});
