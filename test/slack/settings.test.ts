import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import nock from "nock";
import { HomeView } from "../../src/render/slack/blockkit.js";
import { openDb } from "../../src/store/index.js";
import {
  commandBody,
  RESPONSE_URL,
  responseUrl,
  send,
  slackApi,
  slackEvent,
  startApp,
  visibleText,
  type Harness,
} from "../support/slack.js";

const FORM = "application/x-www-form-urlencoded";

/** A `/vram …` whose result comes to the response_url after an empty acknowledgement. */
async function later(h: Harness, text: string, team = "T0TEAM", user = "U0USER"): Promise<string> {
  const posted = responseUrl(200, 1, RESPONSE_URL);
  const res = await send(h, commandBody(text, { team_id: team, user_id: user }), FORM);
  expect(res.status).toBe(200);
  expect(res.text).toBe("");
  await vi.waitFor(() => expect(posted).toHaveLength(1));
  expect(posted[0]!.body.response_type).toBe("ephemeral");
  return visibleText(posted[0]!.body);
}

/** A `/vram …` answered in the acknowledgement. */
async function now(h: Harness, text: string, team = "T0TEAM", user = "U0USER"): Promise<string> {
  const res = await send(h, commandBody(text, { team_id: team, user_id: user }), FORM);
  expect(res.status).toBe(200);
  return visibleText(JSON.parse(res.text) as Record<string, unknown>);
}

describe("saved defaults through the real Bolt app", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startApp();
  });
  afterAll(async () => {
    await h.close();
  });

  it("shows none at first, with how to set one", async () => {
    const shown = await later(h, "set");
    expect(shown).toContain("*Your defaults:* none yet");
    expect(shown).toContain("/vram set gpu=4090 seq=4k");
  });

  it("saves a personal default card and context, and the next question uses them and says so", async () => {
    expect(await later(h, "set gpu=4090 seq=4k")).toContain("Saved your defaults: `gpu=rtx-4090`, `seq=4k`");
    const answer = await now(h, "llama-3.1-8b qlora");
    expect(answer).not.toContain("can't be read right now");
    expect(answer).toContain("Fits on RTX 4090 24 GB");
    expect(answer).toContain("Using your defaults `gpu=rtx-4090` and `seq=4k`");
    // What the question says wins over a default.
    const typed = await now(h, "llama-3.1-8b qlora gpu=a100-80 seq=2k");
    expect(typed).toContain("A100 80 GB");
    expect(typed).not.toContain("Using your default");
  });

  it("keeps one person's defaults from another's in the same workspace", async () => {
    const other = await now(h, "llama-3.1-8b qlora", "T0TEAM", "U0BOB");
    expect(other).not.toContain("RTX 4090");
    expect(other).not.toContain("Using your default");
  });

  it("applies the workspace's defaults to everyone, under each person's own", async () => {
    expect(await later(h, "set workspace unit=gib seq=8k")).toContain("Saved the workspace's defaults");
    const bob = await now(h, "llama-3.1-8b qlora gpu=4090", "T0TEAM", "U0BOB");
    expect(bob).toMatch(/\d GiB/);
    expect(bob).toContain("the workspace's defaults `seq=8k` and `unit=gib`");
    const mine = await now(h, "llama-3.1-8b qlora");
    expect(mine).toContain("Using your defaults `gpu=rtx-4090` and `seq=4k`, and the workspace's default `unit=gib`");
    const list = await later(h, "set");
    expect(list).toContain("*Your defaults:* `gpu=rtx-4090` · `seq=4k`");
    expect(list).toContain("*This workspace's defaults:* `seq=8k` · `unit=gib` (last set by <@U0USER> on ");
  });

  it("forgets a default, and says so when there was none", async () => {
    expect(await later(h, "unset gpu")).toContain("Forgot your default `gpu`");
    expect(await later(h, "unset gpu")).toContain("You had no default for `gpu`");
    expect(await now(h, "llama-3.1-8b qlora")).not.toContain("gpu=rtx-4090");
  });

  it("shows them on the Home tab", async () => {
    const published = slackApi("views.publish");
    await slackEvent(h, { type: "app_home_opened", user: "U0USER", channel: "D0DM", tab: "home", event_ts: "3.1" });
    await vi.waitFor(() => expect(published).toHaveLength(1));
    const home = JSON.stringify(HomeView.parse(published[0]!.body.view));
    expect(home).toContain("`seq=4k`");
    expect(home).toContain("`unit=gib`");
  });

  it("keeps each workspace's defaults its own", async () => {
    const elsewhere = await now(h, "llama-3.1-8b qlora gpu=4090", "T0OTHER", "U0USER");
    expect(elsewhere).not.toContain("Using");
    expect(elsewhere).not.toMatch(/\d GiB/);
    expect(await later(h, "set", "T0OTHER", "U0USER")).toContain("*Your defaults:* none yet");
  });

  it.each([
    ["set gpu=4091", "the GPU `4091`", "Try `/vram set gpu=4090`"],
    ["set colour=blue", "not `colour`", "Try `/vram set"],
    ["set seq=0", "seq", "Try `/vram set seq=4k`"],
    ["set workspace gpu=h100", "fleet", "Try `/vram fleet add 8x h100 as orion`"],
    ["set unit=furlongs", "`gb` or `gib`", "Try `/vram set unit=gib`"],
    ["unset", "which default", "Try `/vram unset gpu`"],
    [`set gpu=<!channel>${"x".repeat(500)}`, "longer than", "Try `/vram set gpu=4090 seq=4k`"],
  ])("answers `%s` at once with what was wrong and a corrected command, storing nothing", async (text, what, fix) => {
    const said = await now(h, text, "T0FRESH");
    expect(said).toContain(what);
    expect(said).toContain(fix);
    expect(said).not.toContain("<!channel>");
    expect(await later(h, "set", "T0FRESH")).toContain("none yet");
  });

  it("points a settings command in a DM to the slash command", async () => {
    const posted = slackApi("chat.postMessage");
    await slackEvent(h, {
      type: "message",
      channel_type: "im",
      user: "U0USER",
      text: "set gpu=4090",
      ts: "1700000000.000900",
      channel: "D0DM",
      event_ts: "1700000000.000900",
    });
    await vi.waitFor(() => expect(posted).toHaveLength(1));
    expect(visibleText(posted[0]!.body)).toContain("`/vram set gpu=4090`");
  });
});

