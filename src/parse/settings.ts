/**
 * `set gpu=4090 seq=4k`, `set workspace precision=fp16`, `set` (show), `unset gpu`: defaults that shape answers.
 * A value is read by the request parser itself (a probe request), so a default means exactly what typing it would,
 * and it is kept as the canonical word ("4090" → "rtx-4090", "4k" → "4096").
 */
import { DEFAULTS } from "../estimator/request.js";
import { SETTING_FIELDS, type SettingField, type SettingScope } from "./setting-fields.js";
import { parseRequest } from "./grammar.js";
import { closest } from "./suggest.js";

export type SettingsCommand =
  | { kind: "show" }
  | { kind: "set"; scope: SettingScope; values: { field: SettingField; value: string }[] }
  | { kind: "unset"; scope: SettingScope; fields: SettingField[] }
  /** `word` is what was wrong, as typed; `example` the command corrected in the user's own words. */
  | { kind: "error"; message: string; word?: string; example: string };

/** The words each field answers to (the request language's keys for it). */
const FIELD_WORDS: Record<SettingField, readonly string[]> = {
  gpu: ["gpu", "gpus", "card"],
  precision: ["precision", "dtype"],
  regime: ["regime"],
  seq: ["seq", "ctx", "context", "len", "seqlen", "seq_len"],
  batch: ["batch", "bs", "batch_size"],
  unit: ["unit", "units"],
  framework: ["framework", "fw"],
  engine: ["engine"],
};

/** A value each field takes, for corrected examples. */
export const SETTING_EXAMPLES: Record<SettingField, string> = {
  gpu: "4090",
  precision: "fp16",
  regime: "mixed",
  seq: "4k",
  batch: "4",
  unit: "gib",
  framework: "torchtune",
  engine: "vllm",
};

/** The workspace's defaults: what everyone's answers start from. A card is the fleet's job (`fleet add`). */
const WORKSPACE_FIELDS: readonly SettingField[] = [
  "precision",
  "regime",
  "seq",
  "batch",
  "unit",
  "framework",
  "engine",
];

/** A settings command is at most this long (a handful of `key=value` words); longer is not one. */
const MAX_TEXT = 400;

const fieldOf = (word: string): SettingField | undefined =>
  SETTING_FIELDS.find((f) => FIELD_WORDS[f].includes(word.toLowerCase()));

/** Whether a text is a settings command at all (its first word). */
export const isSettingsCommand = (text: string): boolean => /^(?:set|unset|settings|defaults)\b/i.test(text.trim());

/** Text after the slash command → a settings command, or a friendly error. */
export function parseSettings(text: string): SettingsCommand {
  if (text.length > MAX_TEXT) {
    return { kind: "error", message: "That is longer than any settings command.", example: "set gpu=4090 seq=4k" };
  }
  const words = text.trim().split(/\s+/);
  const verb = words[0]!.toLowerCase();
  let rest = words.slice(1);
  if (verb === "settings" || verb === "defaults") {
    return rest.length === 0
      ? { kind: "show" }
      : { kind: "error", message: "To change a default, use `set`.", example: `set ${rest.join(" ")}` };
  }
  const scoped = rest[0] !== undefined && /^(?:workspace|team)$/i.test(rest[0]);
  const scope: SettingScope = scoped ? "workspace" : "personal";
  if (scoped) rest = rest.slice(1);
  const prefix = `${verb}${scoped ? " workspace" : ""}`;
  if (verb === "unset") return parseUnset(rest, scope, prefix);
  if (rest.length === 0) {
    return scoped
      ? { kind: "error", message: "Say which default to set for the workspace.", example: "set workspace seq=4k" }
      : { kind: "show" };
  }
  const values: { field: SettingField; value: string }[] = [];
  for (const word of rest) {
    const eq = word.indexOf("=");
    const key = eq < 0 ? word : word.slice(0, eq);
    const raw = eq < 0 ? "" : word.slice(eq + 1);
    const field = fieldOf(key);
    if (!field) return unknownField(key, prefix, raw);
    if (!raw) {
      return {
        kind: "error",
        message: `Give \`${key}\` a value.`,
        word,
        example: `${prefix} ${key}=${SETTING_EXAMPLES[field]}`,
      };
    }
    if (scope === "workspace" && !WORKSPACE_FIELDS.includes(field)) {
      return {
        kind: "error",
        message: "The workspace's cards are its fleet; a default card is each person's own.",
        word: key,
        example: field === "gpu" ? `fleet add 8x ${raw} as orion` : `set ${key}=${raw}`,
      };
    }
    const read = readValue(field, raw);
    if (read.kind === "error") {
      return { kind: "error", message: read.message, word, example: `${prefix} ${key}=${SETTING_EXAMPLES[field]}` };
    }
    values.push({ field, value: read.value });
  }
  return { kind: "set", scope, values };
}

