/**
 * The search within one outer choice (method × hardware × context): which subsets of the cheap levers make it fit.
 * Memory is (nearly) monotone in every lever: a lever pulled further, or one more lever, never needs more memory.
 */
import { LEVERS, type PlanChange } from "./levers.js";
import type { Evaluator } from "./evaluate.js";
import { CONTEXT_STEP, largestFitting, smallerBatches } from "./options.js";

const without = (changes: readonly PlanChange[], c: PlanChange): PlanChange[] => changes.filter((x) => x !== c);

/** Subset masks of n items by increasing size, then by value (a stable order). */
function masksBySize(n: number): number[] {
  const bits = (m: number): number => {
    let k = 0;
    for (let x = m; x; x &= x - 1) k++;
    return k;
  };
  return Array.from({ length: 1 << n }, (_, i) => i).sort((a, b) => bits(a) - bits(b) || a - b);
}

/** The cheap levers of a change list, as a set of lever names. */
const leversOf = (changes: readonly PlanChange[]): Set<string> => new Set(changes.map((c) => c.lever));

const containsAll = (set: ReadonlySet<string>, part: ReadonlySet<string>): boolean =>
  [...part].every((l) => set.has(l));

/**
 * `set` with its micro-batch change (if any) at the largest divisor of the asked batch that fits, or undefined when
 * nothing fits. Without a batch change: `set` if it fits.
 */
function resolveBatch(ev: Evaluator, set: readonly PlanChange[]): PlanChange[] | undefined {
  const batch = set.find((c) => c.lever === "batch");
  if (!batch) return ev.fits(set) ? [...set] : undefined;
  const rest = without(set, batch);
  const sizes = smallerBatches(Number(batch.from));
  const at = (i: number): PlanChange[] => [...rest, { ...batch, to: String(sizes[i]) }];
  const best = largestFitting(0, sizes.length - 1, (i) => ev.fits(at(i)));
  return best === undefined ? undefined : at(best);
}

/**
 * The minimal subsets of `cheap` that make `outer` fit, where memory is monotone in every lever of `cheap`, skipping
 * any whose levers include all of a set in `known` (fits found already). (1) With all of `cheap` at full strength it
 * must fit, else no subset does; then `outer` alone may fit. (2) A lever whose removal from the full set breaks the
 * fit is in every fitting subset. (3) The others are tried by increasing size, skipping supersets of fits found (on
 * the set of levers: a micro-batch of any size counts as the same lever); each set found is minimal.
 * Returns the sets found as full change lists, and adds their lever sets to `known`.
 */
function monotoneSets(
  ev: Evaluator,
  outer: readonly PlanChange[],
  cheap: readonly PlanChange[],
  known: Set<string>[],
): PlanChange[][] {
  const skip = (set: readonly PlanChange[]): boolean => {
    const levers = leversOf(set);
    return known.some((k) => containsAll(levers, k));
  };
  if (skip([]) || !ev.fits([...outer, ...cheap])) return [];
  if (ev.fits(outer)) {
    known.push(new Set());
    return [[...outer]];
  }
  const required: PlanChange[] = [];
  const optional: PlanChange[] = [];
  for (const c of cheap) {
    const rest = without(cheap, c);
    // Where the rest already holds a known fit, every subset needing `c` is skipped anyway: no need to ask.
    (skip(rest) || ev.fits([...outer, ...rest]) ? optional : required).push(c);
  }
  const out: PlanChange[][] = [];
  for (const mask of masksBySize(optional.length)) {
    const picked = [...required, ...optional.filter((_, i) => mask & (1 << i))];
    if (skip(picked)) continue;
    const set = resolveBatch(ev, [...outer, ...picked]);
    if (!set) continue;
    known.push(leversOf(picked));
    out.push(set);
  }
  return out;
}

