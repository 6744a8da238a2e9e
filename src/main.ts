#!/usr/bin/env node
/** Starts the Slack app: Socket Mode when SLACK_APP_TOKEN is set, HTTP otherwise; GET /healthz either way. */
import { loadConfig } from "./config.js";
import { createSlackApp } from "./slack/app.js";
import { createLogger, scrub } from "./slack/logger.js";
import { listen, stopAccepting } from "./slack/server.js";

async function main(): Promise<number> {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    process.stderr.write(`${loaded.message}\n`);
    return 78; // EX_CONFIG
  }
  const { config } = loaded;
  const log = createLogger({
    level: config.logLevel,
    secrets: [
      config.botToken ?? "",
      config.signingSecret ?? "",
      config.oauth?.clientSecret ?? "",
      config.oauth?.stateSecret ?? "",
      config.oauth?.tokenKey ?? "",
      ...(config.oauth?.previousTokenKeys ?? []),
      config.appToken ?? "",
      config.hub.token ?? "",
      config.charts?.secret ?? "",
    ],
  });
  process.on("unhandledRejection", (err) => log.error({ err }, "unhandled rejection (logged, not fatal)"));
  const { app, http, inflight, charts, db, installations, pending } = createSlackApp({ config, log });
  let ready = false;
  const { server, port } = await listen({
    port: config.port,
    slack: http,
    ready: () => ready,
    inflight,
    charts,
  });

  // Signals are handled from the start: a SIGTERM during start-up (Node is PID 1 in the container) stops us too.
  let stopping: Promise<number> | undefined;
  const stop = (signal: string): Promise<number> =>
    (stopping ??= (async () => {
      ready = false; // /healthz turns 503 and Slack's requests get 503: load balancers and Slack go elsewhere
      log.info({ signal, inflight: inflight.size }, "shutting down: no new requests, finishing those in flight");
      const closed = stopAccepting(server);
      pending.stop();
      const drained = await inflight.drained(config.shutdownGraceMs);
      // What could not be finished is listed and given up, for the next start or another replica to answer.
      if (!drained) await pending.abandon();
      // Socket Mode: the socket stays open while work drains, so acknowledgements still reach Slack.
      if (config.mode === "socket") await app.stop().catch((err: unknown) => log.warn({ err }, "socket close failed"));
      await Promise.race([closed, new Promise((r) => setTimeout(r, 1000))]);
      await db.close().catch((err: unknown) => log.warn({ err }, "database close failed"));
      log.info({ drained }, drained ? "stopped cleanly" : "stopped with work still in flight");
      return drained ? 0 : 1;
    })());
  const signalled = new Promise<number>((resolve) => {
    process.once("SIGTERM", () => void stop("SIGTERM").then(resolve));
    process.once("SIGINT", () => void stop("SIGINT").then(resolve));
  });

  try {
    await app.init(); // auth.test: a wrong token fails here, not on the first user's request
    if (config.mode === "socket") await app.start();
  } catch (err) {
    if (stopping) return signalled;
    log.fatal({ err }, "Slack refused to start the app: check SLACK_BOT_TOKEN (and SLACK_APP_TOKEN for Socket Mode)");
    await stopAccepting(server);
    return 1;
  }
  if (stopping) return signalled;
  ready = true;
  // Requests another process acknowledged and did not answer (it died, or stopped before finishing) are answered here.
  pending.start(app);
  // After a key rotation: rows still under an old key are re-encrypted now, not only when next read.
  if (installations) {
    void installations.rekey().then(
      ({ rekeyed, unreadable }) => {
        if (rekeyed > 0) log.info({ rekeyed }, "installations re-encrypted under the current TOKEN_ENCRYPTION_KEY");
        if (unreadable.length > 0) {
          log.error({ teams: unreadable }, "installations no configured key opens (see the README on key rotation)");
        }
      },
      (err: unknown) => log.warn({ err }, "re-encrypting installations failed; rows are re-encrypted as they are read"),
    );
  }
  log.info(
    { mode: config.mode, port },
    `vram-advisor ready (${config.mode === "socket" ? "Socket Mode" : `HTTP on :${port}, POST /slack/events`}${config.oauth ? ", installs at GET /slack/install" : ""})`,
  );
  return signalled;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`vram-advisor could not start: ${scrub(err instanceof Error ? err.message : String(err))}\n`);
    process.exit(1);
  },
);
