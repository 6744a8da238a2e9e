/** Words of a request: bare words (`lora`, `7B`) and options (`seq=2048`). Lexical only; knows no catalog. */
export interface Token {
  text: string;
  /** `text` in lower case, computed once. */
  lower: string;
  key?: string;
  value?: string;
  /** `=` in `seq=2048`, `:` in `seq:2048` (also in prose like `Question: can`, so read leniently). */
  sep?: "=" | ":";
}

/** Longest input read; Slack allows a few thousand characters and nothing sensible is longer. */
export const MAX_INPUT = 4000;
/** Most words read; with MAX_INPUT this bounds the work of one parse. */
export const MAX_TOKENS = 1000;

const HF_URL = /^(?:https?:\/\/)?(?:www\.)?(?:huggingface\.co|hf\.co)\/([^/\s|?#]+\/[^/\s|?#]+)/i;

/** A link worth reading: a Hugging Face model page → `org/name`; anything else → nothing. */
function linkText(url: string): string {
  const hf = HF_URL.exec(url);
  return hf ? ` ${hf[1]} ` : " ";
}

/** Slack markup (`<@U123>`, `<!channel>`, `<#C1|general>`, `<https://x|label>`) → its label or nothing. */
export function stripSlackMarkup(text: string): string {
  return text.replace(/<([^<>]{0,500})>/g, (_, inner: string) => {
    if (inner.startsWith("@") || inner.startsWith("!") || inner.startsWith("#")) return " ";
    const bar = inner.indexOf("|");
    const url = bar >= 0 ? inner.slice(0, bar) : inner;
    if (HF_URL.test(url)) return linkText(url);
    return bar >= 0 ? ` ${inner.slice(bar + 1)} ` : " ";
  });
}

/** Slack escapes these three in message text. */
function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** mrkdwn and chat decoration: code fences, `code`, *bold*, _italic_, ~strike~, > quotes, :emoji:, bullets. */
function stripDecoration(text: string): string {
  return text
    .replace(/:[a-z0-9_+-]{1,40}:/gi, " ")
    .replace(/```|[•▪◦‣]/g, " ")
    .replace(/(^|\s)[`*_~>]+|[`*_~]+(?=\s|$)/g, "$1 ")
    .replace(/[“”„‟"]/g, " ")
    .replace(/[\u2018\u2019]/g, "'");
}

/** Bare URLs in the CLI or unlinked Slack text. */
function stripUrls(text: string): string {
  return text.replace(/\bhttps?:\/\/\S{1,500}/gi, (url) => linkText(url));
}

const UNIT_WORDS = /^(b|bn|billion|m|million|t|trillion|k|gb|gib|g|gig|gigs|tb|params?|parameters?)$/i;
const EDGE_PUNCT_END = /[.?!)(\][{}'",;:…]+$/;
const EDGE_PUNCT_START = /^[([{'"…]+/;

function clean(word: string): string {
  return word.replace(EDGE_PUNCT_END, "").replace(EDGE_PUNCT_START, "");
}

export function tokenize(input: string): Token[] {
  const text = decodeEntities(stripUrls(stripSlackMarkup(input.slice(0, MAX_INPUT))));
  const joined = stripDecoration(text)
    .replace(/\s*=\s*/g, "=")
    .replace(/([a-z_])\s*:\s+(?=[0-9])/gi, "$1:")
    .replace(/(^|\s)(\d{1,4})\s*[x×]\s+(?=[a-z])/gi, "$1$2x");
  const words = joined.split(/[\s,;]+/, MAX_TOKENS + 1).slice(0, MAX_TOKENS);
  const out: Token[] = [];
  for (let i = 0; i < words.length; i++) {
    let w = clean(words[i]!);
    if (w.length === 0) continue;
    const next = words[i + 1];
    // "7 billion", "1.5 B", "24 GB": a number and its unit written apart.
    if (/^\d+(\.\d+)?$/.test(w) && next !== undefined && UNIT_WORDS.test(clean(next))) {
      w = w + clean(next);
      i++;
    }
    out.push(toToken(w));
  }
  return out;
}

function toToken(w: string): Token {
  const eq = w.search(/[=:]/);
  if (eq > 0 && eq < w.length - 1) {
    const sep = w[eq] === "=" ? "=" : ":";
    return { text: w, lower: w.toLowerCase(), key: w.slice(0, eq), value: w.slice(eq + 1), sep };
  }
  const bare = w.replace(/[=:]+$/, "");
  return { text: bare, lower: bare.toLowerCase() };
}
