import { readFileSync } from "node:fs";
import nock from "nock";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createHub } from "../../src/models/hub/index.js";
import { Message } from "../../src/render/slack/blockkit.js";
import { encodeState } from "../../src/render/slack/state.js";
import {
  ACTION_URL,
  clickButton,
  responseUrl,
  slackApi,
  slackEvent,
  slashCommand,
  startApp,
  visibleText,
  type Harness,
} from "../support/slack.js";

const HUB = "https://hub.test";
/** Llama 3.1 8B's published config.json, as the config mappers' own fixture has it. */
const CONFIG = JSON.parse(readFileSync(new URL("../fixtures/hub/llama.json", import.meta.url), "utf8")) as nock.Body;
const serve = (id: string) =>
  nock(HUB)
    .get(`/${id}/resolve/main/config.json`)
    .reply(200, CONFIG)
    .get(`/api/models/${id}`)
    .query(true)
    .reply(200, { id, sha: "feedface00", safetensors: { total: 8_030_261_248 } });

let h: Harness;
beforeAll(async () => {
  h = await startApp({ hub: createHub({ endpoint: HUB, timeoutMs: 3000 }) });
});
afterAll(async () => {
  await h.close();
});

describe("a model looked up on the Hub, in Slack", () => {
  it("acknowledges /vram at once with 'Looking up …', then replaces it with the answer", async () => {
    const scope = serve("acme/custom-8b-a");
    const posts = responseUrl();
    const res = await slashCommand(h, "acme/custom-8b-a qlora gpu=4090");
    expect(res.status).toBe(200);
    expect(visibleText(JSON.parse(res.text))).toContain("Looking up `acme/custom-8b-a` on the Hugging Face Hub");
    await vi.waitFor(() => expect(posts).toHaveLength(1));
    const body = posts[0]!.body;
    expect(body.replace_original).toBe(true);
    expect(Message.safeParse({ text: body.text, blocks: body.blocks }).success).toBe(true);
    expect(visibleText(body)).toContain("Fits on RTX 4090 24 GB with QLoRA");
    expect(visibleText(body)).toContain("Hub config of `acme/custom-8b-a`");
    scope.done();
    // Now known: the next question is answered in the acknowledgement itself.
    const again = await slashCommand(h, "acme/custom-8b-a lora gpu=4090");
    expect(visibleText(JSON.parse(again.text))).toContain("acme/custom-8b-a");
  });

  it("posts 'Looking up …' in the thread of a mention and updates it with the answer", async () => {
    const scope = serve("acme/custom-8b-b");
    const posted = slackApi("chat.postMessage", { ok: true, channel: "C0CHAN", ts: "1700000000.000200" });
    const updated = slackApi("chat.update", { ok: true });
    await slackEvent(h, {
      type: "app_mention",
      user: "U0USER",
      text: "<@U0BOT> can I lora acme/custom-8b-b on a 4090?",
      ts: "1700000000.000100",
      channel: "C0CHAN",
      event_ts: "1700000000.000100",
    });
    await vi.waitFor(() => expect(updated).toHaveLength(1));
    expect(String(posted[0]!.body.text)).toContain("Looking up acme/custom-8b-b");
    expect(posted[0]!.body.thread_ts).toBe("1700000000.000100");
    expect(updated[0]!.body).toMatchObject({ channel: "C0CHAN", ts: "1700000000.000200" });
    expect(visibleText(updated[0]!.body)).toContain("acme/custom-8b-b");
    scope.done();
  });

  it("replaces the lookup with a clear message when the repository does not exist", async () => {
    nock(HUB)
      .get("/acme/nothing-here/resolve/main/config.json")
      .reply(404)
      .get("/api/models/acme/nothing-here")
      .query(true)
      .reply(404)
      .get("/api/models")
      .query(true)
      .reply(200, []);
    const posts = responseUrl();
    await slashCommand(h, "acme/nothing-here lora");
    await vi.waitFor(() => expect(posts).toHaveLength(1));
    expect(visibleText(posts[0]!.body)).toContain("There is no `acme/nothing-here` on the Hugging Face Hub");
  });
});

describe("a button on a Hub model's answer when the Hub fails for a moment", () => {
  it("leaves the answer in place and says so aside, privately", async () => {
    nock(HUB)
      .get("/acme/flaky/resolve/main/config.json")
      .reply(503)
      .get("/api/models/acme/flaky")
      .query(true)
      .reply(503);
    const updates = responseUrl(200, 1, ACTION_URL);
    const value = encodeState({
      request: "acme/flaky lora gpu=rtx-4090",
      query: "",
      why: true,
      shareable: true,
      notes: [],
    });
    await clickButton(h, { action_id: "vram_why", value: value! });
    await vi.waitFor(() => expect(updates).toHaveLength(1));
    expect(updates[0]!.body.replace_original).toBe(false);
    expect(updates[0]!.body.response_type).toBe("ephemeral");
    expect(visibleText(updates[0]!.body)).toContain("could not be reached");
  });
});
