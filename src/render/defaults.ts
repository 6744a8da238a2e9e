/** Saved defaults in words: what shaped an answer, and what the settings command shows. */
import type { Answer } from "../answer/schema.js";
import { type AppliedSetting, FILLS, type SettingField } from "../parse/setting-fields.js";
import { formatTokens } from "./units.js";
import { listed } from "./words.js";

/** A default as the person would type it: `gpu=rtx-4090`, `seq=4k`, `unit=gib`. */
export function settingText(field: SettingField, value: string): string {
  return `${field}=${field === "seq" ? formatTokens(Number(value)) : value}`;
}

const words = (xs: readonly AppliedSetting[]): string => listed(xs.map((d) => `\`${settingText(d.field, d.value)}\``));

/**
 * "Using your defaults `gpu=rtx-4090` and `seq=4k`, and the workspace's `unit=gib`." Said on every answer they
 * shaped; a default that did not go with the request is named too, so no one wonders why it was not used.
 */
export function defaultsText(a: Pick<Answer, "defaults">, owner = "your"): string | undefined {
  const d = a.defaults;
  if (!d) return undefined;
  const mine = d.applied.filter((x) => x.scope === "personal");
  const team = d.applied.filter((x) => x.scope === "workspace");
  const parts: string[] = [];
  if (mine.length) parts.push(`${owner} default${mine.length > 1 ? "s" : ""} ${words(mine)}`);
  if (team.length) parts.push(`the workspace's default${team.length > 1 ? "s" : ""} ${words(team)}`);
  const using = parts.length ? `Using ${parts.join(", and ")}.` : "";
  const left = d.skipped.length ? ` Not used here (it does not go with this request): ${words(d.skipped)}.` : "";
  return `${using}${left}`.trim() || undefined;
}

/** How a field's value came to be, for the assumptions: typed, a saved default, or the app's default. */
export function sourceNote(a: Pick<Answer, "typed" | "defaults">, field: Answer["typed"][number]): string {
  const saved = a.defaults?.applied.find((d) => FILLS[d.field] === field);
  if (saved) return saved.scope === "personal" ? " (your default)" : " (the workspace's default)";
  return a.typed.includes(field) ? "" : " (default)";
}
