/**
 * One app for the load benchmark, in its own process so the load generator does not share its event loop:
 * `ours` is the real vram-advisor app; `bare` is Bolt on the same receiver and server, acknowledging with a
 * constant message as large as a real answer (the ceiling our own work is measured against: any answer has to
 * travel); `bare-ok` acknowledges with "ok" (Bolt's own floor). Prints `listening <port>` when ready and
 * answers `mem` over IPC with its memory after a full GC.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RequestListener } from "node:http";
import { App, HTTPReceiver } from "@slack/bolt";
import pino from "pino";
import { Env } from "../../src/config.js";
import { replyTo } from "../../src/render/slack/reply.js";
import { createSlackApp } from "../../src/slack/app.js";
import { slackMessage } from "../../src/slack/deps.js";
import { Inflight } from "../../src/slack/inflight.js";
import { createLogger } from "../../src/slack/logger.js";
import { listen, type SlackHttp } from "../../src/slack/server.js";

type Kind = "ours" | "bare" | "bare-ok";
function args(): { kind: Kind; secret: string; apiUrl: string } {
  const [kind, secret, apiUrl] = process.argv.slice(2);
  if ((kind !== "ours" && kind !== "bare" && kind !== "bare-ok") || !secret || !apiUrl)
    throw new Error("usage: server.js ours|bare|bare-ok <signing secret> <api url>");
  return { kind, secret, apiUrl };
}
const { kind, secret, apiUrl } = args();

const gc = (globalThis as { gc?: () => void }).gc;
/** Server-side acknowledgement times (request in → response finished), in ms, since the last `stats`. */
let times: number[] = [];
const pct = (xs: number[], q: number) => xs[Math.min(xs.length - 1, Math.floor(xs.length * q))] ?? 0;
process.on("message", (m) => {
  if (m === "mem") {
    gc?.();
    const { rss, heapUsed } = process.memoryUsage();
    process.send?.({ rss, heapUsed });
  } else if (m === "stats") {
    const xs = times.sort((a, b) => a - b);
    times = [];
    process.send?.({ count: xs.length, p50: pct(xs, 0.5), p99: pct(xs, 0.99), max: xs[xs.length - 1] ?? 0 });
  }
});

function timed(listener: RequestListener): RequestListener {
  return (req, res) => {
    const start = performance.now();
    res.once("finish", () => times.push(performance.now() - start));
    listener(req, res);
  };
}

async function main(): Promise<void> {
  let requestListener: RequestListener;
  let inflight = new Inflight();
  let intake: SlackHttp["intake"];
  if (kind === "ours") {
    const config = Env.parse({
      SLACK_BOT_TOKEN: "xoxb-bench",
      SLACK_SIGNING_SECRET: secret,
      SLACK_API_URL: apiUrl,
      LOG_LEVEL: "info",
      // A fresh SQLite file (the embedded default engine), never ./data of the checkout.
      DATABASE_URL: `file:${join(mkdtempSync(join(tmpdir(), "vram-load-")), "load.db")}`,
    });
    // Production logging (one JSON line per request), written where it costs what a real sink costs but is not kept.
    const log = createLogger({
      level: process.env.BENCH_LOG_LEVEL ?? "info",
      secrets: [secret],
      destination: pino.destination({ dest: "/dev/null", sync: false }),
    });
    const slack = createSlackApp({ config, log, botId: "B0BENCH", botUserId: "U0BENCH" });
    requestListener = slack.http!.listener;
    inflight = slack.inflight;
    // As production serves it: the intake reads and checks each request before the receiver.
    intake = slack.http!.intake;
  } else {
    const receiver = new HTTPReceiver({ signingSecret: secret, processBeforeResponse: false });
    // Without the conversation store, as ours runs: the comparison is of our own work, not of a Bolt default.
    const app = new App({ token: "xoxb-bench", receiver, botId: "B0BENCH", botUserId: "U0BENCH", convoStore: false });
    // `bare`: a constant answer the size of a real one (rendered once); `bare-ok`: the two-byte "ok".
    const constant =
      kind === "bare"
        ? {
            response_type: "ephemeral" as const,
            ...slackMessage(
              replyTo("llama-3.1-8b qlora gpu=4090 seq=4k", { prefix: "/vram", shareable: true }).message,
            ),
          }
        : undefined;
    app.command("/vram", async ({ ack }) => {
      await ack(constant ?? "ok");
    });
    requestListener = receiver.requestListener;
  }
  const { port } = await listen({
    port: 0,
    host: "127.0.0.1",
    slack: { listener: timed(requestListener), intake },
    ready: () => true,
    inflight,
  });
  process.stdout.write(`listening ${port}\n`);
}

void main();
