/**
 * Public peer calculators re-implemented from their own sources (shared/reference/estimators-survey.md §3), scored on
 * exactly the accuracy cases each can express, against the same measurements and beside our own estimate.
 */
import { median, type Scored } from "../score.js";
import { accelerate } from "./accelerate.js";
import { asmirnov } from "./asmirnov.js";
import { deepspeed } from "./deepspeed.js";
import { gpuPoor } from "./gpu-poor.js";
import { llmAnalysis } from "./llm-analysis.js";
import { seed } from "./seed.js";
import { type Peer, type PeerCase, peerCase } from "./types.js";

export type { Peer, PeerCase } from "./types.js";
export { peerCase } from "./types.js";

export const peers: readonly Peer[] = [accelerate, gpuPoor, deepspeed, asmirnov, llmAnalysis, seed];

/** The project's target: every peer's median |error| at least this many times ours on the cases it covers. */
export const TARGET_RATIO = 3;

/**
 * A peer's estimate of one case, compared like ours: `allocated` figures, and figures whose source measured its own
 * CUDA context (the measurement then comes without it, score.ts), against total − the peer's own fixed overhead.
 */
export function peerEstimate(peer: Peer, x: Scored, pc: PeerCase): number | undefined {
  const total = peer.predict(pc);
  if (total === undefined) return undefined;
  return x.c.metric === "allocated" || x.c.sourceContextMiB !== undefined ? total - peer.overheadBytes : total;
}

export interface PeerRow {
  peer: Peer;
  /** Cases the peer covers. */
  n: number;
  peerMedian: number;
  peerWorst: { id: string; error: number } | undefined;
  /** Our median |error| on the same cases. */
  oursMedian: number;
  /** peerMedian / oursMedian. */
  ratio: number;
}

/**
 * Each peer on the scored cases it covers. `scored` are score.ts's Scored objects (our estimate and the per-GPU
 * measurement); they are keyed by case id and reused, so "ours" is always the current model's.
 */
export function comparePeers(scored: readonly Scored[]): PeerRow[] {
  const byId = new Map<string, Scored>(scored.map((x) => [x.c.id, x]));
  const resolved: { x: Scored; pc: PeerCase }[] = [];
  for (const x of byId.values()) {
    const pc = x.c.request ? peerCase(x.c.request) : undefined;
    if (pc) resolved.push({ x, pc });
  }
  return peers.map((peer) => {
    const hits: { x: Scored; error: number }[] = [];
    for (const { x, pc } of resolved) {
      const estimate = peerEstimate(peer, x, pc);
      if (estimate !== undefined) hits.push({ x, error: (estimate - x.measured) / x.measured });
    }
    const worst = hits.reduce<{ id: string; error: number } | undefined>(
      (w, h) => (!w || Math.abs(h.error) > Math.abs(w.error) ? { id: h.x.c.id, error: h.error } : w),
      undefined,
    );
    const peerMedian = median(hits.map((h) => Math.abs(h.error)));
    const oursMedian = median(hits.map((h) => Math.abs(h.x.error)));
    return { peer, n: hits.length, peerMedian, peerWorst: worst, oursMedian, ratio: peerMedian / oursMedian };
  });
}
