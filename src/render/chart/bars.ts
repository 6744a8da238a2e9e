/** Answer → what the chart shows: its bars (one per method, or as asked beside plan 1), their GPU capacity, numbers. */
import type { GpuTarget } from "../../advisor/verdict.js";
import type { Answer } from "../../answer/schema.js";
import type { Method } from "../../estimator/request.js";
import { COMPONENTS, type Component, type ComponentBytes } from "../../estimator/result.js";
import { METHOD_LABELS, METHOD_SHORT } from "../labels.js";
import { formatBytes, GB } from "../units.js";
import { targetLabel } from "../words.js";

/** The capacity a bar is drawn against: one GPU's usable memory, and the card that has it. */
export interface ChartCapacity {
  /** Catalog id of the card (bars on the same card share one line). */
  id: string;
  bytes: number;
  /** "RTX 4090 · 25.8 GB", "2× H100 SXM · 85.5 GB each" */
  label: string;
  /** "25.8 GB on RTX 4090" (alt text) */
  words: string;
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
  bars: ChartBar[];
  /** The components some bar holds (legend order: COMPONENTS). */
  components: Component[];
}

/** Chart words (the sentences of an answer live in render/words.ts; these are labels only). */
export const CHART_WORDS = {
  asAsked: "As asked",
  plan: (n: number) => `Plan ${n}`,
  unit: "memory in GB",
  perGpu: "GB per GPU",
  each: "each",
} as const;

/** Gigabytes without the unit, as few digits as still tell the size: "141", "16.3", "0.2", "0.03". */
export function gbNumber(bytes: number): string {
  const v = bytes / GB;
  if (v >= 99.5) return v.toFixed(0);
  if (v >= 0.095) return v.toFixed(1);
  if (v >= 0.005) return v.toFixed(2);
  return bytes > 0 ? "<0.01" : "0";
}

function capacityOf(t: GpuTarget): ChartCapacity {
  const each = t.count > 1 ? ` ${CHART_WORDS.each}` : "";
  const size = `${formatBytes(t.capacityBytes)}${each}`;
  return {
    id: t.id,
    bytes: t.capacityBytes,
    // A bare capacity ("24 GB GPU") is its own size.
    label: t.bare ? targetLabel(t) : `${targetLabel(t)} · ${size}`,
    words: t.bare ? size : `${size} on ${targetLabel(t)}`,
  };
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
  const unit = bars.some((b) => b.gpuCount > 1) ? CHART_WORDS.perGpu : CHART_WORDS.unit;
  return {
    title: `${a.model.name} · ${unit}`,
    model: a.model.name,
    unit,
    bars,
    components: COMPONENTS.filter((k) => bars.some((b) => b.bytes[k] > 0)),
  };
}
