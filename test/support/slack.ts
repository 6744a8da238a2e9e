import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Server } from "node:http";
import type { webApi } from "@slack/bolt";
import nock from "nock";
import { Env } from "../../src/config.js";
import type { HubCache } from "../../src/models/hub/cache.js";
import type { ReplyCache } from "../../src/render/slack/reply-cache.js";
import { createSlackApp, type SlackApp } from "../../src/slack/app.js";
import { createLogger } from "../../src/slack/logger.js";
import type { Db } from "../../src/store/index.js";
import { listen, stopAccepting } from "../../src/slack/server.js";

export const SIGNING_SECRET = "test-signing-secret-0123456789abcdef";
export const BOT_TOKEN = "xoxb-1111-2222-testtokenvalue";
export const RESPONSE_URL = "https://hooks.slack.com/commands/T0TEAM/1234/abcdef";
export const BOT_USER = "U0BOT";

export interface Harness {
  slack: SlackApp;
  url: string;
  /** Every log line the app wrote (JSON strings). */
  logs: string[];
  close(): Promise<void>;
}

/** The real Bolt app behind its HTTP receiver on 127.0.0.1 (a random port), logging into memory. */
export async function startApp(
  opts: {
    clientOptions?: webApi.WebClientOptions;
    replies?: ReplyCache;
    hub?: HubCache;
    /** More of the environment (PUBLIC_URL …). */
    env?: Record<string, string>;
    /** A database instead of the app's own temporary SQLite file. */
    db?: Db;
  } = {},
): Promise<Harness> {
  const logs: string[] = [];
  const log = createLogger({
    level: "debug",
    secrets: [SIGNING_SECRET, BOT_TOKEN],
    destination: { write: (s: string) => void logs.push(s) },
  });
  // Each app gets its own SQLite file, removed on close (never ./data of the checkout).
  const dataDir = mkdtempSync(join(tmpdir(), "vram-app-"));
  const config = Env.parse({
    DATABASE_URL: `file:${join(dataDir, "app.db")}`,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    PORT: "0",
    ...opts.env,
  });
  const slack = createSlackApp({
    config,
    log,
    botId: "B0BOT",
    botUserId: BOT_USER,
    clientOptions: { retryConfig: { retries: 0 }, ...opts.clientOptions },
    retry: { attempts: 3, baseMs: 5 },
    ...(opts.replies ? { replies: opts.replies } : {}),
    ...(opts.hub ? { hub: opts.hub } : {}),
    ...(opts.db ? { db: opts.db } : {}),
  });
  let ready = true;
  const { server, port } = await listen({
    port: 0,
    host: "127.0.0.1",
    slack: slack.http,
    ready: () => ready,
    inflight: slack.inflight,
    charts: slack.charts,
  });
  return {
    slack,
    url: `http://127.0.0.1:${port}`,
    logs,
    close: async () => {
      ready = false;
      await stopAccepting(server as Server);
      await slack.db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function signature(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

export interface Sent {
  status: number;
  text: string;
}

/** POST to /slack/events as Slack does: signed with the secret and the current time unless told otherwise. */
export interface SendOptions {
  timestamp?: number;
  /** A signature to send instead of the right one; null sends none. */
  signature?: string | null;
  headers?: Record<string, string>;
}

export async function send(h: Harness, body: string, contentType: string, opts: SendOptions = {}): Promise<Sent> {
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    "content-type": contentType,
    "x-slack-request-timestamp": String(timestamp),
    ...opts.headers,
  };
  const sig = opts.signature === undefined ? signature(body, timestamp) : opts.signature;
  if (sig !== null) headers["x-slack-signature"] = sig;
  const res = await fetch(`${h.url}/slack/events`, { method: "POST", headers, body });
  return { status: res.status, text: await res.text() };
}

/**
 * Each request Slack sends has its own response_url (and Slack takes 5 posts on one): these are made unique by a
 * suffix, and `responseUrl()` matches every url under the prefix.
 */
let urlSerial = 0;
const fresh = (prefix: string): string => `${prefix}-${++urlSerial}`;

export function commandBody(text: string, extra: Record<string, string> = {}): string {
  return new URLSearchParams({
    token: "legacy-verification-token",
    team_id: "T0TEAM",
    team_domain: "acme",
    channel_id: "C0CHAN",
    channel_name: "ml-infra",
    user_id: "U0USER",
    user_name: "ada",
    command: "/vram",
    text,
    api_app_id: "A0APP",
    response_url: fresh(RESPONSE_URL),
    trigger_id: "1337.42.abcd",
    ...extra,
  }).toString();
}

export const slashCommand = (h: Harness, text: string, opts: SendOptions = {}) =>
  send(h, commandBody(text), "application/x-www-form-urlencoded", opts);

export const interaction = (h: Harness, payload: unknown) =>
  send(h, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), "application/x-www-form-urlencoded");

export function eventBody(
  event: Record<string, unknown>,
  eventId = `Ev${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
): string {
  return JSON.stringify({
    token: "legacy-verification-token",
    team_id: "T0TEAM",
    api_app_id: "A0APP",
    event,
    type: "event_callback",
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: "T0TEAM", user_id: BOT_USER, is_bot: true }],
  });
}

export const slackEvent = (h: Harness, event: Record<string, unknown>) => send(h, eventBody(event), "application/json");

export interface Captured {
  path: string;
  body: Record<string, unknown>;
}

/** nock the Slack Web API: every call to `method` is answered `reply` and recorded (blocks decoded from JSON). */
export function slackApi(method: string, reply: Record<string, unknown> = { ok: true }, times = 1): Captured[] {
  const calls: Captured[] = [];
  nock("https://slack.com")
    .post(`/api/${method}`)
    .times(times)
    .reply(200, (path, body) => {
      calls.push({ path, body: decode(body) });
      return reply;
    });
  return calls;
}

/** nock a response_url: each POST is recorded and answered with `status`. */
export function responseUrl(status = 200, times = 1, url = RESPONSE_URL): Captured[] {
  const u = new URL(url);
  const calls: Captured[] = [];
  nock(u.origin)
    .post((path) => path === u.pathname || path.startsWith(`${u.pathname}-`))
    .times(times)
    .reply(status, (path, body) => {
      calls.push({ path, body: decode(body) });
      return status === 200 ? "ok" : "error";
    });
  return calls;
}

/** Web API bodies are form-encoded with JSON-encoded fields (blocks, view); response_url bodies are JSON. */
export function decode(body: unknown): Record<string, unknown> {
  const obj: Record<string, unknown> =
    typeof body === "string"
      ? (safeJson(body) ?? Object.fromEntries(new URLSearchParams(body)))
      : ((body ?? {}) as Record<string, unknown>);
  for (const key of ["blocks", "view"]) {
    const v = obj[key];
    if (typeof v === "string") obj[key] = JSON.parse(v);
  }
  return obj;
}

function safeJson(s: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(s);
    return typeof v === "object" && v !== null ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** All text of a message's blocks, for assertions that read like what the user sees. */
export function visibleText(body: Record<string, unknown>): string {
  return JSON.stringify(body.blocks ?? []) + String(body.text ?? "");
}

export const ACTION_URL = "https://hooks.slack.com/actions/T0TEAM/5678/ghijkl";

/** A click on a button of an (ephemeral) answer, as Slack posts it. */
export function clickButton(
  h: Harness,
  button: { action_id: string; value?: string | undefined },
  responseUrlOfMessage = fresh(ACTION_URL),
  /** `messageTs`: the message clicked (each click is on its own message unless told). */
  by: { user?: string; ephemeral?: boolean; messageTs?: string } = {},
) {
  return interaction(h, {
    type: "block_actions",
    user: { id: by.user ?? "U0USER", username: "ada", team_id: "T0TEAM" },
    api_app_id: "A0APP",
    token: "legacy-verification-token",
    container: {
      type: "message",
      message_ts: by.messageTs ?? `1700000000.${String(900 + ++urlSerial).padStart(6, "0")}`,
      channel_id: "C0CHAN",
      is_ephemeral: by.ephemeral ?? true,
    },
    trigger_id: "1337.43.efgh",
    team: { id: "T0TEAM", domain: "acme" },
    channel: { id: "C0CHAN", name: "ml-infra" },
    response_url: responseUrlOfMessage,
    actions: [
      {
        action_id: button.action_id,
        block_id: "b1",
        type: "button",
        value: button.value,
        action_ts: "1700000001.000000",
        text: { type: "plain_text", text: "x" },
      },
    ],
  });
}
