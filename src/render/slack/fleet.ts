/** The team's GPUs in Slack: the list, each change's confirmation, and errors that fix the user's words. */
import { targetFromSpec } from "../../advisor/verdict.js";
import { gpus } from "../../catalog/index.js";
import type { FleetCommand } from "../../parse/fleet.js";
import type { FleetChangeRow, FleetRow } from "../../store/schema.js";
import { cardLabel } from "../words.js";
import { type Block, LIMITS, type Message } from "./blockkit.js";
import { clip, escapeText, mrkdwnContext, mrkdwnSection } from "./mrkdwn.js";

/** "8× A100 40 GB": a group's cards as every answer names them. */
export function groupCards(g: Pick<FleetRow, "gpu_id" | "count">): string {
  // A card since removed from the catalog is still shown, by its id.
  const spec = gpus.find((x) => x.id === g.gpu_id);
  return spec ? cardLabel(targetFromSpec(spec, g.count)) : `${g.count}× ${g.gpu_id}`;
}

const day = (iso: string): string => iso.slice(0, 10);
const section = mrkdwnSection;
const context = mrkdwnContext;
const message = (text: string, blocks: Block[]): Message => ({ text: clip(text, LIMITS.messageText), blocks });

export function fleetListMessage(groups: readonly FleetRow[], prefix: string): Message {
  if (groups.length === 0) {
    const text = `No GPUs saved for this workspace yet. Add the team's: \`${prefix} fleet add 8x a100-40 as orion\``;
    return message(text, [section(text)]);
  }
  const lines = groups.map(
    (g) => `• *${escapeText(g.name)}*: ${groupCards(g)} · added by <@${g.created_by}> on ${day(g.created_at)}`,
  );
  const head = `*This workspace's GPUs* (${groups.length} ${groups.length === 1 ? "group" : "groups"})`;
  const body = `${head}\n${lines.join("\n")}`;
  return message(body, [
    section(body),
    context(
      `Add: \`${prefix} fleet add 8x h100 as vega\` · Remove: \`${prefix} fleet remove ${escapeText(groups[0]!.name)}\``,
    ),
  ]);
}

export function fleetAddedMessage(g: FleetRow): Message {
  const text = `✅ Saved *${escapeText(g.name)}*: ${groupCards(g)}, for everyone in this workspace.`;
  return message(text, [section(text)]);
}

export function fleetTakenMessage(existing: FleetRow, prefix: string): Message {
  const text = `⚠️ This workspace already has a group called *${escapeText(existing.name)}* (${groupCards(existing)}). Pick another name, or remove it first: \`${prefix} fleet remove ${escapeText(existing.name)}\``;
  return message(text, [section(text)]);
}

export function fleetRemovedMessage(g: FleetRow): Message {
  const text = `🗑️ Removed *${escapeText(g.name)}* (${groupCards(g)}).`;
  return message(text, [section(text)]);
}

export function fleetMissingMessage(name: string, groups: readonly FleetRow[], prefix: string): Message {
  const known = groups.length
    ? ` This workspace has ${groups.map((g) => `\`${escapeText(g.name)}\``).join(", ")}.`
    : "";
  const text = `⚠️ There is no group called \`${escapeText(name)}\`.${known} See them all: \`${prefix} fleet\``;
  return message(text, [section(text)]);
}

export function fleetErrorMessage(e: Extract<FleetCommand, { kind: "error" }>, prefix: string): Message {
  const text = `${e.message} Try \`${prefix} ${escapeText(e.example)}\``;
  return message(text, [section(text)]);
}

/** A fleet or settings command typed in a mention or DM: those are changed with the slash command. */
export function elsewhereMessage(text: string): Message {
  const typed = escapeText(clip(text.trim().split(/\s+/).join(" "), 300));
  const what = /^fleet\b/i.test(text.trim()) ? "The team's GPUs are" : "Saved defaults are";
  const words = `${what} changed with the slash command, where only you see the result: \`/vram ${typed}\``;
  return message(words, [section(words)]);
}

/** The database is unreachable: nothing was saved, and it says so (estimates keep working). */
export function fleetUnavailableMessage(ref: string): Message {
  const text = `😕 The team's GPU list can't be reached right now, so nothing was changed. Estimates still work; try this again in a minute. (reference \`${ref}\`)`;
  return message(text, [section(text)]);
}

/** Someone who may not change the fleet (FLEET_EDITORS=admins) tried to. */
export function fleetForbiddenMessage(prefix: string): Message {
  const text = `🔒 In this workspace only admins and owners change the team's GPUs. Anyone can still ask about them: \`${prefix} fleet\``;
  return message(text, [section(text)]);
}

/** FLEET_EDITORS=admins, and Slack could not say whether this person is one: nothing was changed. */
export function roleUnknownMessage(ref: string): Message {
  const text = `😕 I couldn't check with Slack whether you are an admin of this workspace, so nothing was changed. Try again in a minute. (reference \`${ref}\`)`;
  return message(text, [section(text)]);
}

/** Home's "last changes". */
export function fleetChangeLine(c: FleetChangeRow): string {
  const verb = c.action === "add" ? "added" : "removed";
  return `<@${c.user_id}> ${verb} *${escapeText(c.name)}* (${groupCards(c)}) on ${day(c.at)}`;
}
