import { usableBytes, type GpuSpec } from "../catalog/index.js";

export type Verdict = "fits" | "tight" | "no";

/** Share of usable memory that must stay free for a `fits` verdict. */
export const HEADROOM = 0.1;

/** fits: at least 10% of usable memory left; tight: 0–10%; no: over the card. */
export function verdictFor(totalBytes: number, capacityBytes: number): { verdict: Verdict; headroomBytes: number } {
  const headroomBytes = capacityBytes - totalBytes;
  const verdict: Verdict = headroomBytes >= HEADROOM * capacityBytes ? "fits" : headroomBytes >= 0 ? "tight" : "no";
  return { verdict, headroomBytes };
}

/** A GPU as the advisor checks it: a catalog card, or a bare capacity the user named. */
export interface GpuTarget {
  id: string;
  name: string;
  short: string;
  capacityBytes: number;
  memoryBytes: number;
  count: number;
}

export function targetFromSpec(g: GpuSpec, count: number): GpuTarget {
  return { id: g.id, name: g.name, short: g.short, capacityBytes: usableBytes(g), memoryBytes: g.memoryBytes, count };
}

export function targetLabel(t: GpuTarget): string {
  return t.count > 1 ? `${t.count}× ${t.short}` : t.short;
}
