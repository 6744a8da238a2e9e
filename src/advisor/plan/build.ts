/** Evaluations → plans, and the final list: ranked, with plans another one makes pointless left out. */
import { peakBytes } from "../../estimator/result.js";
import { servingFit } from "../serving.js";
import { type Verdict, verdictFor } from "../verdict.js";
import type { GpuTarget } from "../verdict.js";
import { changesKey, comparePlans, costVector, dominates, tierOf } from "./cost.js";
import { RANK_ORDER } from "./levers.js";
import type { Evaluation } from "./evaluate.js";
import type { Plan } from "./types.js";

/**
 * A plan from a fitting evaluation. `asked` is the GPU the request named (prices a bigger card); `gpuFirst` puts the
 * `gpu` change first (catalog mode, where the card is the answer).
 */
export function toPlan(e: Evaluation, asked: GpuTarget | undefined, gpuFirst = false): Plan {
  if (!e.target) throw new Error("a plan needs a GPU");
  const changes = gpuFirst
    ? [...e.changes.filter((c) => c.lever === "gpu"), ...e.changes.filter((c) => c.lever !== "gpu")]
    : e.changes;
  return {
    changes,
    request: e.request,
    method: e.method,
    target: e.target,
    scenario: e.scenario,
    ...servedOrPlain(e.scenario, e.target),
    tier: tierOf(changes),
    cost: costVector(changes, asked),
  };
}

/** The plan's verdict: vLLM's checks on its card for engine=vllm, else the headroom rule. */
function servedOrPlain(s: Evaluation["scenario"], t: GpuTarget): { verdict: Verdict; headroomBytes: number } {
  const served = servingFit(s, t);
  if (served) return { verdict: served.verdict, headroomBytes: served.headroomBytes };
  return verdictFor(peakBytes(s), t.capacityBytes);
}

/** Ranked best first, each change list once, without any plan another one dominates (see `dominates`). */
export function ranked(plans: readonly Plan[]): Plan[] {
  const seen = new Set<string>();
  const sorted = [...plans].sort(comparePlans).filter((p) => {
    const key = changesKey(p.changes);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return sorted.filter((p) => !sorted.some((q) => q !== p && dominates(q.changes, p.changes)));
}

/** The kind of hardware a plan asks for: none (the user's own), more of the same card, or another card. */
function hardwareKind(p: Plan): "none" | "gpus" | "gpu" {
  const hw = p.changes.find((c) => c.lever === "gpu" || c.lever === "gpus");
  return hw?.lever === "gpu" ? "gpu" : hw ? "gpus" : "none";
}

/**
 * Among ranked plans, those no other plan beats on every cost that matters: a plan whose cost is at least as high
 * in every tier a user gives something up in as another's, and higher in one, is dropped ("offload + QLoRA on 2 GPUs"
 * when "chunked loss + QLoRA" fits the one GPU). The free tier only breaks ties: a free change costs nothing to give
 * up. Hardware is compared only within a kind (the user's own card beats anything; 2× beats 4× of the same card;
 * a smaller new card beats a bigger one): more of one's card and another card are different decisions, both kept.
 */
export function withoutCostlier(plans: readonly Plan[], limit: number): Plan[] {
  const free = RANK_ORDER.indexOf("free");
  const beats = (q: Plan, p: Plan): boolean => {
    const kq = hardwareKind(q);
    if (kq !== "none" && kq !== hardwareKind(p)) return false;
    let strictly = false;
    for (let i = 0; i < p.cost.length; i++) {
      if (i === free) continue;
      const d = (q.cost[i] ?? 0) - (p.cost[i] ?? 0);
      if (d > 0) return false;
      if (d < 0) strictly = true;
    }
    return strictly || (q.cost[free] ?? 0) < (p.cost[free] ?? 0);
  };
  return plans.filter((p) => !plans.some((q) => q !== p && beats(q, p))).slice(0, limit);
}
