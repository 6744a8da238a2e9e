/** Numbers as people write them in requests. Each returns undefined when the text is not such a number. */

const SIZE = /^(\d{1,9}(?:\.\d{1,9})?)\s*(b|bn|billion|m|mn|million|t|tn|trillion)(?:-?params?|-?parameters?)?$/i;
const SCI = /^(\d{1,4}(?:\.\d{1,9})?)e\+?(\d{1,2})$/i;
const MULT: Record<string, number> = { b: 1e9, m: 1e6, t: 1e12 };

/**
 * A model size: `7B`, `1.5b`, `350M`, `7e9`, `7 billion` (joined by the tokenizer as `7billion`), `1.5T`.
 * Syntax only: zero and absurd sizes come back as numbers for the caller to reject with a clear message.
 */
export function parseModelSize(text: string): number | undefined {
  const t = text.trim();
  const m = SIZE.exec(t);
  if (m) return Number(m[1]) * MULT[m[2]![0]!.toLowerCase()]!;
  const s = SCI.exec(t);
  if (s) {
    const v = Number(s[1]) * 10 ** Number(s[2]);
    return v >= 1e6 ? v : undefined;
  }
  return undefined;
}

/** An exact parameter count written out (`model=1234567891`, `model=6.7e9` is SCI above). */
export function parseParamCount(text: string): number | undefined {
  return /^\d{1,16}(\.\d{1,9})?$/.test(text.trim()) ? Number(text.trim()) : undefined;
}

const TOKENS = /^(\d{1,12}(?:\.\d{1,6})?)\s*([km]?)$/i;

/** A token count: `2048`, `2k` (2048), `4K`, `128k` (131072), `1M` (1048576), `1.5k` (1536). */
export function parseTokenCount(text: string): number | undefined {
  const m = TOKENS.exec(text.trim());
  if (!m) return undefined;
  const unit = m[2]!.toLowerCase();
  const v = Number(m[1]) * (unit === "k" ? 1024 : unit === "m" ? 1024 * 1024 : 1);
  return Number.isFinite(v) ? Math.round(v) : undefined;
}

/** `1M`…`10M` alone is a context length (1M tokens), never a model of a million parameters. */
export function isSmallMillions(text: string): boolean {
  const m = /^(\d{1,3}(?:\.\d+)?)m$/i.exec(text);
  return m !== null && Number(m[1]) <= 10;
}

/** `4k`, `32K`, `1M`: a token count with its unit, which nobody uses for anything but context. */
export function isTokenCountWithUnit(text: string): boolean {
  return /^\d{1,6}(\.\d{1,3})?[km]$/i.test(text);
}

/** A plain integer (`8`, `16`). */
export function parseInteger(text: string): number | undefined {
  return /^\d{1,12}$/.test(text.trim()) ? Number(text.trim()) : undefined;
}

/** Any decimal number, signed (`-1`, `0.5`): for telling "not a number" from "out of range". */
export function parseDecimal(text: string): number | undefined {
  return /^[-+−]?\d{1,15}(\.\d{1,9})?$/.test(text.trim()) ? Number(text.trim().replace("−", "-")) : undefined;
}

const CAPACITY = /^(\d{1,6}(?:\.\d{1,3})?)\s*(gb|gib|g|gig|gigs|tb|tib)$/i;
const UNIT_BYTES: Record<string, number> = {
  gb: 1e9,
  g: 1e9,
  gig: 1e9,
  gigs: 1e9,
  gib: 2 ** 30,
  tb: 1e12,
  tib: 2 ** 40,
};

/** A memory capacity: `24gb`, `48 GB`, `80GiB`, `12g`, or exact bytes `25769803776bytes` → bytes. */
export function parseCapacity(text: string): number | undefined {
  const t = text.trim();
  const exact = /^(\d{1,15})\s*bytes$/i.exec(t);
  if (exact) return Number(exact[1]) > 0 ? Number(exact[1]) : undefined;
  const m = CAPACITY.exec(t);
  if (!m) return undefined;
  const v = Number(m[1]) * UNIT_BYTES[m[2]!.toLowerCase()]!;
  return v > 0 && Number.isFinite(v) ? Math.round(v) : undefined;
}

const COUNT_WORDS: Record<string, number> = {
  one: 1,
  single: 1,
  two: 2,
  dual: 2,
  pair: 2,
  three: 3,
  four: 4,
  quad: 4,
  five: 5,
  six: 6,
  eight: 8,
  sixteen: 16,
};

/** A count of GPUs: `2`, `two`, `dual`, `quad`. */
export function parseCount(text: string): number | undefined {
  return parseInteger(text) ?? COUNT_WORDS[text.toLowerCase()];
}
