/** What a change costs, a plan's cost vector, the ranking of plans and when one plan makes another pointless. */
import { peakBytes } from "../../estimator/result.js";
import { gpuById, usableBytes } from "../../catalog/index.js";
import { ELEMENT_BYTES } from "../../estimator/precision.js";
import type { Precision } from "../../estimator/request.js";
import { RECOMMEND_LADDER } from "../targets.js";
import type { GpuTarget } from "../verdict.js";
import {
  BIGGER_CARD_BASE_COST,
  type CostTier,
  COST_TIERS,
  LEVERS,
  METHOD_STRENGTH,
  type PlanChange,
  RANK_ORDER,
} from "./levers.js";

const LADDER = RECOMMEND_LADDER.map((id) => ({ id, capacity: usableBytes(gpuById(id)) }));

/** Ladder cards with more usable memory than `capacityBytes` (all of them when no GPU was named), smallest first. */
export function biggerCards(capacityBytes: number | undefined): string[] {
  return LADDER.filter((g) => capacityBytes === undefined || g.capacity > capacityBytes).map((g) => g.id);
}

/** Halvings of the weights from 16-bit (fp32 counts as 16-bit: serving it in 16-bit is no trade). */
function halvings(from: Precision, to: Precision): number {
  return Math.log2(Math.min(2, ELEMENT_BYTES[from]) / ELEMENT_BYTES[to]);
}

/** Cost of one change within its tier; `target` is the GPU the request named (undefined: none named). */
export function changeCost(c: PlanChange, target: GpuTarget | undefined): number {
  switch (c.lever) {
    case "method":
      return (METHOD_STRENGTH[c.to] ?? 0) - (METHOD_STRENGTH[c.from] ?? 0);
    case "precision":
      return halvings(c.from as Precision, c.to as Precision);
    case "gpus":
      return Math.log2(Number(c.to) / Number(c.from));
    case "gpu":
      return BIGGER_CARD_BASE_COST + biggerCards(target?.capacityBytes).indexOf(c.to);
    default:
      return LEVERS[c.lever].cost;
  }
}

/** Per-tier cost, most severe tier first (`RANK_ORDER`). */
export function costVector(changes: readonly PlanChange[], target: GpuTarget | undefined): number[] {
  const cost = RANK_ORDER.map(() => 0);
  for (const c of changes) {
    const i = RANK_ORDER.indexOf(LEVERS[c.lever].tier);
    cost[i] = (cost[i] ?? 0) + changeCost(c, target);
  }
  return cost;
}

/** The most severe tier among the changes ("free" for none). */
export function tierOf(changes: readonly PlanChange[]): CostTier {
  let worst = 0;
  for (const c of changes) worst = Math.max(worst, COST_TIERS.indexOf(LEVERS[c.lever].tier));
  return COST_TIERS[worst] ?? "free";
}

/** Lexicographic comparison of cost vectors, the most severe tier first. */
export function compareCost(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** A stable text of the changes, the last tie-break. */
export function changesKey(changes: readonly PlanChange[]): string {
  return changes.map((c) => `${LEVERS[c.lever].key}=${c.to}`).join(" ");
}

/** What the ranking reads of a plan. */
export interface Rankable {
  changes: readonly PlanChange[];
  cost: readonly number[];
  scenario: { bytes: { total: number } };
}

/** Ranking: cost vector, then fewer changes, then fewer bytes per GPU, then the stable key. */
export function comparePlans(a: Rankable, b: Rankable): number {
  const keyA = changesKey(a.changes);
  const keyB = changesKey(b.changes);
  return (
    compareCost(a.cost, b.cost) ||
    a.changes.length - b.changes.length ||
    peakBytes(a.scenario) - peakBytes(b.scenario) ||
    (keyA < keyB ? -1 : keyA > keyB ? 1 : 0)
  );
}

/** How far a graded change goes (higher saves more memory and costs at least as much). */
function strength(c: PlanChange): number {
  switch (c.lever) {
    case "batch":
    case "seq":
      return -Number(c.to);
    case "gpus":
      return Number(c.to);
    case "gpu":
      return RECOMMEND_LADDER.indexOf(c.to as (typeof RECOMMEND_LADDER)[number]);
    case "method":
      return METHOD_STRENGTH[c.to] ?? 0;
    case "precision":
      return -ELEMENT_BYTES[c.to as Precision];
    default:
      return 0;
  }
}

/**
 * The superset rule. `a` makes `b` pointless when every change of `a` is in `b`, where for graded levers (batch, seq,
 * gpus, gpu, method, precision) a change of `b` counts when it goes at least as far as `a`'s on the same lever
 * (`batch=1` covers `batch=2`, 4× covers 2×, QLoRA covers LoRA), and for the others the same value is needed.
 * Examples: {2×} makes {4×} and {2×, ckpt} pointless; {4×} does not make {2×, ckpt} pointless (2× is less than 4×);
 * {LoRA, ckpt} and {QLoRA} are both kept. A dominating plan always ranks before the plan it dominates (graded costs
 * grow with strength), so ranking and this rule never disagree.
 */
export function dominates(a: readonly PlanChange[], b: readonly PlanChange[]): boolean {
  if (changesKey(a) === changesKey(b)) return false;
  return a.every((ca) => b.some((cb) => covers(cb, ca)));
}

/** `b` is a change on the same lever as `a` that goes at least as far (graded levers) or is the same (the others). */
export function covers(b: PlanChange, a: PlanChange): boolean {
  return b.lever === a.lever && (LEVERS[a.lever].graded ? strength(b) >= strength(a) : b.to === a.to);
}
