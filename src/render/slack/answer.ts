import type { Change } from "../../advisor/change.js";
import { HEADROOM, type Verdict } from "../../advisor/verdict.js";
import type { Answer } from "../../answer/schema.js";
import { COMPONENTS, type Scenario } from "../../estimator/result.js";
import { explainComponent } from "../explain.js";
import { modelOriginNote } from "../hub.js";
import { assumptionLines } from "../assumptions.js";
import { COMPONENT_LABELS, METHOD_LABELS, METHOD_SHORT } from "../labels.js";
import { bar, focusOf, headlineText, pad, padLeft } from "../text.js";
import { formatBytes, formatCount, formatTokens } from "../units.js";
import {
  asAsked,
  costText,
  howText,
  limitText,
  overContextText,
  planChangesText,
  planWithMethod,
  recommendationText,
  targetLabel,
} from "../words.js";
import { type Block, type Button, LIMITS, type Message } from "./blockkit.js";
import { ACTION, changeActionId } from "./ids.js";
import { clip, escapeText } from "./mrkdwn.js";
import { type AnswerState, encodeState } from "./state.js";

const EMOJI: Record<Verdict, string> = { fits: "✅", tight: "⚠️", no: "❌" };
const MARK: Record<Verdict, string> = { fits: "✓ fits", tight: "~ tight", no: "✗ no" };
/** Rows of GPUs in the side-by-side table before it is summarised. */
const MAX_GPU_ROWS = 8;

const CHANGE_LABEL: Record<Change | "plan" | "undo", string> = {
  "ckpt-on": "Checkpointing on",
  "ckpt-off": "Checkpointing off",
  qlora: "Try QLoRA",
  "double-seq": "Longer context",
  "other-gpus": "Cheaper & bigger GPUs",
  "kv-fp8": "KV cache in fp8",
  int4: "4-bit weights",
  "more-gpus": "2× the GPUs",
  plan: "Apply plan 1",
  undo: "Undo",
};

/** Slack shows five buttons on a phone without wrapping into a wall: the plan, the changes, Why? and Share. */
const MAX_BUTTONS = 5;

const section = (text: string): Block => ({
  type: "section",
  text: { type: "mrkdwn", text: clip(text, LIMITS.sectionText) },
});
const code = (lines: string[]): string => `\`\`\`\n${clip(lines.join("\n"), LIMITS.sectionText - 8)}\n\`\`\``;

export function headerText(a: Answer): string {
  return clip(headlineText(a), LIMITS.headerText);
}

/** The one line a busy reader needs: does it fit the GPU they named, and if not, what makes it fit? */
export function verdictLine(a: Answer): string {
  const r = a.recommendation;
  const t = a.targets[0];
  if (!a.gpuNamed || !t) return `💡 ${recommendationText(a)}`;
  const gpu = targetLabel(t);
  const per = t.count > 1 ? " per GPU" : "";
  const of = `${formatBytes(r.totalBytes)} of ${formatBytes(t.capacityBytes)}${per}`;
  if (r.kind === "fits") return `${EMOJI.fits} *Fits on ${gpu} ${howText(r.method)}*: ${of}`;
  if (r.kind === "tight")
    return `${EMOJI.tight} *Tight on ${gpu} ${howText(r.method)}*: ${of}, under ${Math.round(HEADROOM * 100)} % to spare`;
  const plan = a.plans[0];
  if (r.kind === "plan" && plan) {
    const on = targetLabel(plan.target);
    const cap = `${formatBytes(plan.scenario.bytes.total)} of ${formatBytes(plan.target.capacityBytes)}${plan.target.count > 1 ? " per GPU" : ""}`;
    return `${EMOJI.no} As asked (${asAsked(a)}) it does not fit ${gpu}.\n${EMOJI.fits} *Fits on ${on} with ${planWithMethod(plan, { hardware: false })}*: ${cap}`;
  }
  return `${EMOJI.no} *Does not fit on ${gpu}.* ${recommendationText(a)}`;
}

