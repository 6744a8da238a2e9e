import type { Advice, AdvisedScenario } from "../advisor/advise.js";
import { METHOD_LABELS, METHOD_SHORT } from "../advisor/labels.js";
import type { Verdict } from "../advisor/verdict.js";
import { COMPONENTS, COMPONENT_LABELS } from "../estimator/result.js";
import { formatBytes, formatCount, formatTokens } from "../estimator/units.js";

/** Terminal styling; plain when colour is off (NO_COLOR, pipes, tests). */
export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  verdict(v: Verdict, s: string): string;
}

export const PLAIN: Style = { bold: (s) => s, dim: (s) => s, verdict: (_v, s) => s };

export const ANSI: Style = {
  bold: (s) => `\x1b[1m${s}\x1b[22m`,
  dim: (s) => `\x1b[2m${s}\x1b[22m`,
  verdict: (v, s) => `\x1b[${v === "fits" ? 32 : v === "tight" ? 33 : 31}m${s}\x1b[39m`,
};

const VERDICT_WORD: Record<Verdict, string> = { fits: "✓ fits", tight: "~ tight", no: "✗ no" };

const BAR_WIDTH = 24;

/** A horizontal bar of `value` against `max`, in eighths of a cell. */
export function bar(value: number, max: number, width = BAR_WIDTH): string {
  if (max <= 0 || value <= 0) return "";
  const eighths = Math.max(1, Math.round((value / max) * width * 8));
  const full = Math.floor(eighths / 8);
  const part = eighths % 8;
  return "█".repeat(full) + (part ? "▏▎▍▌▋▊▉"[part - 1]! : "");
}

export function pad(s: string, n: number): string {
  return s.length >= n ? s : s + " ".repeat(n - s.length);
}

export function padLeft(s: string, n: number): string {
  return s.length >= n ? s : " ".repeat(n - s.length) + s;
}

function headline(a: Advice): string {
  const r = a.request;
  const parts = [a.model.name, r.precision, `batch ${r.batch} × ${formatTokens(r.seq)} tokens`];
  if (r.gradientCheckpointing) parts.push("checkpointing");
  return parts.join(" · ");
}

function table(a: Advice, st: Style): string[] {
  const cols = a.scenarios;
  const w = Math.max(11, ...cols.map((c) => METHOD_SHORT[c.method].length + 2));
  const per = cols[0] && cols[0].gpuCount > 1 ? ` (per GPU of ${cols[0].gpuCount})` : "";
  const gpuLabels = a.targets.map(
    (t) => `${t.count > 1 ? `${t.count}× ` : ""}${t.short} ${formatBytes(t.capacityBytes)}`,
  );
  const lw = Math.max(18, `Total${per}`.length + 2, ...gpuLabels.map((l) => l.length + 2));
  const lines = [st.bold(pad("", lw) + cols.map((c) => padLeft(METHOD_SHORT[c.method], w)).join(""))];
  for (const k of COMPONENTS) {
    if (cols.every((c) => c.bytes[k] === 0)) continue;
    lines.push(
      pad(COMPONENT_LABELS[k], lw) + cols.map((c) => padLeft(c.bytes[k] ? formatBytes(c.bytes[k]) : "—", w)).join(""),
    );
  }
  lines.push(st.bold(pad(`Total${per}`, lw) + cols.map((c) => padLeft(formatBytes(c.bytes.total), w)).join("")));
  lines.push("");
  for (let g = 0; g < a.targets.length; g++) {
    const cells = cols.map((c) => {
      const f = c.fits[g]!;
      return st.verdict(f.verdict, padLeft(VERDICT_WORD[f.verdict], w));
    });
    lines.push(pad(gpuLabels[g]!, lw) + cells.join(""));
  }
  return lines;
}

function breakdown(s: AdvisedScenario, st: Style): string[] {
  const max = Math.max(...COMPONENTS.map((k) => s.bytes[k]));
  const lines = [
    st.bold(
      `${METHOD_LABELS[s.method]}: ${formatBytes(s.bytes.total)} per GPU${s.trainableParams ? `, ${formatCount(s.trainableParams)} trainable params` : ""}`,
    ),
  ];
  for (const k of COMPONENTS) {
    if (s.bytes[k] === 0) continue;
    lines.push(
      `  ${pad(COMPONENT_LABELS[k], 17)} ${padLeft(formatBytes(s.bytes[k]), 9)}  ${pad(bar(s.bytes[k], max), BAR_WIDTH)}  ${st.dim(s.explain[k] ?? "")}`,
    );
  }
  if (s.hostBytes) lines.push(`  ${pad("Host (CPU) memory", 17)} ${padLeft(formatBytes(s.hostBytes), 9)}`);
  return lines;
}

/** Advice → a compact terminal answer: methods side by side, verdicts, breakdown, what to change, assumptions. */
export function renderText(a: Advice, st: Style = PLAIN): string {
  const out: string[] = [st.bold(headline(a)), ""];
  out.push(...table(a, st), "");
  const rec = a.scenarios.find((s) => s.method === a.recommendation.method) ?? a.scenarios[0];
  if (rec) out.push(...breakdown(rec, st), "");
  out.push(`${st.bold("Recommendation:")} ${a.recommendation.text}`);
  if (a.whatIfs.length > 0) {
    out.push("", st.bold(`What to change for ${a.targets[0]?.short ?? "the GPU"}:`));
    for (const w of a.whatIfs.slice(0, 6)) {
      out.push(
        `  ${st.verdict(w.verdict, pad(VERDICT_WORD[w.verdict], 8))} ${pad(w.label, 52)} ${padLeft(formatBytes(w.totalBytes), 9)}  ${st.dim(w.tokens)}`,
      );
    }
  }
  const limits = a.limits.filter((l) => l.maxSeq > 0);
  if (limits.length > 0) {
    const t = a.targets[0]!;
    out.push("", st.bold(`Limits on ${t.count > 1 ? `${t.count}× ` : ""}${t.short} (with 10% headroom):`));
    for (const l of limits) {
      const batch =
        l.maxBatch > 0
          ? `batch up to ${l.maxBatch} at ${formatTokens(a.request.seq)}`
          : `batch 1 at ${formatTokens(a.request.seq)} is already too much`;
      out.push(
        `  ${pad(METHOD_LABELS[l.method], 22)} context up to ${formatTokens(l.maxSeq)} tokens at batch ${a.request.batch}; ${batch}`,
      );
    }
  }
  out.push("", st.bold("Assumptions:"), ...a.assumptions.map((s) => st.dim(`  • ${s}`)));
  return out.join("\n");
}
