import { readFileSync } from "node:fs";
import { App } from "@slack/bolt";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parse } from "yaml";
import { z } from "zod";
import { Env } from "../../src/config.js";
import { ACTION } from "../../src/render/slack/ids.js";
import { replyTo } from "../../src/render/slack/reply.js";
import { homeView } from "../../src/render/slack/views.js";
import { COMMAND, createSlackApp } from "../../src/slack/app.js";
import { HANDLED_EVENTS } from "../../src/slack/listeners/events/index.js";
import { BOT_SCOPES } from "../../src/slack/oauth/scopes.js";
import { createLogger } from "../../src/slack/logger.js";

const Manifest = z.object({
  display_information: z.object({ name: z.string() }),
  features: z.object({
    app_home: z.object({
      home_tab_enabled: z.literal(true),
      messages_tab_enabled: z.literal(true),
      messages_tab_read_only_enabled: z.literal(false),
    }),
    bot_user: z.object({ display_name: z.string() }),
    slash_commands: z.array(z.object({ command: z.string(), description: z.string(), usage_hint: z.string().min(1) })),
  }),
  oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()) }) }),
  settings: z.object({
    event_subscriptions: z.object({ bot_events: z.array(z.string()) }),
    interactivity: z.object({ is_enabled: z.literal(true) }),
    socket_mode_enabled: z.literal(true),
  }),
});

const manifest = Manifest.parse(parse(readFileSync(new URL("../../manifest.yml", import.meta.url), "utf8")));

/** Manifest event names for the event types the code listens to (message in DMs arrives as message.im). */
const EVENT_NAME: Record<string, string> = {
  app_mention: "app_mention",
  message: "message.im",
  app_home_opened: "app_home_opened",
  app_uninstalled: "app_uninstalled",
  tokens_revoked: "tokens_revoked",
};
/** The bot scope each capability needs (api.slack.com/scopes). */
const SCOPE_FOR_EVENT: Record<string, string> = {
  app_mention: "app_mentions:read",
  "message.im": "im:history",
  app_home_opened: "",
  app_uninstalled: "",
  tokens_revoked: "",
};

function registered() {
  vi.restoreAllMocks();
  const spies = {
    command: vi.spyOn(App.prototype, "command"),
    event: vi.spyOn(App.prototype, "event"),
    action: vi.spyOn(App.prototype, "action"),
    view: vi.spyOn(App.prototype, "view"),
  };
  const config = Env.parse({ SLACK_BOT_TOKEN: "xoxb-1-2-x", SLACK_SIGNING_SECRET: "s".repeat(32) });
  createSlackApp({ config, log: createLogger({ level: "silent" }), botId: "B1", botUserId: "U1" });
  return {
    commands: spies.command.mock.calls.map((c) => String(c[0])),
    events: spies.event.mock.calls.map((c) => c[0] as string | RegExp),
    actions: spies.action.mock.calls.map((c) => c[0] as string | RegExp),
    views: spies.view.mock.calls.map((c) => String(c[0])),
  };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("manifest.yml against the listeners the code registers", () => {
  it("declares every slash command the code handles, and no other", () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(registered().commands);
    expect(registered().commands).toEqual([COMMAND]);
  });

  it("subscribes to exactly the events the code handles", () => {
    const { events } = registered();
    const handles = (type: string) => events.some((e) => (typeof e === "string" ? e === type : e.test(type)));
    // Every event type Slack could send that the listeners match, among the common ones, is one we mean to handle…
    const universe = [
      ...HANDLED_EVENTS,
      "reaction_added",
      "member_joined_channel",
      "team_join",
      "channel_created",
      "message_changed",
    ];
    expect(universe.filter(handles)).toEqual([...HANDLED_EVENTS]);
    // …and the manifest subscribes to exactly those.
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(
      HANDLED_EVENTS.map((e) => EVENT_NAME[e] ?? `unmapped:${e}`).sort(),
    );
  });

  it("asks for the scopes those events and replies need, and nothing unused", () => {
    const needed = new Set([
      "commands",
      "chat:write",
      ...manifest.settings.event_subscriptions.bot_events.map((e) => SCOPE_FOR_EVENT[e] ?? `unknown:${e}`),
    ]);
    needed.delete("");
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());
  });

  it("makes the install (OAuth) ask for exactly the manifest's bot scopes", () => {
    expect([...BOT_SCOPES].sort()).toEqual([...manifest.oauth_config.scopes.bot].sort());
  });

  it("handles every action_id that the rendered answers, help and Home tab contain", () => {
    const { actions } = registered();
    const handled = (id: string) => actions.some((a) => (typeof a === "string" ? a === id : a.test(id)));
    const surfaces = [
      replyTo("7B lora gpu=4090 seq=4k", { prefix: "/vram", shareable: true }).message,
      replyTo("llama-3.1-8b qlora gpu=4090 ckpt", { prefix: "/vram", shareable: true }).message,
      homeView(),
    ];
    const ids = surfaces.flatMap((s) => [...JSON.stringify(s).matchAll(/"action_id":"([^"]+)"/g)].map((m) => m[1]!));
    expect(ids.length).toBeGreaterThan(5);
    expect(ids.filter((id) => !handled(id))).toEqual([]);
    expect(handled(ACTION.share) && handled(ACTION.why) && handled(ACTION.openForm)).toBe(true);
  });

  it("handles the modals it opens: the form and the fleet editor", () => {
    expect(registered().views).toEqual(["vram_form", "vram_fleet"]);
  });
});

describe("Socket Mode", () => {
  it("constructs the app offline when SLACK_APP_TOKEN is set (no connection until start)", () => {
    const config = Env.parse({ SLACK_BOT_TOKEN: "xoxb-1-2-x", SLACK_APP_TOKEN: "xapp-1-A1-2-x" });
    expect(config.mode).toBe("socket");
    const slack = createSlackApp({ config, log: createLogger({ level: "silent" }) });
    expect(slack.receiver).toBeUndefined();
    expect(slack.app).toBeInstanceOf(App);
  });
});
