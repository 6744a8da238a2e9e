/** Words of a request: bare words (`lora`, `7B`) and options (`seq=2048`). Lexical only; knows no catalog. */
export interface Token {
  text: string;
  key?: string;
  value?: string;
}

/** Longest input read; Slack allows a few thousand characters and nothing sensible is longer. */
export const MAX_INPUT = 4000;
export const MAX_TOKENS = 200;

/** Slack markup (`<@U123>`, `<!channel>`, `<#C1|general>`, `<https://x|label>`) → its label or nothing. */
export function stripSlackMarkup(text: string): string {
  return text.replace(/<([^<>]{0,500})>/g, (_, inner: string) => {
    const bar = inner.indexOf("|");
    if (inner.startsWith("@") || inner.startsWith("!") || inner.startsWith("#")) return " ";
    return bar >= 0 ? ` ${inner.slice(bar + 1)} ` : " ";
  });
}

const UNIT_WORDS = /^(b|billion|m|million|t|trillion|k|gb|gib|params?)$/i;

export function tokenize(input: string): Token[] {
  const text = stripSlackMarkup(input.slice(0, MAX_INPUT))
    .replace(/(^|\s)[`*_~]+|[`*_~]+(?=\s|$)/g, "$1 ")
    .replace(/\s*([=:])\s*/g, "$1")
    .replace(/(\d)\s*[x×]\s+(?=[a-z])/gi, "$1x");
  const words = text.split(/[\s,;]+/).filter((w) => w.length > 0).slice(0, MAX_TOKENS);
  const out: Token[] = [];
  for (let i = 0; i < words.length; i++) {
    let w = words[i]!.replace(/[.?!)(]+$/, "").replace(/^[(]+/, "");
    if (w.length === 0) continue;
    const next = words[i + 1];
    // "7 billion", "1.5 B", "24 GB": a number and its unit written apart.
    if (/^\d+(\.\d+)?$/.test(w) && next !== undefined && UNIT_WORDS.test(next.replace(/[.?!]+$/, ""))) {
      w = w + next.replace(/[.?!]+$/, "");
      i++;
    }
    const eq = w.search(/[=:]/);
    if (eq > 0 && eq < w.length - 1 && !/^https?:/i.test(w)) out.push({ text: w, key: w.slice(0, eq), value: w.slice(eq + 1) });
    else out.push({ text: w.replace(/[=:]+$/, "") });
  }
  return out;
}
