import type { Unit } from "../../estimator/request.js";
import type { Change } from "../../advisor/change.js";
import { HEADROOM, type Verdict } from "../../advisor/verdict.js";
import type { Answer } from "../../answer/schema.js";
import { COMPONENTS, type Scenario } from "../../estimator/result.js";
import { atLoadText, explainComponent } from "../explain.js";
import { peakBytes } from "../../estimator/result.js";
import { defaultsText } from "../defaults.js";
import { modelOriginNote } from "../hub.js";
import { assumptionLines } from "../assumptions.js";
import { servedOf, servingShort, servingText } from "../serving.js";
import { COMPONENT_LABELS, COMPONENT_SHORT, METHOD_LABELS, METHOD_SHORT } from "../labels.js";
import { bar, focusOf, pad, padLeft } from "../text.js";
import { formatBytes, formatCount, formatTokens, formatTokensShort } from "../units.js";
import {
  asAsked,
  cardLabel,
  ownedName,
  placeLabel,
  costText,
  fleetText,
  howText,
  overContextText,
  planChangesText,
  planShort,
  recommendationText,
  setupLine,
  shareOfCard,
  targetLabel,
} from "../words.js";
import { type Block, type Button, LIMITS, type Message } from "./blockkit.js";
import { ACTION, changeActionId } from "./ids.js";
import { clip, escapeText, mrkdwnContext, mrkdwnSection } from "./mrkdwn.js";
import { type AnswerState, encodeState } from "./state.js";

const EMOJI: Record<Verdict, string> = { fits: "✅", tight: "⚠️", no: "❌" };
/** GPUs listed under each method before the list is summarised. */
const MAX_GPU_ROWS = 6;
/** Phones show about 40 monospace characters: no code line of a reply is longer (a test holds it). */
export const PHONE_MONO = 40;
/** Cells of the capacity bar. */
const CAPACITY_CELLS = 20;

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

const section = mrkdwnSection;
const code = (lines: string[]): string => `\`\`\`\n${clip(lines.join("\n"), LIMITS.sectionText - 8)}\n\`\`\``;

/** "Llama 3.1 8B · QLoRA · 4k tokens": the model, the method the answer is about, the context. */
export function headerText(a: Answer): string {
  const plan = a.recommendation.kind === "plan" ? a.plans[0] : undefined;
  const method = plan?.method ?? (a.scenarios.length === 1 || a.gpuNamed ? a.recommendation.method : undefined);
  const parts = [
    a.model.name,
    method ? METHOD_LABELS[method] : "methods compared",
    `${formatTokens(a.request.seq)} tokens`,
  ];
  return clip(parts.join(" · "), LIMITS.headerText);
}

/** One bar of how full the card is, short enough for a phone: `█████████████░░░░░░░ 63%`. */
function capacityBar(totalBytes: number, capacityBytes: number): string {
  const r = Math.min(1, totalBytes / capacityBytes);
  const full = Math.round(r * CAPACITY_CELLS);
  const over = totalBytes > capacityBytes ? "▶" : "";
  return `\`${"█".repeat(full)}${"░".repeat(CAPACITY_CELLS - full)}${over} ${Math.round((totalBytes / capacityBytes) * 100)}%\``;
}

/** The answer's first words: does it fit the card named (by its name and size), with what, and how full. */
export function verdictLine(a: Answer): string {
  const r = a.recommendation;
  const t = a.targets[0];
  if (!a.gpuNamed || !t) return `💡 ${recommendationText(a)}`;
  const card = placeLabel(a, t);
  const share = (total: number, on = t) =>
    `${formatBytes(total, a.request.unit)}, ${shareOfCard(total, on.capacityBytes, on.count > 1)}`;
  if (r.kind === "fits" || r.kind === "tight") {
    const head =
      r.kind === "fits"
        ? `${EMOJI.fits} *Fits on ${card} ${howText(r.method)}*`
        : `${EMOJI.tight} *Tight on ${card} ${howText(r.method)}* (${r.method === "inference" && servedOf(a) ? "fewer sequences at once than asked" : `under ${Math.round(HEADROOM * 100)} % to spare`})`;
    return `${head}: ${share(r.totalBytes)}\n${capacityBar(r.totalBytes, t.capacityBytes)}`;
  }
  const asked = a.scenarios.find((s) => s.method === a.primary);
  const askedTotal = asked?.fits[0]?.totalBytes ?? 0;
  const askedLine = `${EMOJI.no} As asked (${asAsked(a)}): ${share(askedTotal)}.`;
  const plan = a.plans[0];
  if (r.kind === "plan" && plan) {
    const on = plan.target;
    const total = plan.scenario.bytes.total;
    // With the team's own GPUs, a plan on cards it does not have says so: it is a purchase or a rental.
    const bought = a.fleet && !ownedName(a, on) ? ` (cards this workspace does not have)` : "";
    return `${EMOJI.fits} *Fits on ${placeLabel(a, on)} with ${planShort(plan, { hardware: false })}*${bought}: ${share(total, on)}\n${capacityBar(total, on.capacityBytes)}\n${askedLine}`;
  }
  return `${EMOJI.no} *Nothing fits ${card}, even with every change.*\n${askedLine}`;
}

