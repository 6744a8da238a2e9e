import { describe, expect, it } from "vitest";
import { gpuCases } from "../../bench/accuracy/gpu.js";
import { comparePeers, TARGET_RATIO } from "../../bench/accuracy/peers/index.js";
import { loadCases, median, scoreCases } from "../../bench/accuracy/score.js";

/** A regression guard on the headline number: the model against published measured peaks (deterministic, no timing). */
describe("accuracy against published measurements", () => {
  const cases = loadCases();
  const report = scoreCases(cases);
  const complete = report.scored.filter((x) => x.c.complete);

  it("reads every mapped request in the request language", () => {
    expect(report.skipped.filter((s) => s.c.request !== null)).toEqual([]);
  });

  it("scores at least 60 cases with complete configurations", () => {
    expect(complete.length).toBeGreaterThanOrEqual(60);
  });

  it("keeps the median absolute error of complete cases within 5%", () => {
    expect(median(complete.map((x) => Math.abs(x.error)))).toBeLessThanOrEqual(0.05);
  });

  it("keeps every complete case within 25% (the known misses are documented in cases.json)", () => {
    const worst = complete
      .filter((x) => Math.abs(x.error) > 0.25)
      .map((x) => `${x.c.id} ${(100 * x.error).toFixed(1)}%`);
    expect(worst).toEqual([]);
  });

  it("never claims that a context which fitted would not fit", () => {
    expect(report.bounds.filter((b) => !b.ok).map((b) => b.c.id)).toEqual([]);
  });
});

/** Our own GPU runs (bench/gpu/results): every setting known, so the tolerance is tighter. */
describe("accuracy against our measured GPU runs", () => {
  const allocated = scoreCases(gpuCases("allocated"));
  const device = scoreCases(gpuCases("device"));

  it("reads every run's request", () => {
    expect(allocated.skipped).toEqual([]);
    expect(allocated.scored.length).toBeGreaterThanOrEqual(39);
  });

  it("predicts the allocator's peak within 5% median and 15% worst", () => {
    const abs = allocated.scored.map((x) => Math.abs(x.error));
    expect(median(abs)).toBeLessThanOrEqual(0.05);
    expect(allocated.scored.filter((x) => Math.abs(x.error) > 0.15).map((x) => x.c.id)).toEqual([]);
  });

  it("predicts what the device shows at the peak within 10% median and 20% worst", () => {
    const abs = device.scored.map((x) => Math.abs(x.error));
    expect(median(abs)).toBeLessThanOrEqual(0.1);
    expect(device.scored.filter((x) => Math.abs(x.error) > 0.2).map((x) => x.c.id)).toEqual([]);
  });

  it("sizes the foreach AdamW step: 8B pure-bf16 full fine-tuning within 2% of its measured peak", () => {
    const x = allocated.scored.find((s) => s.c.id === "gpu:l8b-full-pure-s1024-b1-ckpt");
    expect(Math.abs(x?.error ?? 1)).toBeLessThan(0.02);
  });
});

/** The six public calculators re-implemented from their source (bench/accuracy/peers), on the cases each covers. */
describe("accuracy against the peers", () => {
  const published = scoreCases(loadCases()).scored.filter((x) => x.c.complete);
  const runs = scoreCases(gpuCases("allocated")).scored;
  const below = (rows: ReturnType<typeof comparePeers>) =>
    rows.filter((r) => r.n > 0 && r.ratio < TARGET_RATIO).map((r) => `${r.peer.id} ${r.ratio.toFixed(1)}×`);

  it("leaves every peer at least 3× our median error on the published complete cases it covers", () => {
    expect(below(comparePeers(published))).toEqual([]);
  });
  it("leaves every peer at least 3× our median error on our GPU runs it covers", () => {
    expect(below(comparePeers(runs))).toEqual([]);
  });
});