/** "What's the biggest batch …?" gets its number first. */
function askLine(a: Answer): string | undefined {
  if (!a.ask) return undefined;
  // Under the plan when the answer recommends one (its numbers are the ones that can run), else as asked.
  const basis = a.recommendation.kind === "plan" ? "plan" : "asked";
  const l = a.limits.find((x) => x.basis === basis && x.method === a.recommendation.method) ?? a.limits[0];
  const t = a.targets.find((x) => x.id === l?.gpu) ?? a.plans[0]?.target;
  if (!t || !l) return undefined;
  const gpu = targetLabel({ count: l.count, short: t.short });
  const plan = l.basis === "plan" ? " with plan 1" : "";
  if (a.ask === "max-batch") {
    return l.maxBatch > 0
      ? `📏 *Largest micro-batch for ${METHOD_LABELS[l.method]}${plan} on ${gpu}: ${l.maxBatch}* at ${formatTokens(l.seq)} tokens`
      : `📏 Not even a micro-batch of 1 fits ${gpu} at ${formatTokens(l.seq)} tokens with ${METHOD_LABELS[l.method]}.`;
  }
  return l.maxSeq > 0
    ? `📏 *Longest context for ${METHOD_LABELS[l.method]}${plan} on ${gpu}: ${formatTokens(l.maxSeq)} tokens*${l.contextCap ? " (the model's maximum)" : ""} at batch ${l.batch}`
    : `📏 Not even one token fits ${gpu} with ${METHOD_LABELS[l.method]}.`;
}