function parseUnset(rest: string[], scope: SettingScope, prefix: string): SettingsCommand {
  if (rest.length === 0) return { kind: "error", message: "Say which default to forget.", example: `${prefix} gpu` };
  if (rest.length === 1 && rest[0]!.toLowerCase() === "all")
    return { kind: "unset", scope, fields: [...SETTING_FIELDS] };
  const fields: SettingField[] = [];
  for (const word of rest) {
    const key = word.split("=")[0]!;
    const field = fieldOf(key);
    if (!field) return unknownField(key, prefix);
    if (!fields.includes(field)) fields.push(field);
  }
  return { kind: "unset", scope, fields };
}

function unknownField(key: string, prefix: string, value?: string): SettingsCommand {
  const all = Object.values(FIELD_WORDS).flat();
  const near = closest(key.toLowerCase(), all, 1)[0];
  const field = near ? fieldOf(near) : undefined;
  const shown = key.length > 40 ? `${key.slice(0, 40)}…` : key;
  return {
    kind: "error",
    message: `I keep defaults for ${SETTING_FIELDS.join(", ")}, not \`${shown}\`${near ? `: did you mean \`${near}\`?` : "."}`,
    word: shown,
    example: `${prefix} ${near ?? "gpu"}${prefix.startsWith("unset") ? "" : `=${value || SETTING_EXAMPLES[field ?? "gpu"]}`}`,
  };
}

type Read = { kind: "ok"; value: string } | { kind: "error"; message: string };

/** One value, read by the request parser in a probe request; kept in its canonical form. */
export function readValue(field: SettingField, raw: string): Read {
  const probe = parseRequest(`7B ${field === "precision" ? "precision" : field}=${raw}`);
  if (probe.kind === "error") return { kind: "error", message: probe.error.message };
  if (probe.kind !== "request") return { kind: "error", message: `\`${raw}\` is not a ${field}.` };
  const r = probe.request;
  switch (field) {
    case "gpu": {
      const g = r.gpus[0];
      if (r.gpus.length !== 1 || !g || (g.id === undefined && g.memoryBytes === undefined))
        return { kind: "error", message: `\`${raw}\` is not one GPU.` };
      const times = g.count > 1 ? `${g.count}x` : "";
      return { kind: "ok", value: `${times}${g.id ?? `${g.memoryBytes! / 1e9}gb`}` };
    }
    case "precision":
      return { kind: "ok", value: r.precision };
    case "regime":
      return { kind: "ok", value: r.regime };
    case "seq":
      return { kind: "ok", value: String(r.seq) };
    case "batch":
      return { kind: "ok", value: String(r.batch) };
    case "unit":
      return { kind: "ok", value: r.unit === DEFAULTS.unit ? "gb" : "gib" };
    case "framework":
      return r.framework
        ? { kind: "ok", value: r.framework }
        : { kind: "error", message: `\`${raw}\` is not a framework.` };
    case "engine":
      return { kind: "ok", value: r.engine };
  }
}

/** The request-language word that applies a stored default ("gpu=rtx-4090", "seq=4096"). */
export const settingWord = (field: SettingField, value: string): string => `${field}=${value}`;
