import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Env } from "../../src/config.js";
import { createSlackApp } from "../../src/slack/app.js";
import { createLogger } from "../../src/slack/logger.js";
import { listen, stopAccepting } from "../../src/slack/server.js";
import type { Db } from "../../src/store/index.js";
import { decode, type Harness, SIGNING_SECRET } from "./slack.js";

export const CLIENT_ID = "1111111111.2222222222";
export const CLIENT_SECRET = "client-secret-0123456789abcdef";
export const STATE_SECRET = "state-secret-0123456789abcdef";

/** A workspace that can install the app: what Slack's oauth.v2.access and auth.test say about it. */
export interface Workspace {
  id: string;
  name: string;
  code: string;
  token: string;
  botId: string;
  botUserId: string;
  /** Answered as an org-wide (Enterprise Grid) install: no team, an enterprise. */
  org?: boolean;
}

export function workspace(letter: string): Workspace {
  const L = letter.toUpperCase();
  return {
    id: `T0${L.repeat(3)}`,
    name: `Team ${L}`,
    code: `code-${letter}-${randomBytes(4).toString("hex")}`,
    token: `xoxb-${letter}${letter}-${randomBytes(6).toString("hex")}`,
    botId: `B0BOT${L}`,
    botUserId: `U0BOT${L}`,
  };
}

/** One request the stand-in received: the Web API method (or respond/… path), its token and its decoded body. */
export interface Call {
  path: string;
  method: string;
  token: string | undefined;
  body: Record<string, unknown>;
}

export interface SlackStandIn {
  url: string;
  /** Everything received, in order. */
  calls: Call[];
  /** Web API calls to `method`. */
  api(method: string): Call[];
  /** Posts to `${url}/respond/<name>`. */
  responses(name: string): Call[];
  /** Workspaces Slack will hand out tokens for (by their code). */
  workspaces: Workspace[];
  close(): Promise<void>;
}

const read = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let s = "";
    req.on("data", (c: Buffer) => (s += c.toString()));
    req.on("end", () => resolve(s));
  });

/**
 * slack.com on loopback, as much as the install flow and the app's answers use: oauth.v2.access exchanges a known
 * workspace's code (for the right client id and secret only), auth.test knows each workspace's bot token, any other
 * method says ok, and /respond/… stands in for response_urls. Every request is recorded with its bearer token.
 */