function table(a: Answer): string[] {
  const cols = a.scenarios;
  const w = Math.max(10, ...cols.map((c) => METHOD_SHORT[c.method].length + 2));
  const rows = a.targets.slice(0, MAX_GPU_ROWS);
  const labels = rows.map((t) => `${targetLabel(t)} ${formatBytes(t.capacityBytes)}`);
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

function breakdown(s: Scenario): string[] {
  const max = Math.max(...COMPONENTS.map((k) => s.bytes[k]));
  const lines = COMPONENTS.filter((k) => s.bytes[k] > 0).map(
    (k) => `${pad(COMPONENT_LABELS[k], 17)}${padLeft(formatBytes(s.bytes[k]), 9)}  ${bar(s.bytes[k], max, 20)}`,
  );
  lines.push(`${pad("Total", 17)}${padLeft(formatBytes(s.bytes.total), 9)}`);
  if (s.hostBytes) lines.push(`${pad("Host (CPU)", 17)}${padLeft(formatBytes(s.hostBytes), 9)}`);
  return lines;
}

function whyLines(title: string, s: Scenario): string {
  const lines = COMPONENTS.filter((k) => s.terms[k].length > 0 && (s.bytes[k] > 0 || k !== "kvCache")).map(
    (k) => `• *${COMPONENT_LABELS[k]}* ${formatBytes(s.bytes[k])}: ${explainComponent(s, k)}`,
  );
  return `*Why these numbers (${title})*\n${lines.join("\n")}`;
}

function plansText(a: Answer): string | undefined {
  if (a.plans.length === 0) return undefined;
  const lines = a.plans.map(
    (p, i) =>
      `${i + 1}. ${EMOJI[p.verdict]} ${planChangesText(p)}${a.gpuNamed ? "" : ` on ${targetLabel(p.target)}`}: *${formatBytes(p.scenario.bytes.total)}* — ${costText(p)}\n      \`${p.request}\``,
  );
  return `*${a.gpuNamed ? "Plans that fit" : "Plans on the smallest cards"}, cheapest first*\n${lines.join("\n")}`;
}

function closestText(a: Answer): string | undefined {
  if (a.plans.length > 0 || !a.closest || !a.gpuNamed) return undefined;
  const c = a.closest;
  return `*Closest:* ${METHOD_LABELS[c.method]} \`${c.request}\` needs *${formatBytes(c.scenario.bytes.total)}* per GPU on ${targetLabel(c.target)} (${formatBytes(c.target.capacityBytes)}); the ${COMPONENT_LABELS[c.floor].toLowerCase()} alone are ${formatBytes(c.scenario.bytes[c.floor])}.`;
}

function limitsText(a: Answer): string | undefined {
  const ls = a.limits.filter((l) => l.maxSeq > 0);
  if (ls.length === 0) return undefined;
  const parts = ls.map((l) => {
    const t = a.targets.find((x) => x.id === l.gpu) ?? a.plans[0]?.target;
    const on = targetLabel({ count: l.count, short: t?.short ?? l.gpu });
    const who = `${METHOD_SHORT[l.method]}${l.basis === "plan" ? " with plan 1" : ""} on ${on}`;
    return `${who}: ${limitText(l, a.typed.includes("batch"), a.typed.includes("seq"))}`;
  });
  return `Limits (${Math.round(HEADROOM * 100)} % headroom): ${parts.join(" · ")}`;
}

function buttons(a: Answer, state: AnswerState): Button[] {
  const out: Button[] = [];
  // Share and Why? always have their place; the plan and the changes by intent take what is left of the five.
  const room = MAX_BUTTONS - 1 - (state.shareable ? 1 : 0) - (state.prev ? 1 : 0);
  const offered: { id: Change | "plan" | "undo"; request: string }[] = [
    ...(state.prev ? [{ id: "undo" as const, request: state.prev }] : []),
    ...[
      ...(a.plans[0] ? [{ id: "plan" as const, request: a.plans[0].request }] : []),
      ...a.changes.map((c) => ({ id: c.change, request: c.request })),
    ].slice(0, room),
  ];
  for (const c of offered) {
    // A change remembers where it came from (Undo goes back); Undo itself forgets it.
    const next =
      c.id === "undo"
        ? { ...state, request: c.request, prev: undefined }
        : { ...state, request: c.request, prev: state.request };
    const value = encodeState(next);
    if (value) {
      const style = c.id === "plan" ? { style: "primary" as const } : {};
      out.push({
        type: "button",
        text: { type: "plain_text", text: CHANGE_LABEL[c.id] },
        action_id: changeActionId(c.id),
        value,
        ...style,
      });
    }
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
  if (state.shareable && share) {
    out.push({
      type: "button",
      text: { type: "plain_text", text: "Share in channel" },
      action_id: ACTION.share,
      value: share,
      ...(a.plans[0] ? {} : { style: "primary" as const }),
    });
  }
  return out;
}

/** Answer → a Block Kit answer within Slack's limits, with a plain-text fallback. */
export function answerMessage(a: Answer, state: AnswerState, changed: readonly string[] = []): Message {
  const focus = focusOf(a);
  const trainable = focus.scenario.trainableParams
    ? ` (${formatCount(focus.scenario.trainableParams)} trainable params)`
    : "";
  // Public answers (a thread, a DM, a shared one) say whose question it is at the top; a re-run says what changed.
  const credit = state.sharedBy
    ? `Shared by <@${state.sharedBy}>`
    : state.asker && !state.shareable
      ? `Asked by <@${state.asker}>`
      : undefined;
  const top = [credit, changed.length ? `Changed: ${escapeText(changed.join(", "))}` : undefined].filter(
    (x): x is string => x !== undefined,
  );
  const blocks: Block[] = [
    { type: "header", text: { type: "plain_text", text: headerText(a) } },
    ...(top.length
      ? [{ type: "context" as const, elements: [{ type: "mrkdwn" as const, text: top.join(" · ") }] }]
      : []),
    section([askLine(a), verdictLine(a)].filter((l) => l !== undefined).join("\n")),
    section(code(table(a))),
    section(
      `*${focus.title}: ${formatBytes(focus.scenario.bytes.total)} per GPU*${trainable}\n${code(breakdown(focus.scenario))}`,
    ),
  ];
  for (const text of [plansText(a), closestText(a)]) if (text) blocks.push(section(text));
  const limits = limitsText(a);
  if (limits) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: clip(limits, LIMITS.sectionText) }] });
  if (state.why) blocks.push(section(whyLines(focus.title, focus.scenario)));
  const origin = modelOriginNote(a.model);
  const over = overContextText(a);
  const noted = [...(origin ? [origin] : []), ...(over ? [over] : []), ...a.notes];
  if (noted.length > 0) {
    const notes = noted.map((n) => `ℹ️ ${escapeText(n)}`).join("\n");
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: clip(notes, LIMITS.sectionText) }] });
  }
  const assumptions = assumptionLines(a)
    .map((s) => `• ${s}`)
    .join("\n");
  blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: clip(assumptions, LIMITS.sectionText) }] });
  // The typed text is echoed as plain_text, which Slack never formats, with its angle brackets swapped for
  // look-alikes so that no `<!channel>` or `<@U…>` reaches Slack in any form.
  const echo = a.query.trim().replace(/</g, "‹").replace(/>/g, "›");
  if (echo)
    blocks.push({
      type: "context",
      elements: [
        {
          type: "plain_text",
          text: clip(`${state.asker || state.sharedBy ? "Asked" : "You asked"}: ${echo}`, 300),
          emoji: false,
        },
      ],
    });
  const actions = buttons(a, state);
  if (actions.length > 0) blocks.push({ type: "actions", elements: actions.slice(0, LIMITS.actionsElements) });
  return { text: clip(`${a.model.name}: ${recommendationText(a)}`, LIMITS.messageText), blocks };
}
