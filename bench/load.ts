/**
 * Load benchmark: the real app (HTTP receiver) against bare Bolt on the same receiver, driven with signed slash
 * commands of mixed requests by autocannon; prints requests/s, p50/p99 acknowledgement latency and the ratio.
 *
 *   npm run bench:load                  3 alternating rounds of 10 s per app, 32 connections
 *   npm run bench:load -- --duration 20 --connections 64
 *   npm run bench:load -- --distinct 5000         every request different: no reply-cache hits
 *   BENCH_LOG_LEVEL=warn npm run bench:load       without the per-request log line (what logging costs)
 *   npm run bench:load -- --soak 60 --rate 300 --distinct 18000   steady rate for 60 s: memory at start and end
 */
import { fork, type ChildProcess } from "node:child_process";
import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import autocannon from "autocannon";
import { PROSE_QUERIES, SLASH_QUERIES } from "./queries.js";

const args = process.argv.slice(2);
const opt = (name: string, dflt: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : dflt;
};
const DURATION = opt("duration", 10);
const CONNECTIONS = opt("connections", 32);
const SOAK = opt("soak", 0);
const ROUNDS = opt("rounds", 3);
const DISTINCT = opt("distinct", 0);
const RATE = opt("rate", 200);
const SECRET = "bench-signing-secret-0123456789";

/** The mix: slash commands, questions, a typo and help. */
const QUERIES = [...SLASH_QUERIES, ...PROSE_QUERIES, "7B fp17", "help"];

/** Where the app's answers go (its response_urls and Web API): counts posts and answers at once. */
async function sink(): Promise<{ url: string; posts: () => number; close: () => void }> {
  let posts = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      posts++;
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    posts: () => posts,
    close: () => server.close(),
  };
}

/** `n` requests that all differ (no reply cache hits): models, methods, contexts and capacities varied. */
function distinctQueries(n: number): string[] {
  const models = ["7B", "llama-3.1-8b", "qwen2.5-14b", "mistral-7b", "70b", "gemma-2-9b", "1.5B", "mixtral-8x7b"];
  const methods = ["full", "lora", "qlora", "inference", ""];
  return Array.from(
    { length: n },
    (_, i) => `${models[i % models.length]} ${methods[i % methods.length]} seq=${256 + i} gpu=${16 + (i % 64)}gb`,
  );
}

function requests(responseUrl: string, queries: readonly string[] = QUERIES): autocannon.Request[] {
  const ts = Math.floor(Date.now() / 1000);
  return queries.map((text, i) => {
    const body = new URLSearchParams({
      team_id: "T0BENCH",
      channel_id: "C0BENCH",
      user_id: `U0USER${i}`,
      command: "/vram",
      text,
      api_app_id: "A0BENCH",
      response_url: `${responseUrl}/r/${i}`,
      trigger_id: `1.${i}.x`,
    }).toString();
    const signature = `v0=${createHmac("sha256", SECRET).update(`v0:${ts}:${body}`).digest("hex")}`;
    return {
      method: "POST",
      path: "/slack/events",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": String(ts),
        "x-slack-signature": signature,
      },
      body,
    };
  });
}

type Kind = "ours" | "bare" | "bare-ok";