describe("saved defaults with the database down", () => {
  let down: Harness;
  beforeAll(async () => {
    down = await startApp({ db: openDb({ engine: "postgres", url: "postgres://vram@127.0.0.1:9/none" }) });
  });
  afterAll(async () => {
    await down.close();
  });

  it("says nothing was saved, with a reference, and answers go on without defaults", async () => {
    const text = await later(down, "set gpu=4090");
    expect(text).toContain("nothing was changed");
    const ref = /reference `([^`]+)`/.exec(text)?.[1];
    expect(down.logs.some((l) => l.includes(ref!) && l.includes("settings command failed"))).toBe(true);
    const answer = await now(down, "llama-3.1-8b qlora gpu=4090 seq=4k");
    expect(answer).toContain("Fits on RTX 4090 24 GB");
    expect(answer).toContain("The team's GPUs and saved defaults can't be read right now");
  });
});

describe("FLEET_EDITORS=admins", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startApp({ env: { FLEET_EDITORS: "admins" } });
  });
  afterAll(async () => {
    await h.close();
  });

  /** Slack's users.info for one person, with their role. */
  const role = (user: string, admin: boolean, team = "T0TEAM") =>
    nock("https://slack.com")
      .post("/api/users.info", (b: Record<string, unknown>) => b.user === user)
      .reply(200, { ok: true, user: { id: user, team_id: team, is_admin: admin, is_owner: false } });

  it("lets an admin change the fleet and the workspace's defaults", async () => {
    role("U0ADMIN", true);
    expect(await later(h, "fleet add 8x h100 as vega", "T0TEAM", "U0ADMIN")).toContain("Saved *vega*");
    // The role is remembered for a few minutes: no second users.info.
    expect(await later(h, "set workspace seq=4k", "T0TEAM", "U0ADMIN")).toContain("Saved the workspace's default");
  });

  it("refuses anyone else's change, nothing stored, while their own defaults and reading stay open", async () => {
    role("U0MEMBER", false);
    expect(await later(h, "fleet remove vega", "T0TEAM", "U0MEMBER")).toContain("only admins and owners");
    expect(await later(h, "set workspace unit=gib", "T0TEAM", "U0MEMBER")).toContain("Only this workspace's admins");
    expect(await later(h, "fleet", "T0TEAM", "U0MEMBER")).toContain("*vega*");
    expect(await later(h, "set gpu=4090", "T0TEAM", "U0MEMBER")).toContain("Saved your default");
    const list = await later(h, "set", "T0TEAM", "U0MEMBER");
    expect(list).toContain("*This workspace's defaults:* `seq=4k` (last set by <@U0ADMIN>");
    expect(list).not.toContain("`unit=gib` (last set");
  });

  it("refuses an admin of another workspace (a shared channel) as it would anyone", async () => {
    role("U0GUEST", true, "T0ELSEWHERE");
    expect(await later(h, "fleet add 4090 as lyra", "T0TEAM", "U0GUEST")).toContain("only admins and owners");
  });

  it("changes nothing when Slack cannot say who is an admin, and logs why", async () => {
    nock("https://slack.com").post("/api/users.info").reply(200, { ok: false, error: "missing_scope" });
    const text = await later(h, "fleet add 4090 as lyra", "T0TEAM", "U0NEW");
    expect(text).toContain("couldn't check with Slack whether you are an admin");
    expect(h.logs.some((l) => l.includes("needs the users:read scope"))).toBe(true);
    expect(await later(h, "fleet", "T0TEAM", "U0NEW")).not.toContain("lyra");
  });
});
