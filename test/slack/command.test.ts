import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Message, ModalView } from "../../src/render/slack/blockkit.js";
import {
  RESPONSE_URL,
  responseUrl,
  slackApi,
  slashCommand,
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

/** The acknowledgement's body: for a command, the ephemeral answer itself. */
const ackBody = (res: { text: string }) => JSON.parse(res.text) as Record<string, unknown>;
const failures = () => h.logs.filter((l) => l.includes("listener failed"));

describe("/vram through the real Bolt app", () => {
  it("answers in the acknowledgement itself, ephemerally, with a verdict, the breakdown and buttons, and calls nothing else", async () => {
    const before = failures().length;
    const res = await slashCommand(h, "llama-3.1-8b qlora gpu=4090 seq=4k");
    expect(res.status).toBe(200);
    const body = ackBody(res);
    expect(body.response_type).toBe("ephemeral");
    expect(Message.safeParse({ text: body.text, blocks: body.blocks }).success).toBe(true);
    const text = visibleText(body);
    expect(text).toContain("Llama 3.1 8B");
    expect(text).toContain("Fits on RTX 4090 24 GB with QLoRA");
    for (const line of ["Weights", "Activations", "Overhead"]) expect(text).toContain(line);
    expect(text).toContain("Share in channel");
    expect(String(body.text)).toMatch(/QLoRA fits on RTX 4090/);
    await new Promise((r) => setTimeout(r, 50));
    expect(failures().length).toBe(before); // nock allows no other call: any would have failed and been logged
  });

  it("answers `help` with usage and examples", async () => {
    expect(visibleText(ackBody(await slashCommand(h, "help")))).toContain("/vram llama-3.1-8b qlora gpu=4090 seq=4k");
  });

  it("opens the form when typed with no text", async () => {
    const opened = slackApi("views.open");
    const res = await slashCommand(h, "");
    expect(res.status).toBe(200);
    expect(res.text).toBe("");
    await vi.waitFor(() => expect(opened).toHaveLength(1));
    expect(opened[0]!.body.trigger_id).toBe("1337.42.abcd");
    const view = ModalView.parse(opened[0]!.body.view);
    expect(view.callback_id).toBe("vram_form");
    expect((JSON.parse(view.private_metadata ?? "{}") as { responseUrl: string }).responseUrl).toMatch(
      new RegExp(`^${RESPONSE_URL}-\\d+$`),
    );
  });

  it("explains a word it cannot read, with a suggestion and a corrected example", async () => {
    const text = visibleText(ackBody(await slashCommand(h, "7B fp17 seq=2048")));
    expect(text).toContain("`fp17`");
    expect(text).toContain("fp16");
    // The correction is their own words fixed, not a stock example.
    expect(text).toContain("Try `7B fp16 seq=2048`");
    expect(text).not.toContain("llama-3.1-8b qlora gpu=4090");
  });

  it("tells a Mac user how to name their memory instead of the chip", async () => {
    const text = visibleText(ackBody(await slashCommand(h, "can I run llama 3.1 8b on my macbook m2 with 32 gb")));
    expect(text).toContain("I know no GPU called `m2`");
    expect(text).toContain("gpu=21gb");
  });

  it("asks for a size or a Hugging Face id for a model it does not know", async () => {
    const text = visibleText(ackBody(await slashCommand(h, "foobar-model lora")));
    expect(text).toContain("I don't know the model `foobar-model`");
    expect(text).toContain("`7B lora`");
  });

  it("apologises with a reference that is in the logs when the form cannot be opened", async () => {
    slackApi("views.open", { ok: false, error: "expired_trigger_id" });
    const apology = responseUrl(200);
    await slashCommand(h, "");
    await vi.waitFor(() => expect(apology).toHaveLength(1));
    const ref = /reference `([0-9a-f]{8})`/.exec(visibleText(apology[0]!.body))?.[1];
    expect(ref).toBeDefined();
    expect(
      h.logs.some(
        (l) => l.includes(`"ref":"${ref}"`) && l.includes("listener failed") && l.includes("expired_trigger_id"),
      ),
    ).toBe(true);
    expect(visibleText(apology[0]!.body)).not.toMatch(/at .*\.js:\d+/);
  });

  it("rejects a forged signature with 401 and runs no listener", async () => {
    const res = await slashCommand(h, "7B", {
      signature: "v0=0000000000000000000000000000000000000000000000000000000000000000",
    });
    expect(res.status).toBe(401);
    expect(res.text).not.toContain("blocks");
  });

  it("rejects a stale timestamp (over five minutes old) with 401", async () => {
    const res = await slashCommand(h, "7B", { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(res.status).toBe(401);
  });

  it("logs one line per request with its kind, latency and outcome, and never the secrets", async () => {
    await slashCommand(h, "7B lora gpu=24gb");
    await vi.waitFor(() =>
      expect(h.logs.some((l) => l.includes('"kind":"command:/vram"') && l.includes('"outcome":"answer"'))).toBe(true),
    );
    const line = JSON.parse(
      h.logs.find((l) => l.includes('"kind":"command:/vram"') && l.includes('"outcome":"answer"'))!,
    ) as Record<string, unknown>;
    expect(typeof line.latencyMs).toBe("number");
    const all = h.logs.join("\n");
    expect(all).not.toContain("test-signing-secret");
    expect(all).not.toContain("xoxb-1111");
  });
});
