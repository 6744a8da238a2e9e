import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { HomeView, Message } from "../../src/render/slack/blockkit.js";
import { BOT_USER, slackApi, slackEvent, startApp, visibleText, type Harness } from "../support/slack.js";

let h: Harness;
beforeAll(async () => {
  h = await startApp();
});
afterAll(async () => {
  await h.close();
});

const settle = () => new Promise((r) => setTimeout(r, 100));

describe("mentions, DMs and the Home tab through the real Bolt app", () => {
  it("answers a mention in that message's thread, never the channel root", async () => {
    const posted = slackApi("chat.postMessage", { ok: true, ts: "1700000000.000200" });
    const res = await slackEvent(h, {
      type: "app_mention",
      user: "U0USER",
      text: `<@${BOT_USER}> can I QLoRA llama-3.1-8b on a 4090 at 4k context?`,
      ts: "1700000000.000100",
      channel: "C0CHAN",
      event_ts: "1700000000.000100",
    });
    expect(res.status).toBe(200);
    await vi.waitFor(() => expect(posted).toHaveLength(1));
    const body = posted[0]!.body;
    expect(body.channel).toBe("C0CHAN");
    expect(body.thread_ts).toBe("1700000000.000100");
    expect(Message.safeParse({ text: body.text, blocks: body.blocks }).success).toBe(true);
    expect(visibleText(body)).toContain("Fits on RTX 4090 24 GB with QLoRA");
    expect(visibleText(body)).not.toContain("Share in channel");
  });

  it("answers a mention inside a thread in that same thread", async () => {
    const posted = slackApi("chat.postMessage");
    await slackEvent(h, {
      type: "app_mention",
      user: "U0USER",
      text: `<@${BOT_USER}> 7B lora gpu=24gb`,
      ts: "1700000000.000300",
      thread_ts: "1700000000.000001",
      channel: "C0CHAN",
    });
    await vi.waitFor(() => expect(posted).toHaveLength(1));
    expect(posted[0]!.body.thread_ts).toBe("1700000000.000001");
  });

  it("answers a mention it cannot read with the hint, in the thread", async () => {
    const posted = slackApi("chat.postMessage");
    await slackEvent(h, {
      type: "app_mention",
      user: "U0USER",
      text: `<@${BOT_USER}> 7B qlroa`,
      ts: "1700000000.000400",
      channel: "C0CHAN",
    });
    await vi.waitFor(() => expect(posted).toHaveLength(1));
    expect(posted[0]!.body.thread_ts).toBe("1700000000.000400");
    expect(visibleText(posted[0]!.body)).toContain("qlora");
  });

  it("answers a DM in the DM", async () => {
    const posted = slackApi("chat.postMessage");
    await slackEvent(h, {
      type: "message",
      channel_type: "im",
      channel: "D0DM",
      user: "U0USER",
      text: "will full fine-tuning a 1.5B model in bf16 fit in 24gb?",
      ts: "1700000000.000500",
    });
    await vi.waitFor(() => expect(posted).toHaveLength(1));
    expect(posted[0]!.body.channel).toBe("D0DM");
    expect(posted[0]!.body.thread_ts).toBeUndefined();
    expect(visibleText(posted[0]!.body)).toContain("1.5B");
  });

  it("ignores its own messages, other bots, edits and other subtypes", async () => {
    const posted = slackApi("chat.postMessage");
    await slackEvent(h, {
      type: "message",
      channel_type: "im",
      channel: "D0DM",
      user: BOT_USER,
      bot_id: "B0BOT",
      text: "7B",
      ts: "1.1",
    });
    await slackEvent(h, {
      type: "message",
      channel_type: "im",
      channel: "D0DM",
      bot_id: "B0OTHER",
      text: "7B",
      ts: "1.2",
    });
    await slackEvent(h, {
      type: "message",
      subtype: "message_changed",
      channel_type: "im",
      channel: "D0DM",
      message: { text: "7B" },
      ts: "1.3",
    });
    await slackEvent(h, {
      type: "message",
      subtype: "channel_join",
      channel_type: "channel",
      channel: "C0CHAN",
      user: "U0USER",
      text: "joined",
      ts: "1.4",
    });
    await slackEvent(h, {
      type: "message",
      channel_type: "channel",
      channel: "C0CHAN",
      user: "U0USER",
      text: "7B in a channel without a mention",
      ts: "1.5",
    });
    await slackEvent(h, {
      type: "app_mention",
      user: "U0USER",
      text: `<@${BOT_USER}> 7B`,
      ts: "1.6",
      channel: "C0CHAN",
      edited: { user: "U0USER", ts: "1.7" },
    });
    await settle();
    expect(posted).toHaveLength(0);
  });

  it("publishes the Home tab when it is opened", async () => {
    const published = slackApi("views.publish");
    await slackEvent(h, { type: "app_home_opened", user: "U0USER", channel: "D0DM", tab: "home", event_ts: "1.8" });
    await vi.waitFor(() => expect(published).toHaveLength(1));
    expect(published[0]!.body.user_id).toBe("U0USER");
    const view = HomeView.parse(published[0]!.body.view);
    expect(JSON.stringify(view)).toContain("vram_open_form");
  });

  it("does not publish anything when the Messages tab is opened", async () => {
    const published = slackApi("views.publish");
    await slackEvent(h, { type: "app_home_opened", user: "U0USER", channel: "D0DM", tab: "messages", event_ts: "1.9" });
    await settle();
    expect(published).toHaveLength(0);
  });
});
