import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Message, ModalView, type Button } from "../../src/render/slack/blockkit.js";
import { answerText } from "../../src/answer/index.js";
import { replyTo } from "../../src/render/slack/reply.js";
import { decodeState } from "../../src/render/slack/state.js";
import { EstimationRequest } from "../../src/estimator/request.js";
import {
  ACTION_URL,
  clickButton,
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

/** The buttons of a real answer, as Slack would show them. */
function buttonsOf(text: string): Button[] {
  const m = replyTo(text, { prefix: "/vram", shareable: true }).message;
  return m.blocks.flatMap((b) => (b.type === "actions" ? b.elements : []));
}

const click = (button: Pick<Button, "action_id" | "value">) => clickButton(h, button);

const find = (buttons: Button[], id: string): Button => {
  const b = buttons.find((x) => x.action_id === id);
  if (!b) throw new Error(`no button ${id} in ${buttons.map((x) => x.action_id).join(", ")}`);
  return b;
};

async function clickAndRead(button: Button): Promise<Record<string, unknown>> {
  const updates = responseUrl(200, 1, ACTION_URL);
  const res = await click(button);
  expect(res.status).toBe(200);
  await vi.waitFor(() => expect(updates).toHaveLength(1));
  const body = updates[0]!.body;
  expect(Message.safeParse({ text: body.text, blocks: body.blocks }).success).toBe(true);
  return body;
}

describe("buttons on an answer re-run it with one change and update it in place", () => {
  it("turns gradient checkpointing on, says so, and the total drops", async () => {
    const body = await clickAndRead(find(buttonsOf("7B lora gpu=24gb seq=4k"), "vram_change:ckpt-on"));
    expect(body.replace_original).toBe(true);
    expect(visibleText(body)).toContain("Changed: checkpointing on");
    const back = decodeState(find(buttonsFromBody(body), "vram_change:undo").value)!.request;
    const now = decodeState(find(buttonsFromBody(body), "vram_change:ckpt-off").value)!.request;
    expect(now).toContain("ckpt=off");
    const total = (text: string) => {
      const r = answerText(text);
      if (r.kind !== "answer") throw new Error(text);
      return r.answer.scenarios[0]!.bytes.total;
    };
    // The answer shown (checkpointing on) is smaller than the one before (Undo's) and the one after (ckpt-off).
    expect(total(back)).toBeGreaterThan(total(back.replace(/$/, " ckpt")));
  });

  it("turns gradient checkpointing off again", async () => {
    const on = buttonsFromBody(await clickAndRead(find(buttonsOf("7B lora gpu=24gb ckpt"), "vram_change:ckpt-off")));
    expect(on.some((b) => b.action_id === "vram_change:ckpt-on")).toBe(true);
  });

  it("switches to QLoRA", async () => {
    const body = await clickAndRead(find(buttonsOf("llama-3.1-8b full gpu=4090"), "vram_change:qlora"));
    expect(visibleText(body)).toContain("QLoRA");
    expect(visibleText(body)).toContain("Fits on RTX 4090 24 GB with QLoRA");
  });

  it("offers a longer context when it fits, says what changed, and undoes it", async () => {
    const body = await clickAndRead(
      find(buttonsOf("llama-3.1-8b qlora gpu=a100-80gb seq=4k"), "vram_change:double-seq"),
    );
    expect(visibleText(body)).toContain("8k tokens");
    expect(visibleText(body)).toContain("Changed: 4k → 8k context");
    const back = await clickAndRead(find(buttonsFromBody(body), "vram_change:undo"));
    expect(visibleText(back)).toContain("4k tokens");
    expect(visibleText(back)).not.toContain("Changed:");
  });

  it("does not offer a longer context that would not fit", () => {
    const ids = buttonsOf("llama-3.1-8b lora gpu=4090 seq=8k").map((b) => b.action_id);
    expect(ids).not.toContain("vram_change:double-seq");
  });

  it("shows a cheaper and a bigger card beside the one named", async () => {
    const body = await clickAndRead(find(buttonsOf("7B lora gpu=4090"), "vram_change:other-gpus"));
    for (const gpu of ["RTX 4090", "RTX 4060 Ti", "RTX 5090"]) expect(visibleText(body)).toContain(gpu);
  });

  it("offers serving changes on a serving answer, and at most five buttons", () => {
    const ids = buttonsOf("llama-3.1-70b inference gpu=h100 ctx=8k").map((b) => b.action_id);
    expect(ids).toEqual(expect.arrayContaining(["vram_change:kv-fp8", "vram_change:int4"]));
    expect(ids).not.toContain("vram_change:qlora");
    expect(ids).not.toContain("vram_change:ckpt-on");
    for (const text of ["llama-3.1-8b lora bf16 seq=8k gpu=a10g", "7B lora gpu=4090", "70b inference gpu=h100"]) {
      expect(buttonsOf(text).length, text).toBeLessThanOrEqual(5);
    }
  });

  it("shows the formulas on Why? and hides them again", async () => {
    const body = await clickAndRead(find(buttonsOf("7B lora gpu=4090"), "vram_why"));
    expect(visibleText(body)).toContain("Why these numbers");
    const hidden = await clickAndRead(find(buttonsFromBody(body), "vram_why"));
    expect(visibleText(hidden)).not.toContain("Why these numbers");
  });

  it("shares an ephemeral answer in the channel, credited, and removes the private copy", async () => {
    const calls = responseUrl(200, 2, ACTION_URL);
    await click(find(buttonsOf("7B lora gpu=4090"), "vram_share"));
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[0]!.body.response_type).toBe("in_channel");
    expect(visibleText(calls[0]!.body)).toContain("Shared by <@U0USER>");
    expect(visibleText(calls[0]!.body)).not.toContain("Share in channel");
    expect(calls[1]!.body.delete_original).toBe(true);
  });

  it("opens the form from the Home tab's button", async () => {
    const opened = slackApi("views.open");
    await click({ action_id: "vram_open_form" });
    await vi.waitFor(() => expect(opened).toHaveLength(1));
    expect(ModalView.parse(opened[0]!.body.view).callback_id).toBe("vram_form");
    expect(opened[0]!.body.trigger_id).toBe("1337.43.efgh");
  });

  it.each([
    ["a tampered value", '{"q":"7B lora gpu=4090","u":"<!channel>"}'],
    [
      "a model removed from the catalog since",
      '{"r":' +
        JSON.stringify({ ...EstimationRequest.parse({ model: { kind: "catalog", id: "llama-9-900b" } }) }) +
        ',"e":"x"}',
    ],
    [
      "a GPU removed from the catalog since",
      '{"r":' +
        JSON.stringify(
          EstimationRequest.parse({ model: { kind: "size", params: 7e9 }, gpus: [{ id: "voodoo-5", count: 1 }] }),
        ) +
        ',"e":"x"}',
    ],
    ["not even JSON", "{nope"],
  ])("answers %s with a polite note instead of trusting it", async (_label, value) => {
    const notes = responseUrl(200, 1, ACTION_URL);
    await click({ action_id: "vram_change:qlora", value });
    await vi.waitFor(() => expect(notes).toHaveLength(1));
    expect(notes[0]!.body.replace_original).toBe(false);
    expect(String(notes[0]!.body.text)).toContain("can no longer be updated");
  });

  it("updates a thread answer in place only for the person who asked; anyone else gets a private copy", async () => {
    const threadAnswer = replyTo("7B lora gpu=4090", {
      prefix: "@VRAM Advisor",
      shareable: false,
      asker: "U0ASKER",
    }).message;
    const why = threadAnswer.blocks
      .flatMap((b) => (b.type === "actions" ? b.elements : []))
      .find((b) => b.action_id === "vram_why")!;
    const other = responseUrl(200, 1, ACTION_URL);
    await clickButton(h, why, ACTION_URL, { user: "U0OTHER", ephemeral: false });
    await vi.waitFor(() => expect(other).toHaveLength(1));
    expect(other[0]!.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    const asker = responseUrl(200, 1, ACTION_URL);
    await clickButton(h, why, ACTION_URL, { user: "U0ASKER", ephemeral: false });
    await vi.waitFor(() => expect(asker).toHaveLength(1));
    expect(asker[0]!.body.replace_original).toBe(true);
  });

  it("counts a share as done when only removing the private copy fails, without an apology", async () => {
    const calls = responseUrl(200, 1, ACTION_URL);
    const failedDelete = responseUrl(404, 1, ACTION_URL);
    await click(find(buttonsOf("7B lora gpu=4090"), "vram_share"));
    await vi.waitFor(() => expect(failedDelete).toHaveLength(1));
    await vi.waitFor(() => expect(h.logs.some((l) => l.includes("private copy could not be removed"))).toBe(true));
    expect(calls[0]!.body.response_type).toBe("in_channel");
    expect(JSON.stringify(calls)).not.toContain("Sorry");
  });
});

function buttonsFromBody(body: Record<string, unknown>): Button[] {
  const blocks = Message.parse({ text: body.text, blocks: body.blocks }).blocks;
  return blocks.flatMap((b) => (b.type === "actions" ? b.elements : []));
}
