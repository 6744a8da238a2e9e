import { peakBytes } from "../estimator/result.js";
import { z } from "zod";
import { Method } from "../estimator/request.js";
import type { Scenario } from "../estimator/result.js";
import type { Fit, SmallestFit } from "./fits.js";
import type { GpuTarget } from "./verdict.js";

/** Training methods from the most to the least capable: the first that fits is the one to use. */
export const PREFERENCE: readonly Method[] = ["full", "freeze", "lora", "qlora", "inference"];

/** What to do, as data: render/ writes the sentence. */
export const Recommendation = z.object({
  /**
   * fits / tight: a method fits the named GPU as asked; plan: the first plan makes it fit; smallest: no GPU named,
   * the smallest card for the most capable method; none: nothing fits, even with every change.
   */
  kind: z.enum(["fits", "tight", "plan", "smallest", "none"]),
  method: Method,
  /** The card ("" when none fits any). */
  gpu: z.string(),
  count: z.int().nonnegative(),
  totalBytes: z.int().nonnegative(),
  headroomBytes: z.int(),
  /** No GPU named: the other methods' smallest cards. */
  others: z.array(z.object({ method: Method, gpu: z.string(), short: z.string(), count: z.int().positive() })),
});
export type Recommendation = z.infer<typeof Recommendation>;

interface Advised {
  method: Method;
  scenario: Scenario;
  fits: Fit[];
  smallestFit?: SmallestFit | undefined;
}

const byPreference = <T extends { method: Method }>(xs: readonly T[]): T[] =>
  [...xs].sort((a, b) => PREFERENCE.indexOf(a.method) - PREFERENCE.indexOf(b.method));

/** On a named GPU: the most capable method that fits (then one that is tight); undefined when none does. */
export function fittingOnNamed(scenarios: readonly Advised[]): { s: Advised; fit: Fit } | undefined {
  const ordered = byPreference(scenarios);
  for (const verdict of ["fits", "tight"] as const) {
    const s = ordered.find((x) => x.fits[0]?.verdict === verdict);
    if (s?.fits[0]) return { s, fit: s.fits[0] };
  }
  return undefined;
}

/** The method plans are made for: the one asked, or the most capable of those compared (inference only if alone). */
export function primaryMethod(methods: readonly Method[]): Method {
  const training = methods.filter((m) => m !== "inference");
  const pool = training.length > 0 ? training : methods;
  return [...pool].sort((a, b) => PREFERENCE.indexOf(a) - PREFERENCE.indexOf(b))[0] ?? "inference";
}

export function recommend(
  scenarios: readonly Advised[],
  primary: GpuTarget | undefined,
  firstPlan: { method: Method; target: GpuTarget; totalBytes: number; headroomBytes: number } | undefined,
  primaryMethodName: Method,
): Recommendation {
  const none = { others: [] as Recommendation["others"] };
  if (primary) {
    const hit = fittingOnNamed(scenarios);
    if (hit) {
      return {
        kind: hit.fit.verdict === "fits" ? "fits" : "tight",
        method: hit.s.method,
        gpu: primary.id,
        count: primary.count,
        totalBytes: hit.fit.totalBytes,
        headroomBytes: hit.fit.headroomBytes,
        ...none,
      };
    }
    if (firstPlan) {
      return {
        kind: "plan",
        method: firstPlan.method,
        gpu: firstPlan.target.id,
        count: firstPlan.target.count,
        totalBytes: firstPlan.totalBytes,
        headroomBytes: firstPlan.headroomBytes,
        ...none,
      };
    }
    const s = scenarios.find((x) => x.method === primaryMethodName) ?? scenarios[0];
    const total = s?.fits[0]?.totalBytes ?? 0;
    return {
      kind: "none",
      method: primaryMethodName,
      gpu: primary.id,
      count: primary.count,
      totalBytes: total,
      headroomBytes: primary.capacityBytes - total,
      ...none,
    };
  }
  // No GPU named: the most capable method and the smallest card it fits.
  const ordered = byPreference(scenarios);
  const hit = ordered.find((s) => s.smallestFit);
  if (!hit?.smallestFit) {
    const first = ordered[0];
    return {
      kind: "none",
      method: first?.method ?? primaryMethodName,
      gpu: "",
      count: 0,
      totalBytes: first ? peakBytes(first.scenario) : 0,
      headroomBytes: 0,
      ...none,
    };
  }
  const sf = hit.smallestFit;
  return {
    kind: "smallest",
    method: hit.method,
    gpu: sf.gpu,
    count: sf.count,
    totalBytes: sf.totalBytes,
    headroomBytes: 0,
    others: ordered
      .filter((s) => s !== hit && s.smallestFit)
      .map((s) => ({
        method: s.method,
        gpu: s.smallestFit!.gpu,
        short: s.smallestFit!.short,
        count: s.smallestFit!.count,
      })),
  };
}
