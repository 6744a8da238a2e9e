/** Numbers as people write them in requests. Each returns undefined when the text is not such a number. */

const SIZE = /^(\d+(?:\.\d+)?)\s*([kmbt])(?:illion)?(?:\s*params?)?$/i;
const SCI = /^(\d+(?:\.\d+)?)e(\d{1,2})$/i;
const MULT: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9, t: 1e12 };

/** A model size: `7B`, `1.5b`, `350M`, `7e9`, `7 billion` (joined by the tokenizer as `7billion`). */
export function parseModelSize(text: string): number | undefined {
  const t = text.trim().toLowerCase().replace(/billion$/, "b").replace(/million$/, "m").replace(/trillion$/, "t");
  const m = SIZE.exec(t);
  if (m) {
    const v = Number(m[1]) * MULT[m[2]!.toLowerCase()]!;
    return Number.isFinite(v) && v > 0 ? v : undefined;
  }
  const s = SCI.exec(t);
  if (s) {
    const v = Number(s[1]) * 10 ** Number(s[2]);
    return v >= 1e6 ? v : undefined;
  }
  return undefined;
}

const TOKENS = /^(\d+(?:\.\d+)?)\s*([km]?)$/i;

/** A token count: `2048`, `2k` (2048), `4K`, `128k` (131072), `1M` (1048576), `1.5k` (1536). */
export function parseTokenCount(text: string): number | undefined {
  const m = TOKENS.exec(text.trim());
  if (!m) return undefined;
  const unit = m[2]!.toLowerCase();
  const v = Number(m[1]) * (unit === "k" ? 1024 : unit === "m" ? 1024 * 1024 : 1);
  return Number.isFinite(v) ? Math.round(v) : undefined;
}

/** A plain integer (`8`, `16`). */
export function parseInteger(text: string): number | undefined {
  return /^\d{1,12}$/.test(text.trim()) ? Number(text.trim()) : undefined;
}

/** A memory capacity: `24gb`, `48 GB`, `80GiB`, `12g` → bytes. */
export function parseCapacity(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(gb|gib|g|tb)$/i.exec(text.trim());
  if (!m) return undefined;
  const unit = m[2]!.toLowerCase();
  const v = Number(m[1]) * (unit === "gib" ? 2 ** 30 : unit === "tb" ? 1e12 : 1e9);
  return v > 0 && Number.isFinite(v) ? Math.round(v) : undefined;
}