export async function slackStandIn(workspaces: Workspace[]): Promise<SlackStandIn> {
  const calls: Call[] = [];
  const server: Server = createServer((req, res) => {
    void read(req).then((text) => {
      const path = (req.url ?? "/").split("?")[0] ?? "/";
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
      const body = decode(text);
      const method = path.startsWith("/api/") ? path.slice("/api/".length) : path;
      calls.push({ path, method, token, body });
      const json = (o: unknown) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(o));
      if (path.startsWith("/respond/")) {
        res.writeHead(200).end("ok");
        return;
      }
      if (method === "oauth.v2.access") {
        const ws = workspaces.find((w) => w.code === body.code);
        if (body.client_id !== CLIENT_ID || body.client_secret !== CLIENT_SECRET) {
          json({ ok: false, error: "bad_client_secret" });
        } else if (!ws) {
          json({ ok: false, error: "invalid_code" });
        } else {
          json({
            ok: true,
            app_id: "A0APP",
            authed_user: { id: `U0ADMIN${ws.id.slice(-1)}` },
            scope: "commands,app_mentions:read,chat:write,im:history",
            token_type: "bot",
            access_token: ws.token,
            bot_user_id: ws.botUserId,
            team: ws.org ? null : { id: ws.id, name: ws.name },
            enterprise: ws.org ? { id: "E0ORG", name: "Org" } : null,
            is_enterprise_install: ws.org === true,
          });
        }
        return;
      }
      if (method === "auth.test") {
        const ws = workspaces.find((w) => w.token === token);
        json(
          ws
            ? { ok: true, team_id: ws.id, team: ws.name, user_id: ws.botUserId, bot_id: ws.botId, url: "https://x/" }
            : { ok: false, error: "invalid_auth" },
        );
        return;
      }
      if (!path.startsWith("/api/")) {
        res.writeHead(404).end();
        return;
      }
      json({ ok: true, ts: "1700000000.000200", channel: body.channel ?? "C0CHAN" });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    calls,
    workspaces,
    api: (method) => calls.filter((c) => c.method === method),
    responses: (name) => calls.filter((c) => c.path === `/respond/${name}`),
    close: () =>
      new Promise((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

export const tokenKey = (): string => randomBytes(32).toString("base64");

/** The real app in multi-workspace mode (no SLACK_BOT_TOKEN) on 127.0.0.1, its Web API on the stand-in. */
export async function startOAuthApp(
  stand: SlackStandIn,
  opts: { env?: Record<string, string>; db?: Db; key?: string } = {},
): Promise<Harness & { key: string }> {
  const logs: string[] = [];
  const key = opts.key ?? tokenKey();
  const dataDir = mkdtempSync(join(tmpdir(), "vram-oauth-"));
  const env = {
    DATABASE_URL: `file:${join(dataDir, "app.db")}`,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_CLIENT_ID: CLIENT_ID,
    SLACK_CLIENT_SECRET: CLIENT_SECRET,
    SLACK_STATE_SECRET: STATE_SECRET,
    TOKEN_ENCRYPTION_KEY: key,
    SLACK_API_URL: `${stand.url}/api/`,
    PORT: "0",
    ...opts.env,
  };
  const config = Env.parse(env);
  const log = createLogger({
    level: "debug",
    secrets: [SIGNING_SECRET, CLIENT_SECRET, STATE_SECRET, key],
    destination: { write: (s: string) => void logs.push(s) },
  });
  const slack = createSlackApp({
    config,
    log,
    clientOptions: { retryConfig: { retries: 0 } },
    retry: { attempts: 3, baseMs: 5 },
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
    key,
    url: `http://127.0.0.1:${port}`,
    logs,
    close: async () => {
      ready = false;
      await stopAccepting(server);
      await slack.db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Begun {
  status: number;
  location: URL;
  state: string;
  /** The Set-Cookie header as the browser got it. */
  setCookie: string;
  /** The cookie as the browser sends it back. */
  cookie: string;
}

/** A browser opening /slack/install: Slack's authorize URL, the state it carries and the cookie set beside it. */
export async function beginInstall(h: { url: string }): Promise<Begun> {
  const res = await fetch(`${h.url}/slack/install`, { redirect: "manual" });
  const location = new URL(res.headers.get("location") ?? "about:blank");
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith("slack-app-oauth-state=")) ?? "";
  const cookie = setCookie.split(";")[0] ?? "";
  return { status: res.status, location, state: location.searchParams.get("state") ?? "", setCookie, cookie };
}

/** The browser coming back from Slack's "Allow" to /slack/oauth_redirect. */
export async function finishInstall(
  h: { url: string },
  query: Record<string, string>,
  cookie?: string,
): Promise<{ status: number; html: string }> {
  const res = await fetch(`${h.url}/slack/oauth_redirect?${new URLSearchParams(query)}`, {
    redirect: "manual",
    headers: cookie ? { cookie } : {},
  });
  return { status: res.status, html: await res.text() };
}

/** The whole install of one workspace, as a browser does it. */
export async function install(h: { url: string }, ws: Workspace): Promise<{ status: number; html: string }> {
  const begun = await beginInstall(h);
  return finishInstall(h, { code: ws.code, state: begun.state }, begun.cookie);
}

/** An Events API delivery from one workspace, as Slack signs and sends it. */
export function eventFrom(team: string, event: Record<string, unknown>, botUserId = "U0BOT"): string {
  return JSON.stringify({
    token: "legacy-verification-token",
    team_id: team,
    api_app_id: "A0APP",
    event,
    type: "event_callback",
    event_id: `Ev${randomBytes(5).toString("hex").toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: team, user_id: botUserId, is_bot: true, enterprise_id: null }],
  });
}
