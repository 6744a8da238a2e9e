/** Saved defaults in Slack: what is set, each change's confirmation, and errors that fix the user's words. */
import type { SettingsCommand } from "../../parse/settings.js";
import type { SettingField, SettingScope } from "../../parse/setting-fields.js";
import type { SettingRow } from "../../store/schema.js";
import { WORKSPACE } from "../../store/settings.js";
import { settingText } from "../defaults.js";
import { LIMITS, type Message } from "./blockkit.js";
import { clip, escapeText, mrkdwnContext, mrkdwnSection } from "./mrkdwn.js";

const message = (text: string, extra: string[] = []): Message => ({
  text: clip(text, LIMITS.messageText),
  blocks: [mrkdwnSection(text), ...extra.map(mrkdwnContext)],
});
const day = (iso: string): string => iso.slice(0, 10);
const word = (r: Pick<SettingRow, "field" | "value">): string => `\`${escapeText(settingText(r.field, r.value))}\``;
/** "(last set by <@U…> on 2026-12-02)": who changed the workspace's defaults most recently. */
const lastSet = (rows: readonly SettingRow[]): string => {
  const latest = [...rows].sort((a, b) => b.updated_at.localeCompare(a.updated_at))[0]!;
  return `(last set by <@${latest.updated_by}> on ${day(latest.updated_at)})`;
};
const whose = (scope: SettingScope): string => (scope === "workspace" ? "the workspace's" : "your");

/** One person's view: their own defaults, and the workspace's (which theirs override). */
export function settingsListMessage(rows: readonly SettingRow[], userId: string, prefix: string): Message {
  const mine = rows.filter((r) => r.user_id === userId);
  const team = rows.filter((r) => r.user_id === WORKSPACE);
  const lines = [
    mine.length ? `*Your defaults:* ${mine.map(word).join(" · ")}` : "*Your defaults:* none yet",
    team.length
      ? `*This workspace's defaults:* ${team.map(word).join(" · ")} ${lastSet(team)}`
      : "*This workspace's defaults:* none",
  ];
  const text = `${lines.join("\n")}\nAn answer uses them for whatever the question leaves out, and says so; yours win over the workspace's.`;
  return message(text, [
    `Set: \`${prefix} set gpu=4090 seq=4k\` · Forget: \`${prefix} unset gpu\` · For everyone: \`${prefix} set workspace unit=gib\``,
  ]);
}

export function settingsSavedMessage(scope: SettingScope, rows: readonly SettingRow[], prefix: string): Message {
  const fields = rows.map((r) => r.field).join(" ");
  const text = `✅ Saved ${whose(scope)} default${rows.length > 1 ? "s" : ""}: ${rows.map(word).join(", ")}. ${
    scope === "workspace" ? "Everyone's answers" : "Your answers"
  } use ${rows.length > 1 ? "them" : "it"} whenever a question leaves ${rows.length > 1 ? "these" : "it"} out, and say so.`;
  return message(text, [`Forget: \`${prefix} unset${scope === "workspace" ? " workspace" : ""} ${fields}\``]);
}

export function settingsUnsetMessage(
  scope: SettingScope,
  asked: readonly SettingField[],
  removed: readonly SettingField[],
): Message {
  const list = (xs: readonly SettingField[]) => xs.map((f) => `\`${f}\``).join(", ");
  const none = asked.filter((f) => !removed.includes(f));
  const parts = [
    removed.length ? `🗑️ Forgot ${whose(scope)} default${removed.length > 1 ? "s" : ""} ${list(removed)}.` : "",
    none.length
      ? `${removed.length ? "" : "ℹ️ "}${scope === "workspace" ? "The workspace had" : "You had"} no default for ${list(none)}.`
      : "",
  ].filter(Boolean);
  return message(parts.join(" "));
}

export function settingsErrorMessage(e: Extract<SettingsCommand, { kind: "error" }>, prefix: string): Message {
  return message(`${e.message} Try \`${prefix} ${escapeText(e.example)}\``);
}

/** Someone who may not change the workspace's defaults (FLEET_EDITORS=admins) tried to. */
export function settingsForbiddenMessage(prefix: string): Message {
  return message(
    `🔒 Only this workspace's admins and owners can change its defaults. Your own defaults are yours to set: \`${prefix} set seq=4k\``,
  );
}

/** The database is unreachable: nothing was saved, and it says so (estimates keep working). */
export function settingsUnavailableMessage(ref: string): Message {
  return message(
    `😕 Saved defaults can't be reached right now, so nothing was changed. Estimates still work; try this again in a minute. (reference \`${ref}\`)`,
  );
}
