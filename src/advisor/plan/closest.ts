/** When nothing fits: how close every lever but hardware and context gets, and what is left in the way. */
import { peakBytes } from "../../estimator/result.js";
import { gpuById, usableBytes } from "../../catalog/index.js";
import { COMPONENTS } from "../../estimator/result.js";
import { RECOMMEND_LADDER } from "../targets.js";
import { applyChanges } from "./apply.js";
import { type Evaluator, MAX_HOST_BYTES_PER_GPU } from "./evaluate.js";
import type { PlanChange } from "./levers.js";
import { cheapChanges, strongestMethod } from "./options.js";
import type { Closest, Floor } from "./types.js";

/** The ladder card with the most usable memory (where the closest setup runs when no GPU was named). */
function largestCard(): string {
  return [...RECOMMEND_LADDER].sort((a, b) => usableBytes(gpuById(b)) - usableBytes(gpuById(a)))[0]!;
}

/**
 * The asked setup with every lever but hardware and context at full strength: the strongest method change (QLoRA,
 * int4 weights) where a GPU was named (with none named the method stays, as in the catalog's plans) and every cheap
 * lever, less those that change nothing there (a fused step beside 8-bit AdamW, say) and less an offload that would
 * overflow the host memory (`MAX_HOST_BYTES_PER_GPU`). No GPU named: on the largest ladder card. Nothing fits, so
 * this setup does not either: its largest component is the floor in the way.
 */
export function closestSetup(ev: Evaluator): Closest {
  const card: PlanChange[] = ev.target ? [] : [{ lever: "gpu", from: "none", to: largestCard() }];
  const method = ev.target ? strongestMethod(ev.req, ev.method) : [];
  const after = applyChanges(ev.req, ev.method, ev.target, method);
  const cheap = cheapChanges(after.request, after.method);
  let changes: PlanChange[] = [...card, ...method, ...cheap];
  let best = ev.evaluate(changes);
  for (const c of cheap) {
    const e = ev.evaluate(changes.filter((x) => x !== c));
    const overflows = c.lever === "offload" && best.scenario.hostBytes > MAX_HOST_BYTES_PER_GPU;
    if (overflows || peakBytes(e.scenario) <= peakBytes(best.scenario)) {
      changes = changes.filter((x) => x !== c);
      best = e;
    }
  }
  const bytes = best.scenario.bytes;
  const floor = COMPONENTS.reduce<Floor>((top, k) => (bytes[k] > bytes[top] ? k : top), COMPONENTS[0]);
  const ordered = [...best.changes.filter((c) => c.lever === "gpu"), ...best.changes.filter((c) => c.lever !== "gpu")];
  return {
    changes: ordered,
    request: best.request,
    method: best.method,
    target: best.target!,
    scenario: best.scenario,
    floor,
  };
}
