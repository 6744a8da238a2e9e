import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import nock from "nock";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Outbound } from "../../src/slack/outbound.js";
import { createLogger } from "../../src/slack/logger.js";
import { slashCommand, startApp, type Harness, clickButton, ACTION_URL, responseUrl } from "../support/slack.js";

/** An "internal" service on loopback that a forged response_url points at: it records whatever reaches it. */
async function internal(): Promise<{ url: string; hits: string[]; close: () => Promise<void> }> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(200).end("ok");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

describe("where the app may post", () => {
  const silent = createLogger({ level: "silent" });

  it("allows Slack's hooks over HTTPS only, GovSlack's only with GovSlack's API, and a configured API's own origin", () => {
    const slack = new Outbound(undefined, silent);
    expect(slack.allows("https://hooks.slack.com/commands/T1/2/abc")).toBe(true);
    expect(slack.allows("http://hooks.slack.com/commands/T1/2/abc")).toBe(false);
    expect(slack.allows("https://hooks.slack.com.evil.example/x")).toBe(false);
    expect(slack.allows("https://hooks.slack-gov.com/commands/T1/2/abc")).toBe(false);
    expect(slack.allows("http://127.0.0.1:8080/internal")).toBe(false);
    expect(slack.allows("not a url")).toBe(false);
    const gov = new Outbound("https://slack-gov.com/api/", silent);
    expect(gov.allows("https://hooks.slack-gov.com/commands/T1/2/abc")).toBe(true);
    expect(gov.allows("https://hooks.slack.com/commands/T1/2/abc")).toBe(false);
    const proxy = new Outbound("https://slack-proxy.corp.example/api/", silent);
    expect(proxy.allows("https://slack-proxy.corp.example/hooks/x")).toBe(true);
  });
});

describe("a block_actions payload whose response_url is not Slack's", () => {
  let h: Harness;
  let service: Awaited<ReturnType<typeof internal>>;
  beforeAll(async () => {
    h = await startApp();
    service = await internal();
    // The internal service is on loopback: nock must let the app try to reach it (and the app must not).
    nock.enableNetConnect("127.0.0.1");
  });
  afterAll(async () => {
    await service.close();
    await h.close();
  });

  it("posts nothing there, and logs the refusal with the host only", async () => {
    const answer = JSON.parse((await slashCommand(h, "llama-3.1-8b qlora gpu=4090")).text) as {
      blocks: { type: string; elements?: { action_id: string; value?: string }[] }[];
    };
    const why = answer.blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === "vram_why")!;
    const forged = `${service.url}/internal/admin?token=1`;
    const res = await clickButton(h, why, forged);
    expect(res.status).toBe(200);
    await vi.waitFor(() =>
      expect(h.logs.some((l) => l.includes("refused a post to a URL that is not Slack's"))).toBe(true),
    );
    expect(service.hits).toEqual([]);
    const line = h.logs.find((l) => l.includes("refused a post"))!;
    expect(line).toContain(service.url);
    expect(line).not.toContain("/internal/admin");
  });

  it("does not follow a redirect from Slack's host to anywhere else", async () => {
    const answer = JSON.parse((await slashCommand(h, "llama-3.1-8b qlora gpu=4090")).text) as {
      blocks: { type: string; elements?: { action_id: string; value?: string }[] }[];
    };
    const why = answer.blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === "vram_why")!;
    const u = new URL(ACTION_URL);
    nock(u.origin)
      .post(u.pathname)
      .times(3)
      .reply(307, "", { location: `${service.url}/internal/elsewhere` });
    await clickButton(h, why, ACTION_URL);
    await vi.waitFor(() => expect(h.logs.some((l) => l.includes("redirect"))).toBe(true));
    expect(service.hits).toEqual([]);
    nock.cleanAll();
    // A normal response_url still works.
    const ok = responseUrl(200, 1, ACTION_URL);
    await clickButton(h, why, ACTION_URL);
    await vi.waitFor(() => expect(ok).toHaveLength(1));
  });
});