/** engine=vllm: how many sequences vLLM holds on the card, right under the verdict (the rest is under Why?). */
function servingLine(a: Answer): string | undefined {
  const served = servedOf(a);
  if (!served) return undefined;
  const f = served.serving;
  if (f.problem !== "none" && f.problem !== "batch")
    return `🧮 ${escapeText(servingText(f, served.target, a.request.unit))}`;
  const holds = servingShort(f);
  return `🧮 *${holds.charAt(0).toUpperCase()}${holds.slice(1)}* with vLLM on ${cardLabel(served.target)} (${f.blocks.toLocaleString("en-US")} KV-cache blocks of ${f.blockTokens} tokens, gpu_memory_utilization ${f.gpuUtil})`;
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

/** Methods side by side as section fields (no monospace table): each method's total and its verdict per card. */
function methodFields(a: Answer): Block | undefined {
  if (a.scenarios.length < 2 && a.targets.length < 2) return undefined;
  const rows = a.targets.slice(0, MAX_GPU_ROWS);
  const more = a.targets.length > rows.length ? `\n… and ${a.targets.length - rows.length} more GPUs` : "";
  const per = a.scenarios[0] && a.scenarios[0].gpuCount > 1 ? " per GPU" : "";
  // A few cards named: each with its verdict. The default tiers (smallest first): the first that fits, in one line.
  const verdicts = (s: Answer["scenarios"][number]): string => {
    if (a.gpuNamed || rows.length <= 3)
      return rows.map((t, g) => `${EMOJI[s.fits[g]!.verdict]} ${placeLabel(a, t)}`).join("\n");
    const first = rows.findIndex((_, g) => s.fits[g]!.verdict === "fits");
    if (first < 0) return `${EMOJI.no} none of these cards`;
    return first === 0 ? `${EMOJI.fits} every card here` : `${EMOJI.fits} ${cardLabel(rows[first]!)} and up`;
  };
  const fields = a.scenarios.slice(0, LIMITS.fields).map((s) => ({
    type: "mrkdwn" as const,
    text: clip(
      `*${METHOD_SHORT[s.method]}* · ${formatBytes(peakBytes(s), a.request.unit)}${s.atLoad ? " at load" : ""}${per}\n${verdicts(s)}${a.gpuNamed ? more : ""}`,
      LIMITS.fieldText,
    ),
  }));
  return { type: "section", fields };
}

/** The breakdown in lines a phone shows whole: name, size, a bar (at most 40 characters). */
function breakdown(s: Scenario, u: Unit): string[] {
  const max = Math.max(...COMPONENTS.map((k) => s.bytes[k]));
  const line = (label: string, bytes: number, withBar: boolean) =>
    `${pad(label, 12)}${padLeft(formatBytes(bytes, u), 8)}${withBar ? ` ${bar(bytes, max, 14)}` : ""}`;
  const lines = COMPONENTS.filter((k) => s.bytes[k] > 0).map((k) => line(COMPONENT_SHORT[k], s.bytes[k], true));
  lines.push(line("Total", s.bytes.total, false));
  if (s.hostBytes) lines.push(line("Host (CPU)", s.hostBytes, false));
  if (s.atLoad) lines.push(line("At load", s.atLoad.bytes, false));
  return lines;
}

function whyLines(a: Answer, title: string, s: Scenario): string {
  const lines = COMPONENTS.filter((k) => s.terms[k].length > 0 && (s.bytes[k] > 0 || k !== "kvCache")).map(
    (k) =>
      `• *${COMPONENT_LABELS[k]}* ${formatBytes(s.bytes[k], a.request.unit)}: ${explainComponent(s, k, a.request.unit)}`,
  );
  if (s.atLoad)
    lines.push(
      `• *Peak at load* ${formatBytes(s.atLoad.bytes, a.request.unit)}: ${atLoadText(s.atLoad, a.request.unit)}`,
    );
  const served = servedOf(a);
  if (served) lines.push(`• *vLLM* ${escapeText(servingText(served.serving, served.target, a.request.unit))}`);
  const runs = a.plans.map((p, i) => `• Plan ${i + 1} as a request: ${escapeText(p.request)}`);
  const assumed = assumptionLines(a).map((x) => `• ${x}`);
  return [`*Why these numbers (${title})*`, ...lines, ...runs, "*Assumptions*", ...assumed].join("\n");
}

function plansText(a: Answer): string | undefined {
  if (a.plans.length === 0) return undefined;
  const lines = a.plans.map(
    (p, i) =>
      `${i + 1}. ${a.gpuNamed ? planShort(p) : `${cardLabel(p.target)}${p.changes.length > 1 ? ` with ${planShort(p, { hardware: false, method: false })}` : ""}`}: *${formatBytes(p.scenario.bytes.total, a.request.unit)}* · ${costText(p)}`,
  );
  return `*${a.gpuNamed ? "Plans that fit" : "Plans on the smallest cards"}, cheapest first*\n${lines.join("\n")}`;
}

function closestText(a: Answer): string | undefined {
  if (a.plans.length > 0 || !a.closest || !a.gpuNamed) return undefined;
  const c = a.closest;
  return `*Closest:* ${METHOD_LABELS[c.method]} with ${planChangesText(c)} needs *${formatBytes(c.scenario.bytes.total, a.request.unit)}*, ${(c.scenario.bytes.total / c.target.capacityBytes).toFixed(1)}× the ${cardLabel(c.target)}; the ${COMPONENT_LABELS[c.floor].toLowerCase()} alone are ${formatBytes(c.scenario.bytes[c.floor], a.request.unit)}.`;
}

function limitsText(a: Answer): string | undefined {
  const ls = a.limits.filter((l) => l.maxSeq > 0);
  if (ls.length === 0) return undefined;
  const parts = ls.map((l) => {
    const t = a.targets.find((x) => x.id === l.gpu) ?? a.plans[0]?.target;
    const on = t ? cardLabel({ ...t, count: l.count }) : l.gpu;
    const who = `${METHOD_SHORT[l.method]}${l.basis === "plan" ? " with plan 1" : ""} on ${on}`;
    const seq = `up to ${formatTokensShort(l.maxSeq)} tokens${l.contextCap ? " (the model's maximum)" : ""}`;
    const batch = l.maxBatch > 0 ? `batch up to ${l.maxBatch}` : "no batch";
    return `${who}: ${seq} at batch ${l.batch}, ${batch} at ${formatTokens(l.seq)}`;
  });
  // Limits keep the headroom a "fits" verdict keeps, which a tight fit does not have: said, so they never contradict it.
  // vLLM's limits are its own checks on its budget (no headroom kept).
  const vllmOnly = a.request.engine === "vllm" && ls.every((l) => l.method === "inference");
  return `${vllmOnly ? "Limits by vLLM's own checks" : `Limits with ${Math.round(HEADROOM * 100)} % headroom`}: ${parts.join(" · ")}`;
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

/** The chart of an answer, as Slack fetches it: its URL on this app's host and the numbers in words. */
export interface ChartImage {
  url: string;
  alt: string;
}

/**
 * Answer → a Block Kit answer within Slack's limits, with a plain-text fallback. `chart`, when given, is placed
 * after the plans (it pictures the breakdown and plan 1 beside the setup as asked), before the fine print.
 */
export function answerMessage(
  a: Answer,
  state: AnswerState,
  changed: readonly string[] = [],
  chart?: ChartImage,
): Message {
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
  const fleet = fleetText(a);
  // Where others read the answer, the defaults are the asker's, by name; in a private answer, "your".
  const defaults = defaultsText(a, state.asker && !state.shareable ? `<@${state.asker}>'s` : "your");
  const top = [
    credit,
    changed.length ? `Changed: ${escapeText(changed.join(", "))}` : undefined,
    fleet ? `🏢 ${escapeText(fleet)}` : undefined,
    defaults ? `⚙️ ${defaults}` : undefined,
    a.teamDataUnavailable
      ? "⚠️ The team's GPUs and saved defaults can't be read right now: this answer goes without them."
      : undefined,
  ].filter((x): x is string => x !== undefined);
  const blocks: Block[] = [
    { type: "header", text: { type: "plain_text", text: headerText(a) } },
    ...(top.length
      ? [{ type: "context" as const, elements: [{ type: "mrkdwn" as const, text: top.join(" · ") }] }]
      : []),
    section([askLine(a), verdictLine(a), servingLine(a)].filter((l) => l !== undefined).join("\n")),
    section(
      `*${focus.title}: ${formatBytes(focus.scenario.bytes.total, a.request.unit)} per GPU*${trainable}\n${code(breakdown(focus.scenario, a.request.unit))}`,
    ),
  ];
  const fields = methodFields(a);
  if (fields) blocks.push(fields);
  for (const text of [plansText(a), closestText(a)]) if (text) blocks.push(section(text));
  if (chart) blocks.push({ type: "image", image_url: chart.url, alt_text: clip(chart.alt, LIMITS.altText) });
  const limits = limitsText(a);
  if (limits) blocks.push(mrkdwnContext(limits));
  if (state.why) blocks.push(section(whyLines(a, focus.title, focus.scenario)));
  const origin = modelOriginNote(a.model);
  const over = overContextText(a);
  const noted = [...(origin ? [origin] : []), ...(over ? [over] : []), ...a.notes];
  if (noted.length > 0) {
    const notes = noted.map((n) => `ℹ️ ${escapeText(n)}`).join("\n");
    blocks.push(mrkdwnContext(notes));
  }
  // The setup in one line; the full assumptions are one tap away, under Why?.
  blocks.push(mrkdwnContext(setupLine(a)));
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