async function startServer(kind: Kind, apiUrl: string): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(new URL("./load/server.js", import.meta.url), [kind, SECRET, `${apiUrl}/api/`], {
    execArgv: ["--expose-gc"],
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on("data", (c: Buffer) => {
      const m = /listening (\d+)/.exec(c.toString());
      if (m) resolve(Number(m[1]));
    });
    child.once("exit", (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
  return { child, port };
}

const memory = (child: ChildProcess) =>
  new Promise<{ rss: number; heapUsed: number }>((resolve) => {
    child.once("message", (m) => resolve(m as { rss: number; heapUsed: number }));
    child.send("mem");
  });

interface ServerStats {
  count: number;
  p50: number;
  p99: number;
  max: number;
}
const stats = (child: ChildProcess) =>
  new Promise<ServerStats>((resolve) => {
    child.once("message", (m) => resolve(m as ServerStats));
    child.send("stats");
  });
const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 0)} ms`;

const mb = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;

async function drive(
  port: number,
  reqs: autocannon.Request[],
  extra: Partial<autocannon.Options> = {},
): Promise<autocannon.Result> {
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: reqs,
    ...extra,
  });
}

async function main(): Promise<void> {
  const s = await sink();
  const reqs = requests(s.url, DISTINCT > 0 ? distinctQueries(DISTINCT) : QUERIES);
  if (SOAK > 0) {
    const { child, port } = await startServer("ours", s.url);
    await drive(port, reqs, { duration: 5 }); // warm-up: JIT, caches, connection pools
    const before = await memory(child);
    await stats(child);
    const r = await drive(port, reqs, { duration: SOAK, connections: 16, overallRate: RATE });
    const server = await stats(child);
    await new Promise((res) => setTimeout(res, 1000));
    const after = await memory(child);
    console.log(
      `soak: ${SOAK} s at ${RATE} req/s: ${r.requests.total} requests, ${r.non2xx} non-2xx, ${r.errors} errors; ack latency seen by the client p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms; by the server p50 ${ms(server.p50)}, p99 ${ms(server.p99)}, max ${ms(server.max)}`,
    );
    console.log(
      `memory after GC: rss ${mb(before.rss)} → ${mb(after.rss)}, heap ${mb(before.heapUsed)} → ${mb(after.heapUsed)} (${after.heapUsed >= before.heapUsed ? "+" : ""}${mb(after.heapUsed - before.heapUsed)})`,
    );
    child.kill();
    s.close();
    return;
  }
  // Alternate the two apps for several rounds and keep each one's best: on a small shared machine a single run
  // is at the mercy of whatever else runs; the best round is the closest to what the app itself allows.
  const best: Record<Kind, autocannon.Result | undefined> = { "bare-ok": undefined, bare: undefined, ours: undefined };
  for (let round = 1; round <= ROUNDS; round++) {
    for (const kind of ["bare-ok", "bare", "ours"] as const) {
      const { child, port } = await startServer(kind, s.url);
      await drive(port, reqs, { duration: 2 }); // warm-up: JIT, caches
      await stats(child);
      const r = await drive(port, reqs);
      const server = await stats(child);
      console.log(
        `round ${round} ${kind.padEnd(7)} ${Math.round(r.requests.average).toLocaleString("en-US").padStart(7)} req/s   ack (client) p50 ${String(r.latency.p50).padStart(3)} ms p99 ${String(r.latency.p99).padStart(4)} ms   (server) p50 ${ms(server.p50)} p99 ${ms(server.p99)} max ${ms(server.max)}   non-2xx ${r.non2xx}   errors ${r.errors + r.timeouts}`,
      );
      if (!best[kind] || r.requests.average > best[kind].requests.average) best[kind] = r;
      child.kill();
    }
  }
  for (const kind of ["bare-ok", "bare", "ours"] as const) {
    const r = best[kind]!;
    console.log(
      `best  ${kind.padEnd(7)} ${Math.round(r.requests.average).toLocaleString("en-US").padStart(7)} req/s (p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms)`,
    );
  }
  const ratio = (a: Kind, b: Kind) => (best[a]!.requests.average / best[b]!.requests.average).toFixed(2);
  console.log(
    `ratio ours/bare: ${ratio("ours", "bare")} (goal ≥ 0.8; bare answers a constant message as large as ours); ours/bare-ok: ${ratio("ours", "bare-ok")}`,
  );
  console.log(
    `${CONNECTIONS} connections, ${DURATION} s × ${ROUNDS} alternating rounds each, ${DISTINCT > 0 ? `${DISTINCT} distinct requests (no reply-cache hits)` : `${QUERIES.length} mixed requests`}; every answer is the acknowledgement itself`,
  );
  s.close();
}

void main();
