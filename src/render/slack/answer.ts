import type { Advice, AdvisedScenario } from "../../advisor/advise.js";
import { applyChange, changesFor, type Change } from "../../advisor/change.js";
import { METHOD_LABELS, METHOD_SHORT } from "../../advisor/labels.js";
import { targetLabel, type Verdict } from "../../advisor/verdict.js";
import { COMPONENTS, COMPONENT_LABELS } from "../../estimator/result.js";
import { formatBytes, formatCount, formatTokens } from "../../estimator/units.js";
import { bar, pad, padLeft } from "../text.js";
import { LIMITS, type Block, type Button, type Message } from "./blockkit.js";
import { ACTION, changeActionId } from "./ids.js";
import { clip, escapeText } from "./mrkdwn.js";
import { encodeState, type AnswerState } from "./state.js";

const EMOJI: Record<Verdict, string> = { fits: "✅", tight: "⚠️", no: "❌" };
const MARK: Record<Verdict, string> = { fits: "✓ fits", tight: "~ tight", no: "✗ no" };
/** Rows of GPUs in the side-by-side table before it is summarised. */
const MAX_GPU_ROWS = 8;

const CHANGE_LABEL: Record<Change, string> = {
  "ckpt-on": "Checkpointing on",
  "ckpt-off": "Checkpointing off",
  qlora: "Try QLoRA",
  "double-seq": "Double the context",
  "more-gpus": "Other GPUs",
};

const section = (text: string): Block => ({
  type: "section",
  text: { type: "mrkdwn", text: clip(text, LIMITS.sectionText) },
});
const code = (lines: string[]): string => `\`\`\`\n${clip(lines.join("\n"), LIMITS.sectionText - 8)}\n\`\`\``;

export function headerText(a: Advice): string {
  const r = a.request;
  const parts = [a.model.name, r.precision, `batch ${r.batch} × ${formatTokens(r.seq)} tokens`];
  return clip(parts.join(" · "), LIMITS.headerText);
}

/** The one line a busy reader needs: does the recommended setup fit the GPU they named? */
export function verdictLine(a: Advice): string {
  const rec = a.scenarios.find((s) => s.method === a.recommendation.method);
  const fit = rec?.fits[0];
  const named = a.request.gpus.some((g) => g.id !== undefined || g.memoryBytes !== undefined);
  if (!named || !rec || !fit) return `💡 ${a.recommendation.text}`;
  const t = a.targets[0]!;
  const gpu = `${t.count > 1 ? `${t.count}× ` : ""}${t.short}`;
  const of = `${formatBytes(fit.totalBytes)} of ${formatBytes(t.capacityBytes)}${t.count > 1 ? " per GPU" : ""}`;
  const how = rec.method === "inference" ? "for inference" : `with ${METHOD_LABELS[rec.method]}`;
  if (fit.verdict === "fits") return `${EMOJI.fits} *Fits on ${gpu} ${how}*: ${of}`;
  if (fit.verdict === "tight") return `${EMOJI.tight} *Tight on ${gpu} ${how}*: ${of}, under 10% to spare`;
  const lead = `Nothing fits ${targetLabel(t)} as asked.`;
  const rest = a.recommendation.text.startsWith(lead)
    ? a.recommendation.text.slice(lead.length).trim()
    : a.recommendation.text;
  return `${EMOJI.no} *Does not fit on ${gpu} as asked.* ${rest}`;
}

/** "What's the biggest batch …?" gets its number first. */
function askLine(a: Advice, state: AnswerState): string | undefined {
  if (!state.ask) return undefined;
  const t = a.targets[0];
  const l = a.limits.find((x) => x.method === a.recommendation.method) ?? a.limits[0];
  if (!t || !l) return undefined;
  const gpu = `${t.count > 1 ? `${t.count}× ` : ""}${t.short}`;
  if (state.ask === "max-batch") {
    return l.maxBatch > 0
      ? `📏 *Largest micro-batch for ${METHOD_LABELS[l.method]} on ${gpu}: ${l.maxBatch}* at ${formatTokens(a.request.seq)} tokens`
      : `📏 Not even a micro-batch of 1 fits ${gpu} at ${formatTokens(a.request.seq)} tokens with ${METHOD_LABELS[l.method]}.`;
  }
  return l.maxSeq > 0
    ? `📏 *Longest context for ${METHOD_LABELS[l.method]} on ${gpu}: ${formatTokens(l.maxSeq)} tokens* at batch ${a.request.batch}`
    : `📏 Not even one token fits ${gpu} with ${METHOD_LABELS[l.method]}.`;
}

function table(a: Advice): string[] {
  const cols = a.scenarios;
  const w = Math.max(10, ...cols.map((c) => METHOD_SHORT[c.method].length + 2));
  const rows = a.targets.slice(0, MAX_GPU_ROWS);
  const labels = rows.map((t) => `${t.count > 1 ? `${t.count}× ` : ""}${t.short} ${formatBytes(t.capacityBytes)}`);
  const lw = Math.max(14, ...labels.map((l) => l.length + 2));
  const lines = [pad("", lw) + cols.map((c) => padLeft(METHOD_SHORT[c.method], w)).join("")];
  const per = cols[0] && cols[0].gpuCount > 1 ? "Total/GPU" : "Total";
  lines.push(pad(per, lw) + cols.map((c) => padLeft(formatBytes(c.bytes.total), w)).join(""));
  for (const [g, label] of labels.entries()) {
    lines.push(pad(label, lw) + cols.map((c) => padLeft(MARK[c.fits[g]!.verdict], w)).join(""));
  }
  if (a.targets.length > rows.length) lines.push(`… and ${a.targets.length - rows.length} more GPUs`);
  return lines;
}

