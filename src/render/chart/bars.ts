/** Answer → what the chart shows: its bars (one per method, or as asked beside plan 1), their GPU capacity, numbers. */
import type { GpuTarget } from "../../advisor/verdict.js";
import type { Answer } from "../../answer/schema.js";
import type { Method, Unit } from "../../estimator/request.js";
import { COMPONENTS, type Component, type ComponentBytes } from "../../estimator/result.js";
import { METHOD_LABELS, METHOD_SHORT } from "../labels.js";
import { GB, GiB } from "../units.js";
import { cardLabel, targetLabel } from "../words.js";

/** The capacity a bar is drawn against: one GPU's usable memory, and the card that has it. */
export interface ChartCapacity {
  /** Catalog id of the card (bars on the same card share one line). */
  id: string;
  bytes: number;
  /** The card by its name and size, as every answer names it: "RTX 4090 24 GB", "2× H100 80 GB". */
  label: string;
}

export interface ChartBar {
  /** Short, on the chart: "QLoRA", "As asked · LoRA", "Plan 1 · QLoRA". */
  label: string;
  /** In words, for the alt text: "QLoRA", "As asked, LoRA", "Plan 1, QLoRA on 2× RTX 4090". */
  name: string;
  method: Method;
  /** Bytes per GPU, by component. */
  bytes: ComponentBytes;
  gpuCount: number;
  capacity?: ChartCapacity | undefined;
}

export interface ChartData {
  /** "Llama 3.1 8B · GB per GPU" */
  title: string;
  /** Its two parts: the model's name, and what the numbers are. */
  model: string;
  unit: string;
  /** GB or GiB, as the answer prints sizes. */
  bytesUnit: Unit;
  bars: ChartBar[];
  /** The components some bar holds (legend order: COMPONENTS). */
  components: Component[];
}

/** Chart words (the sentences of an answer live in render/words.ts; these are labels only). */
export const CHART_WORDS = {
  asAsked: "As asked",
  plan: (n: number) => `Plan ${n}`,
  unit: (u: Unit) => `memory in ${u}`,
  perGpu: (u: Unit) => `${u} per GPU`,
} as const;

/** Gigabytes (or GiB) without the unit, as few digits as still tell the size: "141", "16.3", "0.2", "0.03". */
export function gbNumber(bytes: number, u: Unit = "GB"): string {
  const v = bytes / (u === "GiB" ? GiB : GB);
  if (v >= 99.5) return v.toFixed(0);
  if (v >= 0.095) return v.toFixed(1);
  if (v >= 0.005) return v.toFixed(2);
  return bytes > 0 ? "<0.01" : "0";
}

/**
 * The line is drawn at the card's usable bytes; it is labelled with the card's marketing name and size (a 4090 is
 * "24 GB", though 24 GiB is 25.8 GB), never a second number for the same card: the bars say how full it is.
 */
function capacityOf(t: GpuTarget): ChartCapacity {
  return { id: t.id, bytes: t.capacityBytes, label: cardLabel(t) };
}

/** The bars of an answer: every method compared, or (when the recommendation is a plan) as asked and plan 1. */
export function chartData(a: Answer): ChartData {
  const named = a.gpuNamed ? a.targets[0] : undefined;
  const asked = named ? capacityOf(named) : undefined;
  const plan = a.recommendation.kind === "plan" ? a.plans[0] : undefined;
  const primary = a.scenarios.find((s) => s.method === a.primary) ?? a.scenarios[0];
  let bars: ChartBar[];
  if (plan && primary) {
    const moved = !named || plan.target.id !== named.id || plan.target.count !== named.count;
    const where = moved ? ` · ${targetLabel(plan.target)}` : "";
    const planCapacity = named && plan.target.id === named.id ? asked : capacityOf(plan.target);
    bars = [
      {
        label: `${CHART_WORDS.asAsked} · ${METHOD_SHORT[primary.method]}`,
        name: `${CHART_WORDS.asAsked}, ${METHOD_LABELS[primary.method]}`,
        method: primary.method,
        bytes: primary.bytes,
        gpuCount: primary.gpuCount,
        capacity: asked,
      },
      {
        label: `${CHART_WORDS.plan(1)} · ${METHOD_SHORT[plan.method]}${where}`,
        name: `${CHART_WORDS.plan(1)}, ${METHOD_LABELS[plan.method]}${moved ? ` on ${targetLabel(plan.target)}` : ""}`,
        method: plan.method,
        bytes: plan.scenario.bytes,
        gpuCount: plan.scenario.gpuCount,
        capacity: planCapacity,
      },
    ];
  } else {
    bars = a.scenarios.map((s) => ({
      label: METHOD_SHORT[s.method],
      name: METHOD_LABELS[s.method],
      method: s.method,
      bytes: s.bytes,
      gpuCount: s.gpuCount,
      capacity: asked,
    }));
  }
  const u = a.request.unit;
  const unit = bars.some((b) => b.gpuCount > 1) ? CHART_WORDS.perGpu(u) : CHART_WORDS.unit(u);
  return {
    title: `${a.model.name} · ${unit}`,
    model: a.model.name,
    unit,
    bytesUnit: u,
    bars,
    components: COMPONENTS.filter((k) => bars.some((b) => b.bytes[k] > 0)),
  };
}
