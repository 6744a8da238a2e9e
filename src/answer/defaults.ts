/**
 * A person's and a workspace's defaults, applied to what they typed: a default fills a field the text left unset,
 * never one it set. Each default is the request-language word it stands for, added to the text and read by the same
 * parser, so a default means what typing it would, contradictions included: one that does not go with the request
 * (a default precision that the request's method rules out) is left out, and the answer says so.
 */
import { methodsFor } from "../estimator/estimate.js";
import { parseRequest } from "../parse/grammar.js";
import type { ParsedRequest } from "../parse/result.js";
import { type AppliedSetting, FILLS } from "../parse/setting-fields.js";
import { settingWord } from "../parse/settings.js";

const withWords = (text: string, defaults: readonly AppliedSetting[]) =>
  parseRequest(`${text} ${defaults.map((d) => settingWord(d.field, d.value)).join(" ")}`);

export interface WithDefaults {
  parsed: ParsedRequest;
  /** The defaults the request was answered with. */
  applied: AppliedSetting[];
  /** Defaults that did not go with this request, left out. */
  skipped: AppliedSetting[];
}

/** "70b lora gpus=4": a count without a card takes the default card (its own count gives way to the one typed). */
const countOnly = (p: ParsedRequest): boolean =>
  p.request.gpus.length > 0 && p.request.gpus.every((g) => g.id === undefined && g.memoryBytes === undefined);

export function applyDefaults(text: string, parsed: ParsedRequest, defaults: readonly AppliedSetting[]): WithDefaults {
  const cardOnly = countOnly(parsed);
  const open = defaults
    .filter((d) => !parsed.typed.includes(FILLS[d.field]) || (d.field === "gpu" && cardOnly))
    // A serving engine only speaks to serving: a training question does not say "using your default engine=vllm".
    .filter((d) => d.field !== "engine" || methodsFor(parsed.request).includes("inference"))
    .map((d) => (d.field === "gpu" && cardOnly ? { ...d, value: d.value.replace(/^\d+x/, "") } : d));
  if (open.length === 0) return { parsed, applied: [], skipped: [] };
  const all = withWords(text, open);
  if (all.kind === "request") return { parsed: restore(all, parsed), applied: [...open], skipped: [] };
  // One of them does not go with the request: keep the ones that do, in order.
  const applied: AppliedSetting[] = [];
  const skipped: AppliedSetting[] = [];
  let current = parsed;
  for (const d of open) {
    const next = withWords(text, [...applied, d]);
    if (next.kind === "request") {
      applied.push(d);
      current = restore(next, parsed);
    } else skipped.push(d);
  }
  return { parsed: current, applied, skipped };
}

/** The request read with the defaults, but the text echoed as typed and the parser's own readings of it kept. */
function restore(withDefaults: ParsedRequest, asTyped: ParsedRequest): ParsedRequest {
  return { ...withDefaults, request: { ...withDefaults.request, query: asTyped.request.query } };
}
