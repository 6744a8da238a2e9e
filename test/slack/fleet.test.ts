import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { HomeView } from "../../src/render/slack/blockkit.js";
import { openDb } from "../../src/store/index.js";
import {
  commandBody,
  RESPONSE_URL,
  responseUrl,
  send,
  slackApi,
  slackEvent,
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

const FORM = "application/x-www-form-urlencoded";

/** `/vram …` from a workspace; the answer comes to the response_url. */
async function fleet(text: string, team = "T0TEAM", user = "U0USER"): Promise<string> {
  const posted = responseUrl(200, 1, RESPONSE_URL);
  const res = await send(h, commandBody(text, { team_id: team, user_id: user }), "application/x-www-form-urlencoded");
  expect(res.status).toBe(200);
  expect(res.text).toBe("");
  await vi.waitFor(() => expect(posted).toHaveLength(1));
  expect(posted[0]!.body.response_type).toBe("ephemeral");
  return visibleText(posted[0]!.body);
}

describe("/vram fleet through the real Bolt app", () => {
  it("starts empty and says how to add the team's GPUs", async () => {
    expect(await fleet("fleet")).toContain("No GPUs saved for this workspace yet");
  });

  it("saves a group, lists it with who added it, and refuses the same name twice", async () => {
    expect(await fleet("fleet add 8x a100-40 as orion")).toContain("Saved *orion*: 8× A100 40 GB");
    const list = await fleet("fleet");
    expect(list).toContain("*orion*: 8× A100 40 GB");
    expect(list).toContain("added by <@U0USER>");
    expect(await fleet("fleet add 2x h100 as Orion")).toContain("already has a group called *orion*");
  });

  it("shows the groups and their last changes on the Home tab", async () => {
    const published = slackApi("views.publish");
    await slackEvent(h, { type: "app_home_opened", user: "U0USER", channel: "D0DM", tab: "home", event_ts: "2.1" });
    await vi.waitFor(() => expect(published).toHaveLength(1));
    const home = JSON.stringify(HomeView.parse(published[0]!.body.view));
    expect(home).toContain("*orion*: 8× A100 40 GB");
    expect(home).toContain("<@U0USER> added *orion* (8× A100 40 GB) on ");
  });

  it("keeps each workspace's fleet its own, whatever a request from another one asks", async () => {
    expect(await fleet("fleet", "T0OTHER")).toContain("No GPUs saved");
    expect(await fleet("fleet remove orion", "T0OTHER")).toContain("There is no group called `orion`");
    expect(await fleet("fleet add 4090 as orion", "T0OTHER")).toContain("Saved *orion*: RTX 4090 24 GB");
    expect(await fleet("fleet")).toContain("8× A100 40 GB");
    expect(await fleet("fleet")).not.toContain("RTX 4090");
  });

  it("answers a question that names no GPU for the workspace's own GPUs, and one that names a GPU for that GPU", async () => {
    const own = JSON.parse((await slashCommand(h, "llama-3.1-8b lora seq=4k")).text) as Record<string, unknown>;
    expect(visibleText(own)).toContain("For this workspace's GPUs: orion (8× A100 40 GB)");
    expect(visibleText(own)).toMatch(/Fits on orion \(8× A100 40 GB\)/);
    const named = JSON.parse((await slashCommand(h, "llama-3.1-8b lora seq=4k gpu=4090")).text) as Record<
      string,
      unknown
    >;
    expect(visibleText(named)).not.toContain("this workspace's GPUs");
    expect(visibleText(named)).toContain("RTX 4090 24 GB");
    // Another workspace's question is answered for its own GPUs (its orion is one RTX 4090).
    const other = await send(h, commandBody("llama-3.1-8b lora seq=4k", { team_id: "T0OTHER" }), FORM);
    expect(visibleText(JSON.parse(other.text) as Record<string, unknown>)).toContain("orion (RTX 4090 24 GB)");
  });

  it("removes a group by name, and answers stop using it at once", async () => {
    expect(await fleet("fleet remove ORION")).toContain("Removed *orion* (8× A100 40 GB)");
    expect(await fleet("fleet")).toContain("No GPUs saved");
    const after = JSON.parse((await slashCommand(h, "llama-3.1-8b lora seq=4k")).text) as Record<string, unknown>;
    expect(visibleText(after)).not.toContain("this workspace's GPUs");
  });

  it.each([
    ["fleet add 8x a100-41 as orion", "`a100-41`", "Try `/vram fleet add 8x a100"],
    ["fleet add 0x h100 as spare", "not 0", "Try `/vram fleet add 1x h100 as spare`"],
    ["fleet add 100001x h100 as spare", "100,000", "Try `/vram fleet add 8x h100 as spare`"],
    [`fleet add 8x h100 as ${"n".repeat(41)}`, "40 characters", "as orion`"],
    ["fleet add 8x h100 as <!channel>", "one word", "as orion`"],
  ])("answers `%s` at once with what was wrong and a corrected command, storing nothing", async (text, what, fix) => {
    const res = await slashCommand(h, text);
    const body = JSON.parse(res.text) as Record<string, unknown>;
    expect(body.response_type).toBe("ephemeral");
    expect(visibleText(body)).toContain(what);
    expect(visibleText(body)).toContain(fix);
    expect(visibleText(body)).not.toContain("<!channel>");
    expect(await fleet("fleet")).toContain("No GPUs saved");
  });
});

describe("/vram fleet with the database down", () => {
  let down: Harness;
  beforeAll(async () => {
    // Port 9 (discard) on loopback: nothing listens, every connection is refused.
    down = await startApp({ db: openDb({ engine: "postgres", url: "postgres://vram@127.0.0.1:9/none" }) });
  });
  afterAll(async () => {
    await down.close();
  });

  it("says nothing was changed, with a reference, while estimates still answer", async () => {
    const posted = responseUrl(200, 1, RESPONSE_URL);
    await slashCommand(down, "fleet add 8x h100 as vega");
    await vi.waitFor(() => expect(posted).toHaveLength(1));
    const text = visibleText(posted[0]!.body);
    expect(text).toContain("can't be reached right now, so nothing was changed");
    const ref = /reference `([^`]+)`/.exec(text)?.[1];
    expect(down.logs.some((l) => l.includes(ref!) && l.includes("fleet command failed"))).toBe(true);
    const answer = await slashCommand(down, "llama-3.1-8b qlora gpu=4090 seq=4k");
    expect(visibleText(JSON.parse(answer.text) as Record<string, unknown>)).toContain("Fits on RTX 4090 24 GB");
  });
});

describe("fleet words in a mention", () => {
  it("points to the slash command, quoting what was typed", async () => {
    const posted = slackApi("chat.postMessage");
    await slackEvent(h, {
      type: "app_mention",
      user: "U0USER",
      text: "<@U0BOT> fleet add 8x h100 as vega",
      ts: "1700000000.000500",
      channel: "C0CHAN",
      event_ts: "1700000000.000500",
    });
    await vi.waitFor(() => expect(posted).toHaveLength(1));
    expect(posted[0]!.body.thread_ts).toBe("1700000000.000500");
    expect(visibleText(posted[0]!.body)).toContain("`/vram fleet add 8x h100 as vega`");
  });
});
