import type { Verdict } from "../advisor/verdict.js";
import type { Answer } from "../answer/schema.js";
import { COMPONENTS, type Scenario } from "../estimator/result.js";
import type { Unit } from "../estimator/request.js";
import { assumptionLines } from "./assumptions.js";
import { atLoadText, explainComponent } from "./explain.js";
import { modelOriginNote } from "./hub.js";
import { COMPONENT_LABELS, METHOD_LABELS, METHOD_SHORT } from "./labels.js";
import { servedOf, servingShort, servingText } from "./serving.js";
import { formatBytes, formatCount, formatTokens } from "./units.js";
import { HEADROOM } from "../advisor/verdict.js";
import { costText, limitText, overContextText, planChangesText, recommendationText, targetLabel } from "./words.js";

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

/** "Llama 3.1 8B · bf16 · batch 1 × 8k tokens": what the answer is about. */
export function headlineText(a: Answer): string {
  const r = a.request;
  const parts = [a.model.name, r.precision, `batch ${r.batch} × ${formatTokens(r.seq)} tokens`];
  if (r.engine === "vllm" && a.scenarios.some((s) => s.method === "inference")) parts.push(`vLLM util ${r.gpuUtil}`);
  if (r.gradientCheckpointing) parts.push("checkpointing");
  return parts.join(" · ");
}

function table(a: Answer, st: Style): string[] {
  const u = a.request.unit;
  const cols = a.scenarios;
  const w = Math.max(11, ...cols.map((c) => METHOD_SHORT[c.method].length + 2));
  const per = cols[0] && cols[0].gpuCount > 1 ? ` (per GPU of ${cols[0].gpuCount})` : "";
  const gpuLabels = a.targets.map((t) => `${targetLabel(t)} ${formatBytes(t.capacityBytes, u)}`);
  const lw = Math.max(18, `Total${per}`.length + 2, ...gpuLabels.map((l) => l.length + 2));
  const lines = [st.bold(pad("", lw) + cols.map((c) => padLeft(METHOD_SHORT[c.method], w)).join(""))];
  for (const k of COMPONENTS) {
    if (cols.every((c) => c.bytes[k] === 0)) continue;
    const cells = cols.map((c) => padLeft(c.bytes[k] ? formatBytes(c.bytes[k], u) : "—", w));
    lines.push(pad(COMPONENT_LABELS[k], lw) + cells.join(""));
  }
  lines.push(st.bold(pad(`Total${per}`, lw) + cols.map((c) => padLeft(formatBytes(c.bytes.total, u), w)).join("")));
  if (cols.some((c) => c.atLoad))
    lines.push(
      st.bold(
        pad("Peak at load", lw) + cols.map((c) => padLeft(c.atLoad ? formatBytes(c.atLoad.bytes, u) : "—", w)).join(""),
      ),
    );
  lines.push("");
  for (const [g, label] of gpuLabels.entries()) {
    const cells = cols.map((c) => {
      const f = c.fits[g]!;
      return st.verdict(f.verdict, padLeft(VERDICT_WORD[f.verdict], w));
    });
    lines.push(pad(label, lw) + cells.join(""));
  }
  return lines;
}

function breakdown(title: string, s: Scenario, st: Style, u: Unit): string[] {
  const max = Math.max(...COMPONENTS.map((k) => s.bytes[k]));
  const trainable = s.trainableParams ? `, ${formatCount(s.trainableParams)} trainable params` : "";
  const lines = [st.bold(`${title}: ${formatBytes(s.bytes.total, u)} per GPU${trainable}`)];
  for (const k of COMPONENTS) {
    if (s.bytes[k] === 0 && !s.terms[k].some((t) => t.kind === "offloaded")) continue;
    const barText = pad(bar(s.bytes[k], max), BAR_WIDTH);
    lines.push(
      `  ${pad(COMPONENT_LABELS[k], 17)} ${padLeft(formatBytes(s.bytes[k], u), 9)}  ${barText}  ${st.dim(explainComponent(s, k, u))}`,
    );
  }
  if (s.hostBytes) lines.push(`  ${pad("Host (CPU) memory", 17)} ${padLeft(formatBytes(s.hostBytes, u), 9)}`);
  if (s.atLoad)
    lines.push(
      `  ${pad("Peak at load", 17)} ${padLeft(formatBytes(s.atLoad.bytes, u), 9)}  ${st.dim(atLoadText(s.atLoad, u))}`,
    );
  return lines;
}

