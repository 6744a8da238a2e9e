import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Message } from "../../src/render/slack/blockkit.js";
import { BOT_SCOPES } from "../../src/slack/oauth/scopes.js";
import { WORKSPACE_TABLES } from "../../src/store/workspace.js";
import {
  beginInstall,
  CLIENT_ID,
  CLIENT_SECRET,
  eventFrom,
  finishInstall,
  install,
  type SlackStandIn,
  STATE_SECRET,
  slackStandIn,
  startOAuthApp,
  type Workspace,
  workspace,
} from "../support/oauth.js";
import { commandBody, type Harness, send, SIGNING_SECRET, visibleText } from "../support/slack.js";

const FORM = "application/x-www-form-urlencoded";
const a = workspace("a");
const b = workspace("b");
const c = workspace("c"); // never installs
const org = { ...workspace("o"), org: true };

let stand: SlackStandIn;
let h: Harness & { key: string };
beforeAll(async () => {
  stand = await slackStandIn([a, b, c]);
  h = await startOAuthApp(stand);
});
afterAll(async () => {
  await h.close();
  await stand.close();
});

/** The log lines as objects. */
const lines = () => h.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
/** Wait for the request log line of an event or command (written when its listener has finished). */
const logged = (match: Record<string, unknown>) =>
  vi.waitFor(
    () => {
      const line = lines().find((l) => Object.entries(match).every(([k, v]) => l[k] === v));
      if (!line) throw new Error(`no log line ${JSON.stringify(match)} yet`);
      return line;
    },
    { timeout: 5_000, interval: 10 },
  );

/** `/vram …` from a workspace, its later answer posted to the stand-in's /respond/<name>. */
function command(ws: Workspace | { id: string }, text: string, name: string, user = "U0USER") {
  return send(
    h,
    commandBody(text, { team_id: ws.id, user_id: user, response_url: `${stand.url}/respond/${name}` }),
    FORM,
  );
}
async function answered(name: string): Promise<string> {
  await vi.waitFor(() => expect(stand.responses(name)).toHaveLength(1), { timeout: 5_000, interval: 10 });
  return visibleText(stand.responses(name)[0]!.body);
}
const rows = (table: (typeof WORKSPACE_TABLES)[number]) =>
  h.slack.db.kysely.selectFrom(table).select("team_id").execute();
/** The tables that keep a workspace's data for good (pending_requests holds a request only until it is answered). */
const KEPT = WORKSPACE_TABLES.filter((t) => t !== "pending_requests");
const teamsIn = async (table: (typeof WORKSPACE_TABLES)[number]) =>
  [...new Set((await rows(table)).map((r) => r.team_id))].sort();

/** A state the app did not sign: the same shape (a JWT), another secret. */
function forgedState(): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const head = `${part({ alg: "HS256", typ: "JWT" })}.${part({ installOptions: { scopes: [] }, now: new Date() })}`;
  return `${head}.${createHmac("sha256", "not-the-state-secret").update(head).digest("base64url")}`;
}

