/**
 * `framework=torchtune` (or a bare `torchtune`): the framework's own defaults (src/catalog/frameworks.data.ts) fill
 * the fields the text left unset. Explicit words win; the filled fields count as typed, so a saved default does not
 * override the framework the question named. Canonical text leaves out what the preset gives back.
 */
import { PRESET_FIELDS, type PresetField, type PresetSetting, presetOf } from "../catalog/frameworks.js";
import { DEFAULT_METHODS } from "../estimator/estimate.js";
import { isQuantized } from "../estimator/precision.js";
import {
  DEFAULTS,
  type EstimationRequestInput,
  type Framework,
  type Method,
  type Precision,
} from "../estimator/request.js";
import { note, type State } from "./state.js";

export type PresetValue = PresetSetting["value"];

/** What a preset's scope reads of a request (a parsed one, or the part of one read so far). */
export interface PresetContext {
  methods?: readonly Method[] | undefined;
  precision?: Precision | undefined;
  gpus?: readonly { count?: number | undefined }[] | undefined;
  accum?: number | undefined;
}

/** The methods a request trains, as the estimator compares them when none is named (estimate.ts methodsFor). */
export function trainedMethods(ctx: PresetContext): Method[] {
  const named = ctx.methods ?? [];
  const methods: readonly Method[] =
    named.length > 0 ? named : ctx.precision !== undefined && isQuantized(ctx.precision) ? ["qlora"] : DEFAULT_METHODS;
  return methods.filter((m) => m !== "inference");
}

/** One GPU, several, or a mix of both (then neither device-scoped default applies). */
export function deviceKind(ctx: PresetContext): "single" | "multi" | undefined {
  const counts = (ctx.gpus ?? []).map((g) => g.count ?? 1);
  if (counts.every((c) => c <= 1)) return "single";
  if (counts.every((c) => c > 1)) return "multi";
  return undefined;
}

/** A setting holds for this request: every method it trains is one the setting is for, on the GPUs it is for. */
export function settingApplies(s: PresetSetting, ctx: PresetContext): boolean {
  if (s.methods) {
    const trained = trainedMethods(ctx);
    if (trained.length === 0 || !trained.every((m) => s.methods!.includes(m as (typeof s.methods)[number])))
      return false;
  }
  return s.devices === undefined || deviceKind(ctx) === s.devices;
}

export interface PresetReading {
  /** The framework's value for each field it sets on this request (the first setting of a field that holds). */
  settings: PresetSetting[];
  /** Settings that hold but go against the request's own words: the optimizer step in the backward with accumulation. */
  dropped: { setting: PresetSetting; accum: number }[];
}

/**
 * The framework's settings for a request. `ctx.accum` is the accumulation the text asked for (or the request's);
 * unset, the preset's own applies. An optimizer step fused into the backward frees each gradient as it is made, so
 * it cannot accumulate (torchtune refuses optimizer_in_bwd with gradient_accumulation_steps > 1): with accumulation
 * asked for, the preset's in-backward step is dropped.
 */
export function presetSettings(framework: Framework, ctx: PresetContext): PresetReading {
  const chosen = new Map<PresetField, PresetSetting>();
  for (const s of presetOf(framework).settings)
    if (!chosen.has(s.field) && settingApplies(s, ctx)) chosen.set(s.field, s);
  const dropped: PresetReading["dropped"] = [];
  const step = chosen.get("optimStep");
  const accum = ctx.accum ?? (chosen.get("accum")?.value as number | undefined);
  if (step?.value === "inbackward" && accum !== undefined && accum > 1) {
    chosen.delete("optimStep");
    dropped.push({ setting: step, accum });
  }
  return { settings: [...chosen.values()], dropped };
}

/** Fill what the text left unset with the named framework's defaults (finish.ts, before the schema applies). */
export function applyPreset(st: State): void {
  const framework = st.input.framework;
  if (framework === undefined) return;
  const input = st.input as Partial<Record<PresetField, PresetValue>>;
  const { settings, dropped } = presetSettings(framework, st.input);
  for (const s of settings) if (input[s.field] === undefined) input[s.field] = s.value;
  // Said only when the step was the preset's to choose (a typed `step=` is the question's own).
  if (input.optimStep !== undefined) return;
  for (const d of dropped) {
    note(
      st,
      `${presetOf(framework).name} fuses the optimizer step into the backward here (optimizer_in_bwd), which needs one micro-batch per step: with \`accum=${d.accum}\` the step runs after the backward instead.`,
    );
  }
}

/** The word that says a preset field's value (for canonical text where the value is a default the preset would change). */
export function presetWord(field: PresetField, value: PresetValue): string {
  const onOff = (b: PresetValue) => (b ? "on" : "off");
  switch (field) {
    case "precision":
      return String(value);
    case "regime":
      return `regime=${value}`;
    case "optimizer":
      return `optim=${value}`;
    case "optimStep":
      return `step=${value}`;
    case "gradientCheckpointing":
      return `ckpt=${onOff(value)}`;
    case "flashAttention":
      return `flash=${onOff(value)}`;
    case "loss":
      return `loss=${value}`;
    case "accum":
      return `accum=${value}`;
    case "compile":
      return `compile=${onOff(value)}`;
    case "autocast":
      return `autocast=${onOff(value)}`;
    // `offload=off` also sets offload=none: these words come before the others, so a later `offload=cpu` still holds.
    case "offloadActivations":
      return value ? "offload=activations" : "offload=off";
    case "quantizer":
      return `quant=${value}`;
    case "zero":
      return `zero=${value}`;
    case "offload":
      return value === "cpu" ? "offload=cpu" : "offload=off";
    case "targets":
      return `targets=${value}`;
    case "rank":
      return `rank=${value}`;
    case "loraDropout":
      return `dropout=${value}`;
    case "doubleQuant":
      return value ? "quant=dq" : "quant=nodq";
  }
}

/**
 * A request as canonical text writes it under its framework: the values the preset gives are left out (the preset
 * gives them back), and a value equal to our default that the preset would change is said first, in `words`.
 */
export function presetRelative(r: Partial<EstimationRequestInput>): {
  request: Partial<EstimationRequestInput>;
  words: string[];
} {
  if (r.framework === undefined) return { request: r, words: [] };
  const base = new Map(presetSettings(r.framework, r).settings.map((s) => [s.field, s.value]));
  const out: Partial<Record<string, unknown>> = { ...r };
  const words: string[] = [];
  const defaults: Partial<Record<PresetField, PresetValue>> = DEFAULTS;
  for (const field of PRESET_FIELDS) {
    if (!base.has(field)) continue;
    const value = (r as Partial<Record<PresetField, PresetValue>>)[field];
    if (value === base.get(field)) delete out[field];
    else if (value !== undefined && value === defaults[field]) words.push(presetWord(field, value));
  }
  return { request: out as Partial<EstimationRequestInput>, words };
}
