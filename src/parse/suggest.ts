/**
 * Edit distance with adjacent transpositions (optimal string alignment: `lroa` → `lora` is 1), bounded:
 * returns `max + 1` as soon as the distance exceeds `max`.
 */
export function editDistance(a: string, b: string, max = 8): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

/** The closest candidates to `word` (at most `limit`), nearest first; none when nothing is close. */
export function closest(word: string, candidates: readonly string[], limit = 3): string[] {
  const w = word.toLowerCase().slice(0, 64);
  const max = Math.max(1, Math.min(3, Math.ceil(w.length / 3)));
  const scored: { c: string; d: number }[] = [];
  for (const c of candidates) {
    const d = c.startsWith(w) && w.length >= 3 ? 0.5 : editDistance(w, c, max);
    if (d <= max) scored.push({ c, d });
  }
  scored.sort((a, b) => a.d - b.d || a.c.length - b.c.length || a.c.localeCompare(b.c));
  return [...new Set(scored.map((s) => s.c))].slice(0, limit);
}

/** " Did you mean `a` or `b`?" (empty when nothing is near). */
export function didYouMean(near: readonly string[]): string {
  return near.length ? ` Did you mean ${near.map((n) => `\`${n}\``).join(" or ")}?` : "";
}
