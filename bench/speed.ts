/** Speed benchmark: parses and full estimates (advice with verdicts, what-ifs and limits) per second. */
import { advise } from "../src/advisor/advise.js";
import { estimateScenario, methodsFor } from "../src/estimator/estimate.js";
import { resolveModel } from "../src/estimator/model.js";
import { parseRequest } from "../src/parse/grammar.js";
import type { EstimationRequest } from "../src/estimator/request.js";

const QUERIES = [
  "7B fp16 seq=2048",
  "llama-3.1-8b qlora gpu=4090 seq=4k",
  "70b inference int4 ctx=32k gpu=2xh100 batch=4",
  "mixtral-8x7b lora r=64 targets=all zero=3 gpus=8",
  "qwen2.5-1.5b full bf16 regime=pure ckpt gpu=a100-80",
  "deepseek-v3 inference fp8 ctx=128k gpus=8 gpu=h200",
  "gemma-2-9b lora batch=8 seq=8k flash=off",
  "1.5B full optim=adamw8bit loss=chunked gpu=24gb",
];

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
  console.log(`${label.padEnd(44)} ${Math.round(perSec).toLocaleString("en-US").padStart(12)} ${unit}/s   ${((1000 / perSec) * 1000).toFixed(2).padStart(8)} µs each`);
  return perSec;
}

const requests: EstimationRequest[] = QUERIES.map((q) => {
  const r = parseRequest(q);
  if (r.kind !== "request") throw new Error(`bench query does not parse: ${q}`);
  return r.request;
});

let i = 0;
measure("parse (mixed requests)", "parses", () => {
  parseRequest(QUERIES[i++ % QUERIES.length]!);
});
let j = 0;
measure("estimate one scenario", "estimates", () => {
  const r = requests[j++ % requests.length]!;
  estimateScenario(resolveModel(r.model), r, methodsFor(r)[0]!, r.gpus[0]?.count ?? 1);
});
let k = 0;
measure("advise (all methods, verdicts, what-ifs, limits)", "answers", () => {
  advise(requests[k++ % requests.length]!);
}, 3000);
