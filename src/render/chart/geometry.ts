/** Bar geometry: how long each segment is drawn when a bar runs past the chart's scale. */

/**
 * Segment lengths that add up to at most `max`: as they are when the bar fits; else the largest segment alone is
 * shortened (when at least `keep` of it is left), or failing that the largest ones are cut to one common length; the
 * others keep theirs, so every component stays visible. `cut` marks the shortened ones.
 */
export function fitSegments(values: readonly number[], max: number, keep = 0): { drawn: number[]; cut: boolean[] } {
  const total = values.reduce((s, v) => s + v, 0);
  if (total <= max) return { drawn: [...values], cut: values.map(() => false) };
  const largest = values.reduce((best, v, i) => (v > values[best]! ? i : best), 0);
  const left = values[largest]! - (total - max);
  if (left >= keep && left > 0) {
    return {
      drawn: values.map((v, i) => (i === largest ? left : v)),
      cut: values.map((_, i) => i === largest),
    };
  }
  const sorted = [...values].sort((a, b) => a - b);
  let room = max;
  let cap = 0;
  for (const [i, v] of sorted.entries()) {
    const rest = sorted.length - i;
    if (v * rest > room) {
      cap = room / rest;
      break;
    }
    room -= v;
  }
  return { drawn: values.map((v) => Math.min(v, cap)), cut: values.map((v) => v > cap) };
}

/** Pixel widths with every non-zero segment at least `min` wide (taken from the widest), summing as before. */
export function withMinimum(widths: readonly number[], min: number): number[] {
  const out = [...widths];
  for (const [i, w] of widths.entries()) {
    if (w <= 0 || w >= min) continue;
    const widest = out.reduce((best, x, j) => (x > out[best]! ? j : best), 0);
    const give = Math.min(min - w, Math.max(0, out[widest]! - min));
    out[widest] = out[widest]! - give;
    out[i] = w + give;
  }
  return out;
}