function breakdown(s: AdvisedScenario): string[] {
  const max = Math.max(...COMPONENTS.map((k) => s.bytes[k]));
  const lines = COMPONENTS.filter((k) => s.bytes[k] > 0).map(
    (k) => `${pad(COMPONENT_LABELS[k], 17)}${padLeft(formatBytes(s.bytes[k]), 9)}  ${bar(s.bytes[k], max, 20)}`,
  );
  lines.push(`${pad("Total", 17)}${padLeft(formatBytes(s.bytes.total), 9)}`);
  if (s.hostBytes) lines.push(`${pad("Host (CPU)", 17)}${padLeft(formatBytes(s.hostBytes), 9)}`);
  return lines;
}

function whyLines(s: AdvisedScenario): string {
  const lines = COMPONENTS.filter((k) => s.bytes[k] > 0).map(
    (k) => `• *${COMPONENT_LABELS[k]}* ${formatBytes(s.bytes[k])}: ${s.explain[k] ?? ""}`,
  );
  return `*Why these numbers (${METHOD_LABELS[s.method]})*\n${lines.join("\n")}`;
}

function whatIfText(a: Advice): string | undefined {
  if (a.whatIfs.length === 0) return undefined;
  const t = a.targets[0]!;
  const lines = a.whatIfs
    .slice(0, 6)
    .map((w) => `${EMOJI[w.verdict]} ${w.label}: *${formatBytes(w.totalBytes)}* \`${w.tokens}\``);
  return `*What to change for ${t.count > 1 ? `${t.count}× ` : ""}${t.short}*\n${lines.join("\n")}`;
}

function limitsText(a: Advice): string | undefined {
  const ls = a.limits.filter((l) => l.maxSeq > 0);
  if (ls.length === 0) return undefined;
  const t = a.targets[0]!;
  const parts = ls.map(
    (l) =>
      `${METHOD_SHORT[l.method]}: context up to ${formatTokens(l.maxSeq)}${l.maxBatch > 0 ? `, batch up to ${l.maxBatch}` : ""}`,
  );
  return `Limits on ${t.short} (10% headroom): ${parts.join(" · ")}`;
}

function buttons(state: AnswerState): Button[] {
  const out: Button[] = [];
  for (const c of changesFor(state.request)) {
    const value = encodeState({ ...state, request: applyChange(state.request, c) });
    if (value)
      out.push({
        type: "button",
        text: { type: "plain_text", text: CHANGE_LABEL[c] },
        action_id: changeActionId(c),
        value,
      });
  }
  const why = encodeState({ ...state, why: !state.why });
  if (why)
    out.push({
      type: "button",
      text: { type: "plain_text", text: state.why ? "Hide formulas" : "Why?" },
      action_id: ACTION.why,
      value: why,
    });
  const share = encodeState({ ...state, shareable: false });
  if (state.shareable && share)
    out.push({
      type: "button",
      text: { type: "plain_text", text: "Share in channel" },
      action_id: ACTION.share,
      value: share,
      style: "primary",
    });
  return out;
}

/** Advice → a Block Kit answer within Slack's limits, with a plain-text fallback. */
export function answerMessage(a: Advice, state: AnswerState): Message {
  const focus = a.scenarios.find((s) => s.method === a.recommendation.method) ?? a.scenarios[0]!;
  const blocks: Block[] = [
    { type: "header", text: { type: "plain_text", text: headerText(a) } },
    section([askLine(a, state), verdictLine(a)].filter((l) => l !== undefined).join("\n")),
    section(code(table(a))),
    section(
      `*${METHOD_LABELS[focus.method]}: ${formatBytes(focus.bytes.total)} per GPU*${focus.trainableParams ? ` (${formatCount(focus.trainableParams)} trainable params)` : ""}\n${code(breakdown(focus))}`,
    ),
  ];
  const fix = whatIfText(a);
  if (fix) blocks.push(section(fix));
  const limits = limitsText(a);
  if (limits) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: limits }] });
  if (state.why) blocks.push(section(whyLines(focus)));
  if (state.notes.length > 0)
    blocks.push({
      type: "context",
      elements: [
        { type: "mrkdwn", text: clip(state.notes.map((n) => `ℹ️ ${escapeText(n)}`).join("\n"), LIMITS.sectionText) },
      ],
    });
  blocks.push({
    type: "context",
    elements: [{ type: "mrkdwn", text: clip(a.assumptions.map((s) => `• ${s}`).join("\n"), LIMITS.sectionText) }],
  });
  const query = a.request.query.trim();
  // The typed text is echoed as plain_text, which Slack never formats, with its angle brackets swapped for
  // look-alikes so that no `<!channel>` or `<@U…>` reaches Slack in any form.
  const echo = query.replace(/</g, "‹").replace(/>/g, "›");
  if (echo)
    blocks.push({
      type: "context",
      elements: [{ type: "plain_text", text: clip(`You asked: ${echo}`, 300), emoji: false }],
    });
  const actions = buttons(state);
  if (actions.length > 0) blocks.push({ type: "actions", elements: actions.slice(0, LIMITS.actionsElements) });
  if (state.sharedBy)
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `Shared by <@${state.sharedBy}> with /vram` }] });
  const text = `${a.model.name}: ${a.recommendation.text}`;
  return { text: clip(text, LIMITS.messageText), blocks };
}