describe("installing in a workspace through Slack's OAuth flow", () => {
  it("sends the browser from /slack/install to Slack's authorize page with the client id, the manifest's scopes and a state its cookie matches", async () => {
    const begun = await beginInstall(h);
    expect(begun.status).toBe(302);
    expect(`${begun.location.origin}${begun.location.pathname}`).toBe("https://slack.com/oauth/v2/authorize");
    expect(begun.location.searchParams.get("client_id")).toBe(CLIENT_ID);
    expect(begun.location.searchParams.get("scope")?.split(",")).toEqual([...BOT_SCOPES]);
    expect(begun.state.length).toBeGreaterThan(20);
    expect(begun.cookie).toBe(`slack-app-oauth-state=${begun.state}`);
    expect(begun.setCookie).toMatch(/HttpOnly/);
    expect(begun.setCookie).toMatch(/Secure/);
    // Each visit gets its own state.
    expect((await beginInstall(h)).state).not.toBe(begun.state);
  });

  it("asks for users:read too, and only then, when FLEET_EDITORS=admins must read editors' roles", async () => {
    const admins = await startOAuthApp(stand, { env: { FLEET_EDITORS: "admins" } });
    try {
      const begun = await beginInstall(admins);
      expect(begun.location.searchParams.get("scope")?.split(",")).toEqual([...BOT_SCOPES, "users:read"]);
    } finally {
      await admins.close();
    }
  });

  it("exchanges the code on SLACK_API_URL, stores the installation with its token encrypted, and says so", async () => {
    const done = await install(h, a);
    expect(done.status).toBe(200);
    expect(done.html).toContain("VRAM Advisor is installed");
    expect(done.html).toContain("Team A");
    const [exchange] = stand.api("oauth.v2.access");
    expect(exchange?.body).toMatchObject({ code: a.code, client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
    expect(stand.api("auth.test").map((call) => call.token)).toEqual([a.token]);
    const row = await h.slack.db.kysely
      .selectFrom("installations")
      .selectAll()
      .where("team_id", "=", a.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ bot_user_id: a.botUserId, bot_id: a.botId, team_name: "Team A" });
    expect(JSON.stringify(row)).not.toContain(a.token);
    expect(JSON.stringify(row)).not.toContain("xoxb-");
    await logged({ msg: "installed in a workspace", team: a.id });
  });

  it("installs a second workspace beside the first", async () => {
    expect((await install(h, b)).status).toBe(200);
    expect(await teamsIn("installations")).toEqual([a.id, b.id]);
  });

  it("stores nothing for a forged, missing or another browser's state, and says the link expired", async () => {
    const exchanges = stand.api("oauth.v2.access").length;
    const begun = await beginInstall(h);
    const attempts = [
      finishInstall(h, { code: c.code }), // no state at all
      finishInstall(h, { code: c.code, state: begun.state }), // no cookie: another browser
      finishInstall(h, { code: c.code, state: begun.state }, "slack-app-oauth-state=someone-elses"),
      finishInstall(h, { code: c.code, state: forgedState() }, `slack-app-oauth-state=${forgedState()}`),
      finishInstall(h, { state: begun.state }, begun.cookie), // no code
    ];
    for (const page of await Promise.all(attempts)) {
      expect(page.status).toBe(400);
      expect(page.html).toContain("This install link has expired");
      expect(page.html).toContain('href="/slack/install"');
      expect(page.html).not.toMatch(/at .+:\d+:\d+/);
    }
    expect(stand.api("oauth.v2.access")).toHaveLength(exchanges);
    expect(await teamsIn("installations")).toEqual([a.id, b.id]);
  });

  it("says an install cancelled on Slack's page was cancelled, and one Slack refuses was not completed", async () => {
    const cancelled = await beginInstall(h);
    const page = await finishInstall(h, { error: "access_denied", state: cancelled.state }, cancelled.cookie);
    expect(page.html).toContain("Install cancelled");
    const refused = await beginInstall(h);
    const bad = await finishInstall(h, { code: "code-used-already", state: refused.state }, refused.cookie);
    expect(bad.status).toBe(502);
    expect(bad.html).toContain("Slack did not complete the install");
    expect(await teamsIn("installations")).toEqual([a.id, b.id]);
  });

  it("refuses an org-wide (Enterprise Grid) install with a page that says why, storing nothing", async () => {
    const orgStand = await slackStandIn([]);
    const orgApp = await startOAuthApp(orgStand);
    try {
      // The stand-in answers this code as Slack does for an org install: no team, an enterprise.
      orgStand.workspaces.push(org);
      const begun = await beginInstall(orgApp);
      const original = orgStand.calls.length;
      const page = await finishInstall(orgApp, { code: org.code, state: begun.state }, begun.cookie);
      expect(orgStand.calls.length).toBeGreaterThan(original);
      expect(page.status).toBe(400);
      expect(page.html).toContain("Install it in each workspace");
      await orgApp.slack.db.ready();
      expect(await orgApp.slack.db.kysely.selectFrom("installations").selectAll().execute()).toEqual([]);
      expect(orgApp.logs.some((l) => l.includes("install refused: org-wide installs are not supported"))).toBe(true);
    } finally {
      await orgApp.close();
      await orgStand.close();
    }
  });
});

describe("each request with its own workspace's token and data", () => {
  it("opens the form for a command with the token of the command's workspace", async () => {
    for (const ws of [a, b]) {
      const opened = stand.api("views.open").length;
      const res = await command(ws, "", `form-${ws.id}`);
      expect(res.status).toBe(200);
      await logged({ kind: "command:/vram", outcome: "form", team: ws.id });
      expect(stand.api("views.open")).toHaveLength(opened + 1);
      expect(stand.api("views.open").at(-1)?.token).toBe(ws.token);
    }
  });

  it("answers a mention in each workspace with that workspace's bot token", async () => {
    for (const ws of [b, a]) {
      const channel = `C0${ws.id}`;
      const res = await send(
        h,
        eventFrom(
          ws.id,
          {
            type: "app_mention",
            user: "U0ASKER",
            text: `<@${ws.botUserId}> 7B lora gpu=24gb`,
            ts: "1700000000.000100",
            channel,
          },
          ws.botUserId,
        ),
        "application/json",
      );
      expect(res.status).toBe(200);
      await vi.waitFor(() =>
        expect(stand.api("chat.postMessage").filter((p) => p.body.channel === channel)).toHaveLength(1),
      );
      const posted = stand.api("chat.postMessage").find((p) => p.body.channel === channel)!;
      expect(posted.token).toBe(ws.token);
      expect(visibleText(posted.body)).toContain("LoRA");
    }
  });

  it("keeps each workspace's GPUs its own, whoever asks: a request is its workspace's, never its user's", async () => {
    await command(a, "fleet add 8x a100-40 as orion", "add-a");
    expect(await answered("add-a")).toContain("Saved *orion*");
    // B's user in a request for workspace A: A's data (Slack signed it as A's), and B's stays empty.
    await command(a, "fleet", "list-a-by-b-user", "U0FROMB");
    expect(await answered("list-a-by-b-user")).toContain("8× A100 40 GB");
    await command(b, "fleet", "list-b");
    expect(await answered("list-b")).toContain("No GPUs saved");
    await command(b, "fleet remove orion", "remove-from-b");
    expect(await answered("remove-from-b")).toContain("There is no group called `orion`");
    await command(b, "fleet add 4090 as lyra", "add-b");
    expect(await answered("add-b")).toContain("Saved *lyra*");
    await command(a, "fleet", "list-a");
    const listA = await answered("list-a");
    expect(listA).toContain("orion");
    expect(listA).not.toContain("lyra");
    // Home for A: published with A's token, listing A's GPUs only.
    await send(
      h,
      eventFrom(a.id, { type: "app_home_opened", user: "U0USER", tab: "home", channel: "D0A" }),
      "application/json",
    );
    await logged({ kind: "event:app_home_opened", team: a.id });
    const home = stand.api("views.publish").at(-1)!;
    expect(home.token).toBe(a.token);
    expect(JSON.stringify(home.body.view)).toContain("orion");
    expect(JSON.stringify(home.body.view)).not.toContain("lyra");
  });

  it("never called Slack with a token other than the one of the workspace it was answering", () => {
    const known = new Set([a.token, b.token]);
    const withToken = stand.calls.filter((call) => call.token !== undefined);
    expect(withToken.length).toBeGreaterThan(5);
    expect(withToken.filter((call) => !known.has(call.token!))).toEqual([]);
  });

  it("refuses a request from a workspace with no installation politely, logs it, and calls Slack with no token", async () => {
    const before = stand.calls.filter((call) => call.token !== undefined).length;
    const res = await command(c, "7B lora gpu=24gb", "not-installed");
    expect(res.status).toBe(200);
    expect(res.text).toBe("");
    await vi.waitFor(() => expect(stand.responses("not-installed")).toHaveLength(1));
    const told = stand.responses("not-installed");
    expect(told[0]!.body.response_type).toBe("ephemeral");
    expect(Message.safeParse({ text: told[0]!.body.text, blocks: told[0]!.body.blocks }).success).toBe(true);
    expect(visibleText(told[0]!.body)).toContain("no installation on record for this workspace");
    const line = await logged({ msg: "request refused: the workspace has no installation", team: c.id });
    expect(line.kind).toBe("command:/vram");
    // An event: acknowledged (Slack does not retry), logged, no answer.
    const event = await send(
      h,
      eventFrom(c.id, { type: "app_mention", user: "U0X", text: "<@U0BOTC> 7B", ts: "1.1", channel: "C0C" }),
      "application/json",
    );
    expect(event.status).toBe(200);
    await logged({ msg: "request refused: the workspace has no installation", kind: "event:app_mention" });
    expect(stand.calls.filter((call) => call.token !== undefined)).toHaveLength(before);
  });
});

describe("uninstalling", () => {
  it("deletes that workspace's installation, GPUs, their history and settings, and leaves the other's", async () => {
    for (const ws of [a, b]) {
      await h.slack.db.kysely
        .insertInto("settings")
        .values({
          team_id: ws.id,
          user_id: "",
          field: "gpu",
          value: "h100",
          updated_by: "U0USER",
          updated_at: new Date().toISOString(),
        })
        .execute();
    }
    for (const table of KEPT) expect(await teamsIn(table), table).toEqual([a.id, b.id]);
    const res = await send(h, eventFrom(a.id, { type: "app_uninstalled" }), "application/json");
    expect(res.status).toBe(200);
    const done = await logged({ msg: "workspace forgotten: its data is deleted", team: a.id });
    expect(done.deleted).toEqual({
      fleet_groups: 1,
      fleet_changes: 1,
      settings: 1,
      installations: 1,
      pending_requests: 0,
    });
    for (const table of KEPT) expect(await teamsIn(table), table).toEqual([b.id]);
    // A's next request finds no installation (and no fleet in memory); B's is answered as before, with B's token.
    await command(a, "fleet", "after-uninstall-a");
    expect(await answered("after-uninstall-a")).toContain("no installation on record");
    await command(b, "fleet", "after-uninstall-b");
    expect(await answered("after-uninstall-b")).toContain("lyra");
  });

  it("deletes a workspace whose bot token is revoked, but not for revoked user tokens alone", async () => {
    await send(h, eventFrom(b.id, { type: "tokens_revoked", tokens: { oauth: ["U0ADMINB"] } }), "application/json");
    await logged({ kind: "event:tokens_revoked", outcome: "ignored", team: b.id });
    expect(await teamsIn("installations")).toEqual([b.id]);
    await send(h, eventFrom(b.id, { type: "tokens_revoked", tokens: { bot: [b.botUserId] } }), "application/json");
    await logged({ kind: "event:tokens_revoked", outcome: "workspace-forgotten", team: b.id });
    for (const table of KEPT) expect(await teamsIn(table), table).toEqual([]);
  });

  it("lets a workspace install again after an uninstall, starting from nothing", async () => {
    expect((await install(h, a)).status).toBe(200);
    await command(a, "fleet", "reinstalled");
    expect(await answered("reinstalled")).toContain("No GPUs saved");
  });

  it("never logged a token or secret along the way, nor an unhandled error", () => {
    expect(lines().filter((l) => l.msg === "unhandled error in Bolt" || l.msg === "listener failed")).toEqual([]);
    const all = h.logs.join("\n");
    for (const secret of [a.token, b.token, CLIENT_SECRET, STATE_SECRET, SIGNING_SECRET, h.key]) {
      expect(all).not.toContain(secret);
    }
  });
});