/**
 * Every minimal subset of `cheap` that makes `outer` fit, as full change lists. Offload is the one lever that is not
 * monotone (it moves states to the host, whose memory is bounded too: `planFits`), so the sets without it are searched
 * first, then the sets with it (each search monotone), skipping those whose other levers already fit without it.
 */
export function minimalCheapSets(
  ev: Evaluator,
  outer: readonly PlanChange[],
  cheap: readonly PlanChange[],
): PlanChange[][] {
  const known: Set<string>[] = [];
  const offload = cheap.find((c) => c.lever === "offload");
  if (!offload) return monotoneSets(ev, outer, cheap, known);
  const rest = without(cheap, offload);
  const plain = monotoneSets(ev, outer, rest, known);
  return [...plain, ...monotoneSets(ev, [...outer, offload], rest, known)];
}

/** Cheap levers in the order the context search tries to give them back: the costliest tier and change first. */
function dropOrder(cheap: readonly PlanChange[]): PlanChange[] {
  const tierRank = (c: PlanChange): number => ["numerics", "speed", "free"].indexOf(LEVERS[c.lever].tier);
  return [...cheap].sort((a, b) => tierRank(a) - tierRank(b) || LEVERS[b.lever].cost - LEVERS[a.lever].cost);
}

/**
 * The longest context below `seq` and above `above` that fits `outer` with `cheap` (a multiple of 1024 once it
 * reaches 1024), or undefined.
 */
function longestContext(
  ev: Evaluator,
  outer: readonly PlanChange[],
  cheap: readonly PlanChange[],
  seq: number,
  above: number,
): number | undefined {
  const fitsAt = (s: number): boolean => ev.fits([...outer, ...cheap, seqChange(seq, s)]);
  const top = Math.floor((seq - 1) / CONTEXT_STEP);
  const k = largestFitting(Math.floor(above / CONTEXT_STEP) + 1, top, (i) => fitsAt(i * CONTEXT_STEP));
  if (k !== undefined) return k * CONTEXT_STEP;
  if (above >= CONTEXT_STEP - 1) return undefined;
  return largestFitting(above + 1, Math.min(CONTEXT_STEP - 1, seq - 1), fitsAt);
}

const seqChange = (from: number, to: number): PlanChange => ({ lever: "seq", from: String(from), to: String(to) });

/**
 * The longest context below the asked one that fits `outer` with every cheap lever (with offload and without it, as
 * offload is bounded by host memory; the longer wins, a tie without offload), then the cheap levers given back
 * greedily where the fit survives: a single pass leaves a minimal set, memory being monotone in what is left.
 * Undefined when even one token does not fit.
 */
export function contextPlan(
  ev: Evaluator,
  outer: readonly PlanChange[],
  cheap: readonly PlanChange[],
  seq: number,
): PlanChange[] | undefined {
  const offload = cheap.find((c) => c.lever === "offload");
  const rest = offload ? without(cheap, offload) : [...cheap];
  if (seq <= 1) return undefined;
  // The asked context fits with these levers: this choice has plans that keep it (found before, or dominated).
  if (ev.fits([...outer, ...rest]) || (offload && ev.fits([...outer, offload, ...rest]))) return undefined;
  const plain = longestContext(ev, outer, rest, seq, 0);
  // Offload (much slower steps) only where no context fits without it: a few more tokens are not worth it.
  const offloaded = offload && plain === undefined ? longestContext(ev, [...outer, offload], rest, seq, 0) : undefined;
  const withOffload = offloaded !== undefined;
  const best = plain ?? offloaded;
  if (best === undefined) return undefined;
  let kept: PlanChange[] = [...outer, ...(withOffload && offload ? [offload] : []), ...rest, seqChange(seq, best)];
  for (const c of dropOrder(rest)) {
    const current = kept.find((x) => x.lever === c.lever)!;
    const dropped = without(kept, current);
    if (ev.fits(dropped)) kept = dropped;
    else if (c.lever === "batch") kept = resolveBatch(ev, kept) ?? kept;
  }
  return kept;
}
