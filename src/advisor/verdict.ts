import { z } from "zod";
import { type GpuSpec, usableBytes } from "../catalog/index.js";

export const Verdict = z.enum(["fits", "tight", "no"]);
export type Verdict = z.infer<typeof Verdict>;

/**
 * Share of usable memory that must stay free for a `fits` verdict: allocator spikes, a longer batch than the average,
 * and the estimate's own error (median 3–7 %, up to ~15 % on device peaks: README "Accuracy") must fit in it.
 */
export const HEADROOM = 0.1;

/** fits: at least 10% of usable memory left; tight: 0–10%; no: over the card. */
export function verdictFor(totalBytes: number, capacityBytes: number): { verdict: Verdict; headroomBytes: number } {
  const headroomBytes = capacityBytes - totalBytes;
  const verdict: Verdict = headroomBytes >= HEADROOM * capacityBytes ? "fits" : headroomBytes >= 0 ? "tight" : "no";
  return { verdict, headroomBytes };
}

/** A GPU as the advisor checks it: a catalog card, or a bare capacity the user named, times a count. */
export const GpuTarget = z.object({
  /** Catalog id, or `24gb` for a bare capacity. */
  id: z.string(),
  name: z.string(),
  short: z.string(),
  /** Bytes one job may use (Apple: Metal's share). */
  capacityBytes: z.int().positive(),
  /** Bytes the driver reports. */
  memoryBytes: z.int().positive(),
  /** Memory as marketed (24 for a 4090), for labels. */
  marketingGB: z.number().positive(),
  count: z.int().positive(),
  /** A bare capacity ("24gb"), not a catalog card. */
  bare: z.boolean(),
});
export type GpuTarget = z.infer<typeof GpuTarget>;

export function targetFromSpec(g: GpuSpec, count: number): GpuTarget {
  return {
    id: g.id,
    name: g.name,
    short: g.short,
    capacityBytes: usableBytes(g),
    memoryBytes: g.memoryBytes,
    marketingGB: g.marketingGB,
    count,
    bare: false,
  };
}

/** A capacity the user named instead of a card ("a 24 GB GPU"). */
export function bareTarget(memoryBytes: number, count: number): GpuTarget {
  const gb = Math.round(memoryBytes / 1e9);
  return {
    id: `${gb}gb`,
    name: `a ${gb} GB GPU`,
    short: `${gb} GB GPU`,
    capacityBytes: memoryBytes,
    memoryBytes,
    marketingGB: gb,
    count,
    bare: true,
  };
}
