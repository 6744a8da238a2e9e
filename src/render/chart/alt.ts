/** The chart in words (Slack's `alt_text`, the SVG's title): every bar with its total, capacity and components. */
import type { Answer } from "../../answer/schema.js";
import { COMPONENT_LABELS } from "../labels.js";
import { formatBytes } from "../units.js";
import { shareOfCard } from "../words.js";
import { chartData, gbNumber } from "./bars.js";

/** "Weights" → "weights", but "KV cache" stays. */
const lower = (s: string): string => (/^[A-Z][A-Z]/.test(s) ? s : s.charAt(0).toLowerCase() + s.slice(1));

/**
 * "Llama 3.1 8B, memory in GB. QLoRA: 16.3 GB on RTX 4090 24 GB, 63 % of the card (weights 5.9, gradients 0.2, …,
 * runtime overhead 1.3 GB)."
 */
export function chartAlt(a: Answer): string {
  const data = chartData(a);
  const bars = data.bars.map((b) => {
    const per = b.gpuCount > 1 ? ` per GPU` : "";
    const on = b.capacity
      ? ` on ${b.capacity.label}, ${shareOfCard(b.bytes.total, b.capacity.bytes, b.gpuCount > 1)}`
      : "";
    const parts = data.components
      .filter((k) => b.bytes[k] > 0)
      .map((k) => `${lower(COMPONENT_LABELS[k])} ${gbNumber(b.bytes[k], data.bytesUnit)}`);
    return `${b.name}: ${formatBytes(b.bytes.total, data.bytesUnit)}${per}${on} (${parts.join(", ")} ${data.bytesUnit}).`;
  });
  return [`${data.model}, ${data.unit}.`, ...bars].join(" ");
}
