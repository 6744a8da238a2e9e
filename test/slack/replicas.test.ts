import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Db, HubConfigStore, openDb } from "../../src/store/index.js";
import {
  BOT_USER,
  eventBody,
  type Harness,
  responseUrl,
  send,
  slackApi,
  slashCommand,
  startApp,
  visibleText,
} from "../support/slack.js";
import { engines, type TestDb } from "../support/stores.js";

const HUB = "https://hub.test";
const CONFIG = JSON.parse(readFileSync(new URL("../fixtures/hub/llama.json", import.meta.url), "utf8")) as nock.Body;
/** The stand-in Hub's answers for one repository (each asked once). */
const serve = (id: string) =>
  nock(HUB)
    .get(`/${id}/resolve/main/config.json`)
    .reply(200, CONFIG)
    .get(`/api/models/${id}`)
    .query(true)
    .reply(200, { id, sha: "feedface00", safetensors: { total: 8_030_261_248 } });

const mention = (text: string, ts: string) => ({
  type: "app_mention",
  user: "U0USER",
  text: `<@${BOT_USER}> ${text}`,
  ts,
  channel: "C0CHAN",
});
const RETRY = { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" };
/** How long a wait may last on this shared 2-core machine (answers come in milliseconds; a bound, not a timing). */
const WAIT = { timeout: 5_000 };

/** The request log lines (one per request) whose outcome starts with `prefix`. */
const outcomes = (h: Harness, prefix: string) => h.logs.filter((l) => l.includes(`"outcome":"${prefix}`));

const pg = engines().find((e) => e.name === "postgres")!;

describe.skipIf(pg.missing !== undefined)("two replicas on one PostgreSQL database", () => {
  let t: TestDb;
  let second: Db;
  let a: Harness;
  let b: Harness;
  beforeAll(async () => {
    t = await pg.open();
    second = openDb({ engine: "postgres", url: t.url });
    // Migrated before the first event, as a replica that has been up a while is.
    await t.db.ready();
    await second.ready();
    a = await startApp({ db: t.db, env: { HF_ENDPOINT: HUB } });
    b = await startApp({ db: second, env: { HF_ENDPOINT: HUB } });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await t?.drop();
  });

  it("answers an event delivered to both replicas at once exactly once", async () => {
    const posted = slackApi("chat.postMessage", { ok: true, ts: "1700000000.000200" }, 2);
    const body = eventBody(mention("7B lora gpu=24gb", "1700000003.000100"), "EvREPLICAS01");
    const sent = await Promise.all([send(a, body, "application/json"), send(b, body, "application/json")]);
    expect(sent.map((s) => s.status)).toEqual([200, 200]);
    // One replica claimed it and answered; the other found it claimed and said so in its request log.
    await vi.waitFor(() => expect(posted).toHaveLength(1), WAIT);
    await vi.waitFor(
      () => expect([...outcomes(a, "duplicate (claimed"), ...outcomes(b, "duplicate (claimed")]).toHaveLength(1),
      WAIT,
    );
    expect(posted).toHaveLength(1);
    expect(posted[0]!.body.thread_ts).toBe("1700000003.000100");
  });

  it("does not answer again a retry of an answered event that lands on the other replica", async () => {
    const posted = slackApi("chat.postMessage", { ok: true, ts: "1700000000.000300" }, 2);
    const body = eventBody(mention("13B qlora gpu=24gb", "1700000004.000100"), "EvREPLICAS02");
    await send(a, body, "application/json");
    await vi.waitFor(() => expect(posted).toHaveLength(1), WAIT);
    expect((await send(b, body, "application/json", { headers: RETRY })).status).toBe(200);
    await vi.waitFor(() => expect(outcomes(b, "duplicate (retry 1, claimed in the database)")).toHaveLength(1), WAIT);
    expect(posted).toHaveLength(1);
  });

  it("answers on replica B, without asking the Hub, a repository replica A looked up", async () => {
    const first = serve("acme/shared-8b");
    slackApi("chat.postMessage", { ok: true, channel: "C0CHAN", ts: "1700000000.000400" });
    const updated = slackApi("chat.update", { ok: true });
    await send(a, eventBody(mention("can I lora acme/shared-8b on a 4090?", "1700000005.000100")), "application/json");
    await vi.waitFor(() => expect(updated).toHaveLength(1), WAIT);
    expect(visibleText(updated[0]!.body)).toContain("acme/shared-8b");
    first.done();
    // A shares the result without holding its answer for it: wait until it is there for B.
    await vi.waitFor(async () => expect(await new HubConfigStore(second).get("acme/shared-8b")).toBeDefined(), WAIT);

    // The Hub would answer B too, were it asked: these stay unused.
    const spare = serve("acme/shared-8b");
    const unmatched: string[] = [];
    // Requests nock has no answer for (loopback ones, to the apps, pass through and are not counted).
    const onNoMatch = (req: { href?: string }) => {
      if (String(req.href).startsWith(HUB)) unmatched.push(String(req.href));
    };
    nock.emitter.on("no match", onNoMatch);
    try {
      const posts = responseUrl();
      const ack = await slashCommand(b, "acme/shared-8b qlora gpu=4090");
      expect(ack.status).toBe(200);
      await vi.waitFor(() => expect(posts).toHaveLength(1), WAIT);
      expect(visibleText(posts[0]!.body)).toContain("Fits on RTX 4090 24 GB with QLoRA");
      expect(visibleText(posts[0]!.body)).toContain("Hub config of `acme/shared-8b`");
      expect(spare.pendingMocks()).toHaveLength(2);
      expect(unmatched).toEqual([]);
      expect(b.logs.filter((l) => l.includes("shared Hub cache"))).toEqual([]);
    } finally {
      nock.emitter.off("no match", onNoMatch);
    }
  });
});

describe("one replica on SQLite, restarted", () => {
  const dir = mkdtempSync(join(tmpdir(), "vram-restart-"));
  const path = join(dir, "app.db");
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("does not answer again a retry that arrives after a restart within the window", async () => {
    const posted = slackApi("chat.postMessage", { ok: true, ts: "1700000000.000500" }, 2);
    const body = eventBody(mention("7B lora gpu=24gb", "1700000006.000100"), "EvRESTART01");
    const before = await startApp({ db: openDb({ engine: "sqlite", path }) });
    try {
      await send(before, body, "application/json");
      await vi.waitFor(() => expect(posted).toHaveLength(1), WAIT);
    } finally {
      await before.close();
    }
    const after = await startApp({ db: openDb({ engine: "sqlite", path }) });
    try {
      await send(after, body, "application/json", { headers: RETRY });
      await vi.waitFor(
        () => expect(outcomes(after, "duplicate (retry 1, claimed in the database)")).toHaveLength(1),
        WAIT,
      );
      expect(posted).toHaveLength(1);
    } finally {
      await after.close();
    }
  });
});

describe("the database down", () => {
  let h: Harness;
  beforeAll(async () => {
    // Nothing listens on port 1 of loopback: every connection is refused at once.
    h = await startApp({ db: openDb({ engine: "postgres", url: "postgres://vram@127.0.0.1:1/vram" }) });
  });
  afterAll(async () => {
    await h.close();
  });

  it("answers the event anyway, with a warning that carries its request reference", async () => {
    const posted = slackApi("chat.postMessage", { ok: true, ts: "1700000000.000600" });
    const res = await send(h, eventBody(mention("7B lora gpu=24gb", "1700000007.000100")), "application/json");
    expect(res.status).toBe(200);
    await vi.waitFor(() => expect(posted).toHaveLength(1), WAIT);
    const warning = h.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.eventId !== undefined);
    expect(warning).toMatchObject({ level: 40, msg: expect.stringContaining("answering it anyway") });
    await vi.waitFor(() => expect(h.logs.some((l) => l.includes('"msg":"request"'))).toBe(true), WAIT);
    const request = h.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === "request");
    expect(warning!.reqId).toBe(request!.reqId);
    expect(request!.outcome).not.toMatch(/duplicate/);
  });
});
