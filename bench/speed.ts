/** Speed benchmark: parses, single estimates, full answers (verdicts, plans, limits) and Slack replies per second. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { composeAnswer } from "../src/answer/index.js";
import { estimateScenario, methodsFor } from "../src/estimator/estimate.js";
import { resolveModel } from "../src/estimator/model.js";
import { parseRequest } from "../src/parse/grammar.js";
import { chartPng, chartSvg, svgToPng } from "../src/render/chart/index.js";
import { replyTo } from "../src/render/slack/reply.js";
import { FleetCache } from "../src/slack/fleet-cache.js";
import { askContext } from "../src/slack/ask-context.js";
import { TeamCache } from "../src/slack/team-cache.js";
import { SettingsStore, type TeamSettings } from "../src/store/settings.js";
import { createLogger } from "../src/slack/logger.js";
import { FleetStore, openDb } from "../src/store/index.js";
import { PROSE_QUERIES, SLASH_QUERIES } from "./queries.js";
import type { EstimationRequest } from "../src/estimator/request.js";

const QUERIES = SLASH_QUERIES;

function measure(label: string, unit: string, fn: () => void, minMs = 1500): number {
  for (let i = 0; i < 200; i++) fn(); // warm-up
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < minMs) {
    for (let i = 0; i < 100; i++) fn();
    n += 100;
    now = performance.now();
  }
  const perSec = (n / (now - start)) * 1000;
  console.log(
    `${label.padEnd(44)} ${Math.round(perSec).toLocaleString("en-US").padStart(12)} ${unit}/s   ${((1000 / perSec) * 1000).toFixed(2).padStart(8)} µs each`,
  );
  return perSec;
}

const requests: EstimationRequest[] = QUERIES.map((q) => {
  const r = parseRequest(q);
  if (r.kind !== "request") throw new Error(`bench query does not parse: ${q}`);
  return r.request;
});

const PROSE = PROSE_QUERIES;

/** The longest a Slack message gets (4,000 characters): prose around a request, and word soup. */
const LONG = [
  `${"I have been trying to figure out whether this will work on our hardware and the team keeps asking. ".repeat(38)}can I fine-tune llama 3.1 8b with qlora on a 4090?`.slice(
    -4000,
  ),
  "llama 3.1 8b lora on a 4090 with 4k context ".repeat(88),
];
for (const q of [...PROSE, ...LONG]) {
  if (parseRequest(q).kind === "error") throw new Error(`bench phrasing does not parse: ${q.slice(0, 60)}`);
}

let i = 0;
measure("parse (slash-command requests)", "parses", () => {
  parseRequest(QUERIES[i++ % QUERIES.length]!);
});
let p = 0;
measure("parse (questions in prose)", "parses", () => {
  parseRequest(PROSE[p++ % PROSE.length]!);
});
let l = 0;
measure("parse (4,000-character messages)", "parses", () => {
  parseRequest(LONG[l++ % LONG.length]!);
});
let j = 0;
measure("estimate one scenario", "estimates", () => {
  const r = requests[j++ % requests.length]!;
  estimateScenario(resolveModel(r.model), r, methodsFor(r)[0]!, r.gpus[0]?.count ?? 1);
});
let k = 0;
measure(
  "full answer (every method, verdicts, plans, limits)",
  "answers",
  () => {
    composeAnswer({ request: requests[k++ % requests.length]!, typed: [], notes: [] });
  },
  3000,
);
let s = 0;
measure(
  "Slack reply (parse, answer, Block Kit, buttons)",
  "replies",
  () => {
    replyTo(QUERIES[s++ % QUERIES.length]!, { prefix: "/vram", shareable: true });
  },
  3000,
);

/**
 * Per-answer times over the 308 phrasings of the test corpus (every method, GPUs named and not, plans, limits):
 * the target is a median under 1 ms for the full answer, since the Slack acknowledgement carries it.
 */
const corpus = (
  JSON.parse(readFileSync(new URL("../../test/fixtures/phrasings.json", import.meta.url), "utf8")) as { text: string }[]
)
  .map((x) => parseRequest(x.text))
  .filter((x) => x.kind === "request");
