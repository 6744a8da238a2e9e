import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import nock from "nock";
import { HomeView, ModalView } from "../../src/render/slack/blockkit.js";
import {
  commandBody,
  interaction,
  RESPONSE_URL,
  responseUrl,
  send,
  slackApi,
  startApp,
  visibleText,
  type Harness,
} from "../support/slack.js";

/** Home's "Edit" clicked, as Slack posts a Home tab's button (no response_url, a trigger_id). */
function clickEdit(h: Harness, user = "U0USER") {
  return interaction(h, {
    type: "block_actions",
    user: { id: user, username: "ada", team_id: "T0TEAM" },
    api_app_id: "A0APP",
    token: "legacy-verification-token",
    container: { type: "view", view_id: "V0HOME" },
    trigger_id: "1337.45.mnop",
    team: { id: "T0TEAM", domain: "acme" },
    view: { id: "V0HOME", type: "home", team_id: "T0TEAM" },
    actions: [{ action_id: "vram_edit_fleet", block_id: "b1", type: "button", action_ts: "1700000002.000000" }],
  });
}

/** The fleet modal saved, as Slack sends a view_submission. */
function save(h: Harness, fields: { gpus?: string; name?: string; remove?: string[] }, user = "U0USER") {
  const text = (v: string | undefined) => ({ type: "plain_text_input", value: v ?? null });
  return interaction(h, {
    type: "view_submission",
    team: { id: "T0TEAM", domain: "acme" },
    user: { id: user, username: "ada", team_id: "T0TEAM" },
    api_app_id: "A0APP",
    token: "legacy-verification-token",
    trigger_id: "1337.46.qrst",
    view: {
      id: "V0MODAL",
      team_id: "T0TEAM",
      type: "modal",
      callback_id: "vram_fleet",
      private_metadata: "",
      hash: "1.abc",
      state: {
        values: {
          fleet_gpus: { fleet_gpus: text(fields.gpus) },
          fleet_name: { fleet_name: text(fields.name) },
          ...(fields.remove
            ? {
                fleet_remove: {
                  fleet_remove: {
                    type: "multi_static_select",
                    selected_options: fields.remove.map((v) => ({ value: v, text: { type: "plain_text", text: v } })),
                  },
                },
              }
            : {}),
        },
      },
    },
  });
}

async function list(h: Harness): Promise<string> {
  const posted = responseUrl(200, 1, RESPONSE_URL);
  await send(h, commandBody("fleet"), "application/x-www-form-urlencoded");
  await vi.waitFor(() => expect(posted).toHaveLength(1));
  return visibleText(posted[0]!.body);
}

describe("editing the team's GPUs from the Home tab", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startApp();
  });
  afterAll(async () => {
    await h.close();
  });

  it("opens a modal from Home's Edit, offering the groups there are to remove", async () => {
    const home = slackApi("views.publish");
    expect((await save(h, { gpus: "8x a100-40", name: "orion" })).text).toBe("");
    await vi.waitFor(() => expect(home).toHaveLength(1));
    const published = HomeView.parse(home[0]!.body.view);
    expect(JSON.stringify(published)).toContain("*orion*: 8× A100 40 GB");
    expect(JSON.stringify(published)).toContain('"action_id":"vram_edit_fleet"');
    const opened = slackApi("views.open");
    await clickEdit(h);
    await vi.waitFor(() => expect(opened).toHaveLength(1));
    const modal = ModalView.parse(opened[0]!.body.view);
    expect(modal.callback_id).toBe("vram_fleet");
    expect(JSON.stringify(modal)).toContain('"value":"orion"');
  });

  it("says under the field what does not read, and saves nothing", async () => {
    const bad = JSON.parse((await save(h, { gpus: "8x a100-41", name: "vega" })).text) as {
      response_action: string;
      errors: Record<string, string>;
    };
    expect(bad.response_action).toBe("errors");
    expect(bad.errors.fleet_gpus).toContain("a100-41");
    const noName = JSON.parse((await save(h, { gpus: "2x h100" })).text) as { errors: Record<string, string> };
    expect(noName.errors.fleet_name).toContain("name");
    const taken = JSON.parse((await save(h, { gpus: "2x h100", name: "ORION" })).text) as {
      errors: Record<string, string>;
    };
    expect(taken.errors.fleet_name).toContain("already a group called orion");
    const empty = JSON.parse((await save(h, {})).text) as { errors: Record<string, string> };
    expect(empty.errors.fleet_gpus).toContain("choose groups to remove");
    expect(await list(h)).not.toContain("*vega*");
  });

  it("replaces a group in one save (remove, then add the same name), logged as two changes", async () => {
    const home = slackApi("views.publish");
    expect((await save(h, { gpus: "4x h100", name: "orion", remove: ["orion"] })).text).toBe("");
    await vi.waitFor(() => expect(home).toHaveLength(1));
    const text = JSON.stringify(home[0]!.body.view);
    expect(text).toContain("*orion*: 4× H100");
    expect(text).toContain("removed *orion* (8× A100 40 GB)");
    expect(await list(h)).toContain("4× H100");
  });
});

describe("the Home modal under FLEET_EDITORS=admins", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startApp({ env: { FLEET_EDITORS: "admins" } });
  });
  afterAll(async () => {
    await h.close();
  });

  it("refuses a member's save under the field, nothing stored", async () => {
    nock("https://slack.com")
      .post("/api/users.info")
      .reply(200, { ok: true, user: { id: "U0MEMBER", team_id: "T0TEAM", is_admin: false } });
    const res = JSON.parse((await save(h, { gpus: "8x h100", name: "vega" }, "U0MEMBER")).text) as {
      errors: Record<string, string>;
    };
    expect(res.errors.fleet_gpus).toContain("only admins and owners");
    expect(await list(h)).toContain("No GPUs saved");
  });
});