/** The scenario the headline is about: the plan that makes it fit, or the recommended method as asked. */
export function focusOf(a: Answer): { title: string; scenario: Scenario } {
  const plan = a.recommendation.kind === "plan" ? a.plans[0] : undefined;
  if (plan)
    return {
      title: `Plan 1 (${METHOD_LABELS[plan.method]}) on ${targetLabel(plan.target)}`,
      scenario: plan.scenario,
    };
  const s = a.scenarios.find((x) => x.method === a.recommendation.method) ?? a.scenarios[0]!;
  // engine=vllm: the breakdown is the engine's budget on one card, so the card is named.
  const on = "servedOn" in s && s.servedOn ? ` with vLLM on ${targetLabel(s.servedOn.target)}` : "";
  return { title: `${METHOD_LABELS[s.method]}${on}`, scenario: s };
}

/** Answer → a compact terminal answer: methods side by side, verdicts, breakdown, plans, limits, assumptions. */
export function renderText(a: Answer, st: Style = PLAIN): string {
  const u = a.request.unit;
  const origin = modelOriginNote(a.model);
  const over = overContextText(a);
  const out: string[] = [
    ...(origin ? [origin] : []),
    ...(over ? [over] : []),
    ...a.notes,
    st.bold(headlineText(a)),
    "",
  ];
  out.push(...table(a, st), "");
  const focus = focusOf(a);
  out.push(...breakdown(focus.title, focus.scenario, st, a.request.unit), "");
  out.push(`${st.bold("Recommendation:")} ${recommendationText(a)}`);
  const served = servedOf(a);
  if (served) out.push(`${st.bold("Serving:")} ${servingText(served.serving, served.target, u)}`);
  if (a.plans.length > 0) {
    out.push(
      "",
      st.bold(a.gpuNamed ? "Plans that fit, cheapest first:" : "Plans on the smallest cards, cheapest first:"),
    );
    for (const [i, p] of a.plans.entries()) {
      out.push(
        `  ${i + 1}. ${planChangesText(p)}: ${formatBytes(p.scenario.bytes.total, u)} of ${formatBytes(p.target.capacityBytes, u)}${p.serving ? `, ${servingShort(p.serving)}` : ""}`,
      );
      out.push(st.dim(`     costs: ${costText(p)}; run: vram ${p.request}`));
    }
  }
  if (a.limits.length > 0) {
    // vLLM's limits are its own checks on its budget, without the headroom.
    const vllmOnly = a.request.engine === "vllm" && a.limits.every((l) => l.method === "inference");
    out.push(
      "",
      st.bold(vllmOnly ? "Limits (vLLM's own checks):" : `Limits (with ${Math.round(HEADROOM * 100)} % headroom):`),
    );
    for (const l of a.limits) {
      const t = a.targets.find((x) => x.id === l.gpu) ?? a.plans[0]?.target;
      const card = targetLabel({ count: l.count, short: t?.short ?? l.gpu });
      const where = `${METHOD_LABELS[l.method]}${l.basis === "plan" ? " with plan 1" : ""} on ${card}`;
      out.push(`  ${pad(where, 34)} ${limitText(l, a.typed.includes("batch"), a.typed.includes("seq"))}`);
    }
  }
  out.push("", st.bold("Assumptions:"), ...assumptionLines(a).map((s) => st.dim(`  • ${s}`)));
  return out.join("\n");
}
