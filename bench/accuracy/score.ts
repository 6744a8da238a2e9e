/**
 * Scoring of estimates against published measurements (shared/reference/README.md): allocated figures are
 * compared with total − overhead, every other metric with total; error = (estimate − measured) / measured.
 */
import { readFileSync } from "node:fs";
import { estimateScenario, methodsFor } from "../../src/estimator/estimate.js";
import { resolveModel } from "../../src/estimator/model.js";
import { GiB } from "../../src/render/units.js";
import { parseRequest } from "../../src/parse/grammar.js";

export interface Case {
  id: string;
  request: string | null;
  measuredGB: number;
  unit: "GB" | "GiB";
  metric: "allocated" | "reserved" | "nvidia-smi" | "unknown";
  bound: boolean;
  perGpuDivisor: number;
  tier: 1 | 2 | 3;
  complete: boolean;
  why: string;
}

export interface Scored {
  c: Case;
  measured: number;
  estimate: number;
  error: number;
}

export interface Report {
  scored: Scored[];
  bounds: { c: Case; ok: boolean; estimate: number; measured: number }[];
  skipped: { c: Case; reason: string }[];
}

/** cases.json beside this file (the compiled copy in dist-bench/ reads the source folder). */
export function loadCases(): Case[] {
  return JSON.parse(
    readFileSync(new URL("./cases.json", import.meta.url.replace("/dist-bench/", "/")), "utf8"),
  ) as Case[];
}

export function scoreCases(cases: readonly Case[]): Report {
  const report: Report = { scored: [], bounds: [], skipped: [] };
  for (const c of cases) {
    if (!c.request) {
      report.skipped.push({ c, reason: "no request (method not modelled)" });
      continue;
    }
    const parsed = parseRequest(c.request);
    if (parsed.kind !== "request") {
      report.skipped.push({ c, reason: parsed.kind === "error" ? `does not parse: ${parsed.error.message}` : "help" });
      continue;
    }
    const r = parsed.request;
    const s = estimateScenario(resolveModel(r.model), r, methodsFor(r)[0]!, r.gpus[0]?.count ?? 1);
    const estimate = c.metric === "allocated" ? s.bytes.total - s.bytes.overhead : s.bytes.total;
    const measured = (c.measuredGB * (c.unit === "GiB" ? GiB : 1e9)) / c.perGpuDivisor;
    if (c.bound) report.bounds.push({ c, ok: estimate <= measured, estimate, measured });
    else report.scored.push({ c, measured, estimate, error: (estimate - measured) / measured });
  }
  return report;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
