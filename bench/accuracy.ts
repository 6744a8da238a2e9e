/**
 * Accuracy benchmark: every published measured peak in bench/accuracy/cases.json, estimated with the request
 * it maps to, scored as shared/reference/README.md says (allocated → total − overhead; any other metric → total).
 * Prints each case, then the median and worst absolute error over the cases with complete configurations.
 */
import { gpuCases } from "./accuracy/gpu.js";
import { comparePeers, TARGET_RATIO } from "./accuracy/peers/index.js";
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

// Peer calculators (bench/accuracy/peers/), each on the cases its own inputs can express, beside our error there.
console.log(
  "\nPeers on the cases each covers (each peer's own formula; same measurements; allocated vs total − its own overhead)",
);
const belowTarget: string[] = [];
for (const [label, xs] of [
  ["published complete configurations", scored.filter((x) => x.c.complete)],
  ["our GPU runs, allocated peak", gpuAllocated.scored],
] as const) {
  console.log(label);
  console.log(`  ${"peer".padEnd(28)}   n  peer median  ${"peer worst".padEnd(56)} ours median  peer/ours`);
  for (const r of comparePeers(xs)) {
    const abs = (e: number) => `${(100 * Math.abs(e)).toFixed(1)}%`;
    if (r.n === 0) {
      console.log(`  ${r.peer.name.padEnd(28)}   0  (covers none of these cases)`);
      continue;
    }
    if (!(r.ratio >= TARGET_RATIO)) belowTarget.push(`${r.peer.name} on ${label} (${r.ratio.toFixed(1)}×)`);
    const worst = r.peerWorst ? `${abs(r.peerWorst.error)} (${r.peerWorst.id})` : "-";
    console.log(
      `  ${r.peer.name.padEnd(28)} ${String(r.n).padStart(3)}  ${abs(r.peerMedian).padStart(11)}  ${worst.padEnd(56)} ${abs(r.oursMedian).padStart(11)}  ${`${r.ratio.toFixed(1)}×`.padStart(9)}`,
    );
  }
}
console.log(
  belowTarget.length === 0
    ? `Target met: every peer's median |error| is at least ${TARGET_RATIO}× ours on the cases it covers.`
    : `Target not met: below ${TARGET_RATIO}× our median on the cases it covers: ${belowTarget.join("; ")}.`,
);
