/** Estimates of candidate plans, memoized per planner call and counted (the planner's cost is its estimate calls). */
import { peakBytes } from "../../estimator/result.js";
import { gpuById, usableBytes } from "../../catalog/index.js";
import { estimateScenario } from "../../estimator/estimate.js";
import type { ResolvedModel } from "../../estimator/model.js";
import type { EstimationRequest, Method } from "../../estimator/request.js";
import type { Scenario } from "../../estimator/result.js";
import { servingFit } from "../serving.js";
import { type GpuTarget, targetFromSpec, verdictFor } from "../verdict.js";
import { type Applied, applyChanges } from "./apply.js";
import { leverIndex, type PlanChange, sortChanges } from "./levers.js";

/** Counters a caller may pass to see what a planner call cost. */
export interface PlanStats {
  /** estimateScenario calls made. */
  estimates: number;
}

export interface Evaluation extends Applied {
  changes: PlanChange[];
  scenario: Scenario;
}

/**
 * Host memory one GPU's process may fill with offloaded states: GPU servers carry 1–2 TiB for 8 GPUs (AWS p4d.24xlarge
 * 1152 GiB, p5.48xlarge 2048 GiB), i.e. 144–256 GiB per GPU; a one-card workstation rarely has more than 256 GiB.
 * Beyond it an offload plan (ZeRO-3 offload moves the weights too) would not run on any machine one rents.
 */
export const MAX_HOST_BYTES_PER_GPU = 256 * 1024 ** 3;

/** A plan's fit: a `fits` verdict on the card, and offloaded states within the host memory of one GPU's share. */
export function planFits(s: Scenario, capacityBytes: number): boolean {
  return (
    capacityBytes > 0 &&
    verdictFor(peakBytes(s), capacityBytes).verdict === "fits" &&
    s.hostBytes <= MAX_HOST_BYTES_PER_GPU
  );
}

const capacityById = new Map<string, number>();
function capacityOf(id: string): number {
  let c = capacityById.get(id);
  if (c === undefined) {
    c = usableBytes(gpuById(id));
    capacityById.set(id, c);
  }
  return c;
}

export class Evaluator {
  /** Scenarios by the changes that shape them: the card does not (only its count does), so bigger cards share one. */
  private readonly memo = new Map<string, Scenario>();
  private readonly baseCount: number;

  constructor(
    readonly model: ResolvedModel,
    readonly req: EstimationRequest,
    readonly method: Method,
    readonly target: GpuTarget | undefined,
    private readonly stats: PlanStats | undefined,
  ) {
    this.baseCount = target?.count ?? req.gpus[0]?.count ?? 1;
  }

  /** The scenario of the changes (memoized). */
  scenarioOf(changes: readonly PlanChange[]): Scenario {
    let count = this.baseCount;
    const parts: string[] = [];
    for (const c of changes) {
      if (c.lever === "gpus") count = Number(c.to);
      if (c.lever !== "gpu") parts[leverIndex(c.lever)] = c.to;
    }
    const key = `${count}|${parts.join(",")}`;
    let scenario = this.memo.get(key);
    if (!scenario) {
      const applied = applyChanges(this.req, this.method, this.target, changes);
      scenario = estimateScenario(this.model, applied.request, applied.method, count);
      this.memo.set(key, scenario);
      if (this.stats) this.stats.estimates++;
    }
    return scenario;
  }

  /** Usable bytes of the card the changes run on (0 when none is known). */
  capacityOf(changes: readonly PlanChange[]): number {
    const gpu = changes.find((c) => c.lever === "gpu");
    return gpu ? capacityOf(gpu.to) : (this.target?.capacityBytes ?? 0);
  }

  /** The card and count the changes run on (undefined when none is known). */
  targetOf(changes: readonly PlanChange[]): GpuTarget | undefined {
    let count = this.baseCount;
    let card = this.target;
    for (const c of changes) if (c.lever === "gpus") count = Number(c.to);
    const gpu = changes.find((c) => c.lever === "gpu");
    if (gpu) card = targetFromSpec(gpuById(gpu.to), count);
    return card ? { ...card, count } : undefined;
  }

  /** Whether the changes fit (`planFits`; memoized, no request is built on a hit). */
  fits(changes: readonly PlanChange[]): boolean {
    const scenario = this.scenarioOf(changes);
    // vLLM takes a share of the card, whatever the model: its own checks on that card decide.
    if (scenario.setup.vllm) {
      const t = this.targetOf(changes);
      return t !== undefined && servingFit(scenario, t)?.verdict === "fits";
    }
    const capacity = this.capacityOf(changes);
    return capacity > 0 && planFits(scenario, capacity);
  }

  /** The changes in lever order, the request and target they give, and its scenario. */
  evaluate(changes: readonly PlanChange[]): Evaluation {
    const sorted = sortChanges(changes);
    const applied = applyChanges(this.req, this.method, this.target, sorted);
    const scenario = this.scenarioOf(sorted);
    // engine=vllm: the scenario as it stands on the plan's card (vLLM's budget there).
    const served = applied.target ? servingFit(scenario, applied.target) : undefined;
    return { ...applied, changes: sorted, scenario: served?.scenario ?? scenario };
  }
}
