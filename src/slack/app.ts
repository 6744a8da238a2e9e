import { App, HTTPReceiver, webApi } from "@slack/bolt";
import type pino from "pino";
import type { Config } from "../config.js";
import type { Deps } from "./deps.js";
import { Inflight } from "./inflight.js";
import { registerActions } from "./listeners/actions/index.js";
import { registerCommands } from "./listeners/commands/index.js";
import { registerEvents } from "./listeners/events/index.js";
import { registerViews } from "./listeners/views/index.js";
import { boltLogger } from "./logger.js";
import { dedupeEvents, SEEN_WINDOW_MS, SeenIds } from "./dedupe.js";
import { LOOKUP_BUDGET_MS } from "../models/hub/client.js";
import { createHub, type HubCache, tokenFor } from "../models/hub/index.js";
import { ReplyCache } from "../render/slack/reply-cache.js";
import { requestLog } from "./request-log.js";
import { ChartLinks, ChartRoute } from "./charts/index.js";
import { FleetCache } from "./fleet-cache.js";
import { TeamCache } from "./team-cache.js";
import { Editors } from "./editors.js";
import { Outbound } from "./outbound.js";
import { SlackLanes } from "./lanes.js";
import { Once } from "./once.js";
import { PendingWork } from "./pending.js";
import { PendingStore } from "../store/pending.js";
import { createIntake } from "./intake.js";
import type { SlackHttp } from "./server.js";
import { SettingsStore, type TeamSettings } from "../store/settings.js";
import { type Db, describeTarget, FleetStore, HubConfigStore, openDb, SeenEventStore } from "../store/index.js";
import { HTTP_TIMEOUT_MS, RESPONSE_URL_RETRY, timedFetch, type RetryPolicy } from "./retry.js";
import type { InstallationsStore } from "../store/installations.js";
import { forgetWorkspace } from "../store/workspace.js";
import { INSTALL_PATH, oauthReceiverOptions } from "./oauth/installer.js";
import { refusedRequests } from "./oauth/refused.js";

/** The slash command, as manifest.yml declares it. */
export const COMMAND = "/vram";
/** Slack's payloads are a few kB; anything far larger is refused with 413 before it is parsed. */
export const BODY_LIMIT_BYTES = 256 * 1024;
/** What Bolt's extended error handler is given (Bolt exports no name for it: the last overload of App#error). */
type ErrorArgs = Parameters<Parameters<App["error"]>[0]>[0];

export interface SlackAppOptions {
  config: Config;
  log: pino.Logger;
  /** Known bot ids skip the auth.test call at start (tests; a deployment that pins them). */
  botId?: string;
  botUserId?: string;
  /** Web API client options beyond the config (tests shorten retries). */
  clientOptions?: webApi.WebClientOptions;
  /** Retries of response_url posts (tests shorten the back-off). */
  retry?: RetryPolicy;
  /** Where replies come from (tests put in one that fails, to exercise the apology path). */
  replies?: ReplyCache;
  /** The Hugging Face Hub client (tests point it at a stand-in). */
  hub?: HubCache;
  /** The database (default: the one DATABASE_URL names). */
  db?: Db;
}

export interface SlackApp {
  app: App;
  /** Set in HTTP mode: its requestListener serves Slack's requests. */
  receiver?: HTTPReceiver;
  inflight: Inflight;
  /** Requests acknowledged before they are answered: main() starts its sweep once ready, and gives up what is left at shutdown. */
  pending: PendingWork;
  /** HTTP mode: what `listen` serves Slack's requests with: the intake (signature, payload), then the receiver. */
  http?: SlackHttp;
  /** Set with PUBLIC_URL: serves the answers' charts (GET /charts/v1/…), in HTTP and Socket Mode alike. */
  charts?: ChartRoute;
  /** The team's data; closed by the caller at shutdown. */
  db: Db;
  /** Multi-workspace mode: the workspaces' installations (main() re-encrypts rows under an old key at start). */
  installations?: InstallationsStore;
}

