/** Speed benchmark: parses and full estimates (advice with verdicts, what-ifs and limits) per second. */
import { advise } from "../src/advisor/advise.js";
import { estimateScenario, methodsFor } from "../src/estimator/estimate.js";
import { resolveModel } from "../src/estimator/model.js";
import { parseRequest } from "../src/parse/grammar.js";
import { replyTo } from "../src/render/slack/reply.js";
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
  "advise (all methods, verdicts, what-ifs, limits)",
  "answers",
  () => {
    advise(requests[k++ % requests.length]!);
  },
  3000,
);
let s = 0;
measure(
  "Slack reply (parse, advise, Block Kit, buttons)",
  "replies",
  () => {
    replyTo(QUERIES[s++ % QUERIES.length]!, { prefix: "/vram", shareable: true });
  },
  3000,
);
