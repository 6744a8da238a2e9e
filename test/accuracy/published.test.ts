import { describe, expect, it } from "vitest";
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

  it("keeps the median absolute error of complete cases within 10%", () => {
    expect(median(complete.map((x) => Math.abs(x.error)))).toBeLessThanOrEqual(0.1);
  });

  it("keeps every complete case within 35% (the known misses are documented in cases.json)", () => {
    const worst = complete.filter((x) => Math.abs(x.error) > 0.35).map((x) => `${x.c.id} ${(100 * x.error).toFixed(1)}%`);
    expect(worst).toEqual([]);
  });

  it("never claims that a context which fitted would not fit", () => {
    expect(report.bounds.filter((b) => !b.ok).map((b) => b.c.id)).toEqual([]);
  });
});
