/**
 * Framework presets: what `framework=torchtune` (or a bare `torchtune`) means in the request language. Each entry
 * is a framework's own default for a setting the request language has, with the public source that states it; the
 * data is in frameworks.data.ts, validated here once at load.
 */
import { z } from "zod";
import { EstimationRequest, Framework, Method } from "../estimator/request.js";
import { FRAMEWORK_PRESETS_DATA } from "./frameworks.data.js";

/** The request fields a preset may set (names as in src/estimator/request.ts). */
export const PRESET_FIELDS = [
  "precision",
  "regime",
  "optimizer",
  "optimStep",
  "gradientCheckpointing",
  "flashAttention",
  "loss",
  "accum",
  "compile",
  "offloadActivations",
  "quantizer",
  "zero",
  "offload",
  "targets",
  "rank",
  "doubleQuant",
] as const;
export const PresetField = z.enum(PRESET_FIELDS);
export type PresetField = z.infer<typeof PresetField>;

/** A repository file (GitHub blob URL, with the path) or a documentation page. */
const Source = z.string().regex(/^https:\/\/[^/]+\/.+/, "a source is an https URL with a path");

const TrainingMethod = Method.exclude(["inference"]);

export const PresetSetting = z
  .object({
    field: PresetField,
    value: z.union([z.string(), z.number(), z.boolean()]),
    /**
     * Only when every training method the request estimates is one of these (a default of one recipe, such as
     * torchtune's full-finetune configs); unset = whatever is trained.
     */
    methods: z.array(TrainingMethod).min(1).optional(),
    /** Only on one GPU, or only on several (torchtune's single-device recipes differ from its distributed ones). */
    devices: z.enum(["single", "multi"]).optional(),
    /** Where the framework states it: the file (a GitHub URL with its path) or the documentation page. */
    source: Source,
    /** What that source says, as the framework writes it: the field, function or config key and its value. */
    says: z.string().min(1),
    /** `default`: the library's own default; `recipe`: the configs, scripts or notebooks the framework ships. */
    kind: z.enum(["default", "recipe"]),
    /** The versions this holds for, where they differ. */
    version: z.string().min(1).optional(),
  })
  .superRefine((s, ctx) => {
    // The value must be one the request field takes (the schema is the single source of truth).
    const parsed = EstimationRequest.shape[s.field].safeParse(s.value);
    if (!parsed.success || parsed.data !== s.value)
      ctx.addIssue({ code: "custom", message: `${String(s.value)} is not a value of ${s.field}` });
  });
export type PresetSetting = z.infer<typeof PresetSetting>;

/** A setting the framework leaves to the method (our default applies), and why. */
export const PresetUnset = z.object({ field: PresetField, why: z.string().min(1), source: Source });
export type PresetUnset = z.infer<typeof PresetUnset>;

export const FrameworkPreset = z.object({
  id: Framework,
  /** As the answer names it: "torchtune", "the Hugging Face Trainer". */
  name: z.string().min(1),
  /** The releases the defaults were read from. */
  version: z.string().min(1),
  settings: z.array(PresetSetting),
  unset: z.array(PresetUnset).default([]),
  /** What the framework does that the request language cannot say, said in the answer. */
  caveat: z.string().min(1).optional(),
});
export type FrameworkPreset = z.infer<typeof FrameworkPreset>;
export type FrameworkPresetInput = z.input<typeof FrameworkPreset>;

/** The presets, validated once at load: a bad entry fails fast in tests, never at answer time. */
export const frameworkPresets: readonly FrameworkPreset[] = FRAMEWORK_PRESETS_DATA.map((p) => FrameworkPreset.parse(p));

const byId = new Map(frameworkPresets.map((p) => [p.id, p]));

export function presetOf(id: Framework): FrameworkPreset {
  const p = byId.get(id);
  if (!p) throw new Error(`no preset for framework ${id}`);
  return p;
}
