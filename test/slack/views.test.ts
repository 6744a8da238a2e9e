import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Message } from "../../src/render/slack/blockkit.js";
import {
  interaction,
  RESPONSE_URL,
  responseUrl,
  slackApi,
  startApp,
  visibleText,
  type Harness,
} from "../support/slack.js";

let h: Harness;
beforeAll(async () => {
  h = await startApp();
});
afterAll(async () => {
  await h.close();
});

interface Fields {
  model?: string;
  method?: string;
  precision?: string;
  seq?: string;
  batch?: string;
  gpu?: string;
}

/** A view_submission of our form as Slack sends it. */
function submit(fields: Fields, privateMetadata: string) {
  const text = (v: string | undefined) => ({ type: "plain_text_input", value: v ?? null });
  const select = (v: string | undefined) => ({
    type: "static_select",
    selected_option: v ? { value: v, text: { type: "plain_text", text: v } } : null,
  });
  return interaction(h, {
    type: "view_submission",
    team: { id: "T0TEAM", domain: "acme" },
    user: { id: "U0USER", username: "ada", team_id: "T0TEAM" },
    api_app_id: "A0APP",
    token: "legacy-verification-token",
    trigger_id: "1337.44.ijkl",
    view: {
      id: "V0VIEW",
      team_id: "T0TEAM",
      type: "modal",
      callback_id: "vram_form",
      private_metadata: privateMetadata,
      hash: "1.abc",
      state: {
        values: {
          model: { model: text(fields.model) },
          method: { method: select(fields.method ?? "compare") },
          precision: { precision: select(fields.precision ?? "bf16") },
          seq: { seq: text(fields.seq) },
          batch: { batch: { type: "number_input", value: fields.batch ?? null } },
          gpu: { gpu: text(fields.gpu) },
        },
      },
    },
  });
}

describe("the form", () => {
  it("answers in the channel it was opened from, ephemerally, through the command's response_url", async () => {
    const answers = responseUrl();
    const res = await submit(
      { model: "llama-3.1-8b", method: "qlora", seq: "4k", gpu: "4090" },
      JSON.stringify({ responseUrl: RESPONSE_URL }),
    );
    expect(res.status).toBe(200);
    expect(res.text).toBe("");
    await vi.waitFor(() => expect(answers).toHaveLength(1));
    const body = answers[0]!.body;
    expect(body.response_type).toBe("ephemeral");
    expect(Message.safeParse({ text: body.text, blocks: body.blocks }).success).toBe(true);
    expect(visibleText(body)).toContain("Fits on RTX 4090 24 GB with QLoRA");
  });

  it("answers in the user's DM with the app when opened from the Home tab", async () => {
    const posted = slackApi("chat.postMessage");
    await submit({ model: "7B", method: "lora", batch: "2", gpu: "24gb" }, "{}");
    await vi.waitFor(() => expect(posted).toHaveLength(1));
    expect(posted[0]!.body.channel).toBe("U0USER");
    expect(visibleText(posted[0]!.body)).toContain("batch 2");
  });

  it("closes the form for a Hub repository and delivers the answer once it is looked up", async () => {
    const answers = responseUrl();
    const res = await submit(
      { model: "acme/custom-8b", method: "qlora", gpu: "4090" },
      JSON.stringify({ responseUrl: RESPONSE_URL }),
    );
    expect(res.text).toBe("");
    await vi.waitFor(() => expect(answers).toHaveLength(1));
    // No Hub is reachable in tests: the answer comes from what the name says, and says why.
    expect(visibleText(answers[0]!.body)).toContain("acme/custom-8b");
    expect(visibleText(answers[0]!.body)).toContain("Hugging Face Hub could not be reached");
  });

  it("keeps the form open with the error under the field that is wrong", async () => {
    const res = await submit({ model: "7B", seq: "0" }, "{}");
    expect(res.status).toBe(200);
    const ack = JSON.parse(res.text) as { response_action: string; errors: Record<string, string> };
    expect(ack.response_action).toBe("errors");
    expect(Object.keys(ack.errors)).toEqual(["seq"]);
    expect(ack.errors.seq!.length).toBeLessThanOrEqual(150);
  });

  it("asks for a model when the model field cannot be read", async () => {
    const res = await submit({ model: "qwerty", gpu: "4090" }, "{}");
    const ack = JSON.parse(res.text) as { response_action: string; errors: Record<string, string> };
    expect(ack.response_action).toBe("errors");
    expect(Object.keys(ack.errors)).toEqual(["model"]);
  });

  it("never posts to a response_url that is not Slack's, even if the metadata says so", async () => {
    const posted = slackApi("chat.postMessage");
    await submit({ model: "7B" }, JSON.stringify({ responseUrl: "https://evil.example.com/steal" }));
    await vi.waitFor(() => expect(posted).toHaveLength(1));
    expect(posted[0]!.body.channel).toBe("U0USER");
  });
});
