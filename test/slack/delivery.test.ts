import nock from "nock";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ACTION_URL, clickButton, responseUrl, slashCommand, startApp, type Harness } from "../support/slack.js";

let h: Harness;
beforeAll(async () => {
  h = await startApp();
});
afterAll(async () => {
  nock.cleanAll();
  await h.close();
});

async function buttonOf(text: string, id: string): Promise<{ action_id: string; value?: string }> {
  const body = JSON.parse((await slashCommand(h, text)).text) as {
    blocks: { elements?: { action_id: string; value?: string }[] }[];
  };
  return body.blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === id)!;
}

describe("a share is posted once", () => {
  it("posts once however often the same message's Share is clicked, at once or replayed later", async () => {
    const share = await buttonOf("7B lora gpu=4090", "vram_share");
    const url = `${ACTION_URL}-double`;
    const calls = responseUrl(200, 10, url);
    const same = { messageTs: "1700000100.000001" };
    await Promise.all([clickButton(h, share, url, same), clickButton(h, share, url, same)]);
    await vi.waitFor(() => expect(calls.filter((c) => c.body.response_type === "in_channel")).toHaveLength(1));
    await clickButton(h, share, url, same); // a replay of the same click, later
    await vi.waitFor(() =>
      expect(h.logs.filter((l) => l.includes('"outcome":"duplicate-share"')).length).toBeGreaterThanOrEqual(2),
    );
    expect(calls.filter((c) => c.body.response_type === "in_channel")).toHaveLength(1);
    // Someone else sharing the same message, or the same person another message, is a share of its own.
    await clickButton(h, share, `${url}-b`, { ...same, user: "U0OTHER" });
    await vi.waitFor(() => expect(calls.filter((c) => c.body.response_type === "in_channel")).toHaveLength(2));
  });

  it("lets a share Slack refused be clicked again, and posts it then", async () => {
    const share = await buttonOf("7B qlora gpu=4090", "vram_share");
    const same = { messageTs: "1700000100.000002" };
    const failing = `${ACTION_URL}-refused`;
    const refused = nock("https://hooks.slack.com").post(new URL(failing).pathname).times(5).reply(500, "oops");
    await clickButton(h, share, failing, same);
    await vi.waitFor(() => expect(h.logs.some((l) => l.includes('"msg":"listener failed"'))).toBe(true));
    const working = `${ACTION_URL}-retry`;
    const calls = responseUrl(200, 2, working);
    await clickButton(h, share, working, same);
    await vi.waitFor(() => expect(calls.filter((c) => c.body.response_type === "in_channel")).toHaveLength(1));
    expect(refused.pendingMocks().length).toBeLessThan(5);
    nock.cleanAll();
  });
});

describe("a response_url gets at most five posts", () => {
  it("stops at Slack's five, counted across retries and the apology, and logs it", async () => {
    const why = await buttonOf("7B lora gpu=4090", "vram_why");
    const dead = `${ACTION_URL}-dead`;
    let hits = 0;
    nock("https://hooks.slack.com")
      .post(new URL(dead).pathname)
      .times(20)
      .reply(() => {
        hits++;
        return [503, "unavailable"];
      });
    await clickButton(h, why, dead);
    await vi.waitFor(() => expect(h.logs.some((l) => l.includes("posts are spent; not posting"))).toBe(true));
    await vi.waitFor(() =>
      expect(h.logs.some((l) => l.includes("could not tell the user about the failure"))).toBe(true),
    );
    expect(hits).toBe(5);
    nock.cleanAll();
  });
});
