import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { WORKSPACE_TABLES } from "../../src/store/workspace.js";
import {
  commandBody,
  type Harness,
  RESPONSE_URL,
  responseUrl,
  send,
  slackEvent,
  slashCommand,
  startApp,
  visibleText,
} from "../support/slack.js";

/** One workspace (SLACK_BOT_TOKEN): an uninstall deletes its data; a revoked token alone is the operator's to fix. */
let h: Harness;
beforeAll(async () => {
  h = await startApp();
});
afterAll(async () => {
  await h.close();
});

const logged = (match: Record<string, unknown>) =>
  vi.waitFor(
    () => {
      const line = h.logs
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((l) => Object.entries(match).every(([k, v]) => l[k] === v));
      if (!line) throw new Error(`no log line ${JSON.stringify(match)} yet`);
      return line;
    },
    { timeout: 5_000, interval: 10 },
  );

async function fleet(text: string, team = "T0TEAM"): Promise<string> {
  const posted = responseUrl(200, 1, RESPONSE_URL);
  await send(h, commandBody(text, { team_id: team }), "application/x-www-form-urlencoded");
  await vi.waitFor(() => expect(posted).toHaveLength(1));
  return visibleText(posted[0]!.body);
}
const teams = async (table: (typeof WORKSPACE_TABLES)[number]) =>
  [...new Set((await h.slack.db.kysely.selectFrom(table).select("team_id").execute()).map((r) => r.team_id))].sort();

describe("uninstall with one workspace (SLACK_BOT_TOKEN)", () => {
  it("keeps the data when only the bot token is revoked, and says what to do", async () => {
    expect(await fleet("fleet add 8x a100-40 as orion")).toContain("Saved *orion*");
    expect(await fleet("fleet add 4090 as lyra", "T0OTHER")).toContain("Saved *lyra*");
    const res = await slackEvent(h, { type: "tokens_revoked", tokens: { bot: ["U0BOT"] } });
    expect(res.status).toBe(200);
    const line = await logged({ msg: "the bot token was revoked: set a new SLACK_BOT_TOKEN to answer again" });
    expect(line.team).toBe("T0TEAM");
    await logged({ kind: "event:tokens_revoked", outcome: "token-revoked" });
    expect(await teams("fleet_groups")).toEqual(["T0OTHER", "T0TEAM"]);
  });

  it("deletes the workspace's GPUs, their history and settings on app_uninstalled, and nothing of another's", async () => {
    await h.slack.db.kysely
      .insertInto("settings")
      .values({
        team_id: "T0TEAM",
        user_id: "U0USER",
        field: "precision",
        value: "bf16",
        updated_by: "U0USER",
        updated_at: new Date().toISOString(),
      })
      .execute();
    // Answers read the fleet through memory: it holds orion now.
    expect(visibleText(JSON.parse((await slashCommand(h, "llama-3.1-8b lora seq=4k")).text))).toContain("orion");
    const res = await slackEvent(h, { type: "app_uninstalled" });
    expect(res.status).toBe(200);
    const done = await logged({ msg: "workspace forgotten: its data is deleted", team: "T0TEAM" });
    expect(done.deleted).toEqual({
      fleet_groups: 1,
      fleet_changes: 1,
      settings: 1,
      installations: 0,
      pending_requests: 0,
    });
    expect(await teams("fleet_groups")).toEqual(["T0OTHER"]);
    expect(await teams("fleet_changes")).toEqual(["T0OTHER"]);
    expect(await teams("settings")).toEqual([]);
    // The answers' memory of the fleet went with it.
    expect(await fleet("fleet")).toContain("No GPUs saved");
    expect(visibleText(JSON.parse((await slashCommand(h, "llama-3.1-8b lora seq=4k")).text))).not.toContain("orion");
  });
});
