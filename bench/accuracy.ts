/**
 * Accuracy benchmark: every published measured peak in bench/accuracy/cases.json, estimated with the request
 * it maps to, scored as shared/reference/README.md says (allocated → total − overhead; any other metric → total).
 * Prints each case, then the median and worst absolute error over the cases with complete configurations.
 */
import { gpuCases } from "./accuracy/gpu.js";
import { loadCases, median, scoreCases, type Scored } from "./accuracy/score.js";

const pct = (x: number) => `${x >= 0 ? "+" : ""}${(100 * x).toFixed(1)}%`;
const gb = (b: number) => (b / 1e9).toFixed(2).padStart(7);

const { scored, bounds, skipped } = scoreCases(loadCases());
const gpuAllocated = scoreCases(gpuCases("allocated"));
const gpuDevice = scoreCases(gpuCases("device"));

console.log(`${"id".padEnd(46)}tier  full  metric       measured  estimate   error`);
for (const x of scored) {
  console.log(
    `${x.c.id.padEnd(46)}${String(x.c.tier).padStart(4)}  ${x.c.complete ? " yes" : "  no"}  ${x.c.metric.padEnd(11)} ${gb(x.measured)} GB ${gb(x.estimate)} GB ${pct(x.error).padStart(8)}`,
  );
}
console.log("\nMeasured on our GPU runs (bench/gpu/results): allocated peak vs total − overhead, device peak vs total");
for (const [i, x] of gpuAllocated.scored.entries()) {
  const d = gpuDevice.scored[i]!;
  console.log(
    `${x.c.id.padEnd(46)} ${gb(x.measured)} GB ${gb(x.estimate)} GB ${pct(x.error).padStart(8)}   ${gb(d.measured)} GB ${gb(d.estimate)} GB ${pct(d.error).padStart(8)}`,
  );
}
for (const s of [...gpuAllocated.skipped, ...gpuDevice.skipped]) console.log(`  not scored: ${s.c.id} ${s.reason}`);
console.log("\nBounds (the job fitted in the measured figure: the estimate must not exceed it):");
for (const b of bounds)
  console.log(
    `  ${b.ok ? "pass" : "FAIL"}  ${b.c.id.padEnd(44)} limit ${gb(b.measured)} GB, estimate ${gb(b.estimate)} GB`,
  );
if (skipped.length) {
  console.log("\nNot scored:");
  for (const s of skipped) console.log(`  ${s.c.id.padEnd(46)} ${s.reason}`);
}

const summary = (label: string, xs: Scored[]) => {
  const abs = xs.map((x) => Math.abs(x.error));
  const worst = xs.reduce<Scored | undefined>(
    (w, x) => (!w || Math.abs(x.error) > Math.abs(w.error) ? x : w),
    undefined,
  );
  const within = (t: number) => abs.filter((a) => a <= t).length;
  console.log(
    `${label.padEnd(34)} n=${String(xs.length).padStart(3)}  median |error| ${(100 * median(abs)).toFixed(1)}%  worst ${worst ? `${(100 * Math.abs(worst.error)).toFixed(1)}% (${worst.c.id})` : "-"}  within 10%: ${within(0.1)}  within 25%: ${within(0.25)}`,
  );
};

console.log("\nSummary");
summary(
  "complete configurations (headline)",
  scored.filter((x) => x.c.complete),
);
summary(
  "tier 1, complete",
  scored.filter((x) => x.c.complete && x.c.tier === 1),
);
summary("all scored cases", scored);
summary("our GPU runs, allocated peak", gpuAllocated.scored);
summary("our GPU runs, device peak", gpuDevice.scored);
console.log(`bounds: ${bounds.filter((b) => b.ok).length}/${bounds.length} pass`);
const off = scored.filter((x) => x.c.complete && Math.abs(x.error) > 0.25);
if (off.length) {
  console.log("\nComplete cases beyond 25%:");
  for (const x of off) console.log(`  ${x.c.id.padEnd(46)} ${pct(x.error)}  ${x.c.why}`);
}
