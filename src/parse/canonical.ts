/** The canonical text of a request: the shortest words that parse back to exactly the same request. */
import {
  DEFAULTS,
  type EstimationRequest,
  type EstimationRequestInput,
  type GpuRef,
  type ModelRef,
} from "../estimator/request.js";
import { isSmallMillions, parseModelSize } from "./numbers.js";
import { presetRelative } from "./preset.js";

const SIZE_UNITS = [
  [1e12, "T"],
  [1e9, "B"],
  [1e6, "M"],
] as const;

/** `7B`, `1.5B`, `350M`; a count no unit writes exactly becomes `model=1234567891`. */
export function sizeText(params: number): string {
  const exact = SIZE_UNITS.map(([unit, suffix]) => `${params / unit}${suffix}`).filter(
    (s) => !s.includes("e") && !isSmallMillions(s) && parseModelSize(s) === params,
  );
  exact.sort((a, b) => a.length - b.length);
  return exact[0] ?? `model=${String(params)}`;
}

/**
 * A catalog id, a Hub id, or a size (with its family's basis model, `7B basis=llama-3.1-8b`, so that the shape read
 * back is the same one).
 */
function modelText(m: ModelRef): string {
  if (m.kind === "catalog") return m.id;
  if (m.kind === "hub") return m.id;
  return m.basis ? `${sizeText(m.params)} basis=${m.basis}` : sizeText(m.params);
}

function gpuText(g: GpuRef): string {
  const times = g.count > 1 ? `${g.count}x` : "";
  if (g.id !== undefined) return `gpu=${times}${g.id}`;
  if (g.memoryBytes !== undefined)
    return `gpu=${times}${g.memoryBytes % 1e9 === 0 ? `${g.memoryBytes / 1e9}gb` : `${g.memoryBytes}bytes`}`;
  return `gpus=${g.count}`;
}

const onOff = (b: boolean): string => (b ? "on" : "off");

/** Any request, or the part of one read so far; fields left at their defaults are not written. */
export function canonicalText(input: Partial<EstimationRequestInput>): string {
  // Under `framework=`, what its preset gives back goes unsaid, and a default it would change is said first.
  const { request: r, words: restored } = presetRelative(input);
  const words: string[] = [];
  if (r.model) words.push(modelText(r.model));
  if (r.framework !== undefined) words.push(`framework=${r.framework}`, ...restored);
  words.push(...(r.methods ?? []));
  if (r.precision !== undefined && r.precision !== DEFAULTS.precision) words.push(r.precision);
  if (r.seq !== undefined && r.seq !== DEFAULTS.seq) words.push(`seq=${r.seq}`);
  if (r.batch !== undefined && r.batch !== DEFAULTS.batch) words.push(`batch=${r.batch}`);
  for (const g of r.gpus ?? []) words.push(gpuText({ ...g, count: g.count ?? 1 }));
  if (r.rank !== undefined && r.rank !== DEFAULTS.rank) words.push(`rank=${r.rank}`);
  if (r.targets !== undefined) words.push(`targets=${r.targets}`);
  if (r.loraDropout !== undefined && r.loraDropout !== DEFAULTS.loraDropout) words.push(`dropout=${r.loraDropout}`);
  if (r.optimizer !== undefined && r.optimizer !== DEFAULTS.optimizer) words.push(`optim=${r.optimizer}`);
  if (r.regime !== undefined && r.regime !== DEFAULTS.regime) words.push(`regime=${r.regime}`);
  if (r.gradientCheckpointing !== undefined) words.push(`ckpt=${onOff(r.gradientCheckpointing)}`);
  if (r.flashAttention !== undefined && r.flashAttention !== DEFAULTS.flashAttention)
    words.push(`flash=${onOff(r.flashAttention)}`);
  if (r.zero !== undefined) words.push(`zero=${r.zero}`);
  if (r.offload !== undefined && r.offload !== DEFAULTS.offload) words.push(`offload=${r.offload}`);
  if (r.offloadActivations !== undefined && r.offloadActivations !== DEFAULTS.offloadActivations)
    words.push(r.offloadActivations ? "offload=activations" : "");
  if (r.accum !== undefined) words.push(`accum=${r.accum}`);
  if (r.compile !== undefined && r.compile !== DEFAULTS.compile) words.push(r.compile ? "compile" : "compile=off");
  if (r.autocast !== undefined && r.autocast !== DEFAULTS.autocast)
    words.push(r.autocast ? "autocast" : "autocast=off");
  if (r.trainLayers !== undefined && r.trainLayers !== DEFAULTS.trainLayers) words.push(`layers=${r.trainLayers}`);
  if (r.loss !== undefined && r.loss !== DEFAULTS.loss) words.push(`loss=${r.loss}`);
  if (r.optimStep !== undefined && r.optimStep !== DEFAULTS.optimStep) words.push(`step=${r.optimStep}`);
  if (r.doubleQuant !== undefined && r.doubleQuant !== DEFAULTS.doubleQuant)
    words.push(r.doubleQuant ? "quant=dq" : "quant=nodq");
  if (r.quantizer !== undefined && r.quantizer !== DEFAULTS.quantizer) words.push(`quant=${r.quantizer}`);
  if (r.kvPrecision !== undefined) words.push(`kv=${r.kvPrecision}`);
  if (r.engine !== undefined && r.engine !== DEFAULTS.engine) words.push(`engine=${r.engine}`);
  if (r.gpuUtil !== undefined && r.gpuUtil !== DEFAULTS.gpuUtil) words.push(`util=${r.gpuUtil}`);
  if (r.unit !== undefined && r.unit !== DEFAULTS.unit) words.push("unit=gib");
  return words.filter((w) => w !== "").join(" ");
}

/** The canonical text of a request; `parseRequest(toCanonical(r))` gives `r` back (but for `query`). */
export function toCanonical(r: EstimationRequest): string {
  return canonicalText(r);
}