function distribution(label: string, fn: (k: number) => void, rounds = 3): void {
  for (let k = 0; k < corpus.length; k++) fn(k); // warm-up
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < corpus.length; k++) {
      const t0 = performance.now();
      fn(k);
      times.push(performance.now() - t0);
    }
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  const ms = (x: number) => `${x.toFixed(3)} ms`;
  console.log(
    `${label.padEnd(44)} median ${ms(at(0.5))}   p90 ${ms(at(0.9))}   p99 ${ms(at(0.99))}   max ${ms(at(1))}   (${times.length} runs)`,
  );
}
console.log("");
distribution("full answer over the phrasing corpus", (k) => {
  composeAnswer(corpus[k]!);
});
distribution("Slack reply over the phrasing corpus", (k) => {
  replyTo(corpus[k]!.request.query, { prefix: "/vram", shareable: true });
});

/**
 * The picture of an answer (SVG, then the PNG Slack shows) for every 8th phrasing of the corpus, once each after a
 * warm-up: the target is a median under 50 ms per chart.
 */
const charted = corpus.filter((_, k) => k % 8 === 0).map((x) => composeAnswer(x));
for (const a of charted.slice(0, 5)) chartPng(a); // warm-up: fonts, native module
const chartTimes = charted
  .map((a) => {
    const t0 = performance.now();
    svgToPng(chartSvg(a));
    return performance.now() - t0;
  })
  .sort((x, y) => x - y);
const chartAt = (q: number) => chartTimes[Math.min(chartTimes.length - 1, Math.floor(q * chartTimes.length))]!;
console.log(
  `${"chart (SVG + PNG)".padEnd(44)} median ${chartAt(0.5).toFixed(1)} ms   p90 ${chartAt(0.9).toFixed(1)} ms   max ${chartAt(1).toFixed(1)} ms   (${chartTimes.length} answers)`,
);

/**
 * The workspace's fleet and the asker's defaults as the acknowledgement path reads them (issue 12: at most 0.2 ms
 * on a cache hit): warm caches over a real SQLite file in a temporary directory, through `askContext` as every
 * listener calls it (both caches, and the person's defaults picked from the workspace's rows).
 */
{
  const dir = mkdtempSync(join(tmpdir(), "vram-bench-"));
  const db = openDb({ engine: "sqlite", path: join(dir, "bench.db") });
  const store = new FleetStore(db);
  await store.add("T0BENCH", { name: "orion", gpuId: "a100-40gb", count: 8 }, "U0BENCH");
  await store.add("T0BENCH", { name: "lyra", gpuId: "rtx-4090", count: 2 }, "U0BENCH");
  const settings = new SettingsStore(db);
  await settings.set("T0BENCH", "workspace", "U0BENCH", [{ field: "unit", value: "gib" }]);
  await settings.set("T0BENCH", "personal", "U0BENCH", [
    { field: "gpu", value: "rtx-4090" },
    { field: "seq", value: "4096" },
  ]);
  const silent = createLogger({ level: "silent" });
  const deps = {
    fleets: new FleetCache(store, silent),
    teamSettings: new TeamCache<TeamSettings>("defaults", (t) => settings.list(t), [], silent),
  };
  await askContext(deps, "T0BENCH", "U0BENCH");
  const hits = 200_000;
  const start = performance.now();
  for (let i = 0; i < hits; i++) await askContext(deps, "T0BENCH", "U0BENCH");
  const each = (performance.now() - start) / hits;
  const coldStart = performance.now();
  const cold = 200;
  for (let i = 0; i < cold; i++) await Promise.all([store.list("T0BENCH"), settings.list("T0BENCH")]);
  const coldEach = (performance.now() - coldStart) / cold;
  console.log(
    `${"fleet + defaults, cache hit (ack path)".padEnd(44)} ${(each * 1000).toFixed(2)} µs each   (SQLite reads on a miss: ${coldEach.toFixed(3)} ms)`,
  );
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}