/** The Bolt app with every listener registered; HTTP or Socket Mode as the config says. Starts nothing. */
export function createSlackApp(opts: SlackAppOptions): SlackApp {
  const { config, log } = opts;
  const logger = boltLogger(log);
  const outbound = new Outbound(config.apiUrl, log);
  const clientOptions: webApi.WebClientOptions = {
    // Slack's client retries 429 (after Retry-After), 5xx and network errors; five tries in five minutes suits a chat answer.
    retryConfig: webApi.retryPolicies.fiveRetriesInFiveMinutes,
    timeout: HTTP_TIMEOUT_MS,
    // Bolt's `respond` posts to response_urls with this fetch too: every outgoing call has a deadline, and goes to
    // Slack's Web API or one of Slack's response_url hosts, nowhere else (a forged payload's URL is refused).
    fetch: outbound.fetch,
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
    ...opts.clientOptions,
  };
  // Opening contacts nothing yet (SQLite makes its file): a database that is down never stops the app starting.
  const db =
    opts.db ??
    openDb(config.database, (err) =>
      log.warn({ err }, `database connection lost (${describeTarget(config.database)})`),
    );
  // Multi-workspace mode: Bolt's install flow on the HTTP receiver, installations (tokens encrypted) in the database.
  const oauth = config.oauth
    ? oauthReceiverOptions(config.oauth, { db, log, clientOptions, apiUrl: config.apiUrl, editors: config.editors })
    : undefined;
  // Without known ids the App defers initialisation: main() then calls init(), whose auth.test checks the token.
  // With installs there is no one token to check: each request's comes from its workspace's installation.
  const ids = oauth
    ? { deferInitialization: false }
    : opts.botId && opts.botUserId
      ? { botId: opts.botId, botUserId: opts.botUserId, deferInitialization: false }
      : { deferInitialization: true };
  let receiver: HTTPReceiver | undefined;
  let app: App;
  if (config.mode === "socket") {
    app = new App({
      token: config.botToken,
      appToken: config.appToken,
      socketMode: true,
      logger,
      clientOptions,
      convoStore: false,
      extendedErrorHandler: true,
      ...ids,
    });
  } else {
    receiver = new HTTPReceiver({
      signingSecret: config.signingSecret ?? "",
      logger,
      processBeforeResponse: false,
      bodyLimit: BODY_LIMIT_BYTES,
      // The intake in front of it (intake.ts) checks every signature, once; the receiver is only ever served behind
      // it (`http` below), never on its own.
      signatureVerification: false,
      ...oauth?.receiver,
    });
    // No conversation store: answers need no state between messages, and Bolt's store costs every request.
    app = new App({
      token: config.botToken,
      receiver,
      logger,
      clientOptions,
      convoStore: false,
      // The error handler gets the request's body: a refused request can be answered through its response_url.
      extendedErrorHandler: true,
      ...ids,
    });
  }
  const inflight = new Inflight();
  // One Hub client (and its cache) for the process; lookups go to HF_ENDPOINT only, with a deadline. Below its
  // memory, the database: replicas share what one of them fetched (on SQLite, it outlives a restart).
  const hub =
    opts.hub ??
    createHub(
      {
        endpoint: config.hub.endpoint,
        token: tokenFor(config.hub.endpoint, config.hub.token),
        timeoutMs: LOOKUP_BUDGET_MS,
        fetch: timedFetch,
      },
      {
        store: new HubConfigStore(db, { onPruneError: (err) => log.warn({ err }, "pruning the Hub cache failed") }),
        onError: (err, op, repo) =>
          log.warn(
            { err, repo },
            op === "get" ? "shared Hub cache unreadable; asking the Hub" : "Hub result not shared",
          ),
      },
    );
  const fleet = new FleetStore(db);
  const settings = new SettingsStore(db);
  const links = config.charts ? new ChartLinks(config.charts.publicUrl, config.charts.secret) : undefined;
  // Each event once: this process's memory first (no I/O), then a claim in the database, which replicas share (on
  // SQLite too: a restart within the window does not answer Slack's retries of an event again).
  const claims = new SeenEventStore(db, {
    windowMs: SEEN_WINDOW_MS,
    onPruneError: (err) => log.warn({ err }, "pruning old event claims failed"),
  });
  const pending = new PendingWork(new PendingStore(db), log);
  const deps: Deps = {
    log,
    command: COMMAND,
    retry: opts.retry ?? RESPONSE_URL_RETRY,
    replies: opts.replies ?? new ReplyCache(512, hub),
    hub,
    charts: links,
    fleet,
    fleets: new FleetCache(fleet, log),
    multiWorkspace: oauth !== undefined,
    forgetWorkspace: async (team) => {
      const deleted = await forgetWorkspace(db, team);
      // What memory holds of the workspace goes too: a reinstall starts from nothing.
      deps.fleets.forget(team);
      deps.teamSettings.forget(team);
      oauth?.installations.forget(team);
      return deleted;
    },
    settings,
    outbound,
    lanes: new SlackLanes(clientOptions, log),
    once: new Once(new SeenIds(), claims, log),
    editors: new Editors(config.editors, log),
    teamSettings: new TeamCache<TeamSettings>("the workspace's defaults", (team) => settings.list(team), [], log),
  };
  // A recorded request (pending.ts) is forgotten once its work is over, as the request's log line is written.
  app.use(requestLog(log, inflight, (body, outcome) => pending.settled(body, outcome)));
  app.use(dedupeEvents(new SeenIds(), { claims, log }));
  registerCommands(app, deps);
  registerEvents(app, deps);
  registerActions(app, deps);
  registerViews(app, deps);
  const refused = refusedRequests({
    log,
    inflight,
    installUrl: oauth && config.charts ? `${config.charts.publicUrl}${INSTALL_PATH}` : undefined,
    fetch: outbound.fetch,
  });
  app.error(async ({ error, body }: ErrorArgs) => {
    // Whatever it was, it will not get further by being replayed: a recorded request is settled.
    await pending.settle(body);
    if (refused(error, body)) return;
    log.error({ err: error }, "unhandled error in Bolt");
  });
  const charts = links ? new ChartRoute(links, log, hub) : undefined;
  return {
    app,
    inflight,
    db,
    pending,
    ...(receiver
      ? {
          receiver,
          http: {
            listener: receiver.requestListener,
            intake: createIntake({
              signingSecret: config.signingSecret ?? "",
              bodyLimit: BODY_LIMIT_BYTES,
              command: COMMAND,
              log,
              pending,
            }),
          },
        }
      : {}),
    ...(charts ? { charts } : {}),
    ...(oauth ? { installations: oauth.installations } : {}),
  };
}
