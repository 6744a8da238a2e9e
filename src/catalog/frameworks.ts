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
  "autocast",
  "offloadActivations",
  "quantizer",
  "zero",
  "offload",
  "targets",
  "rank",
  "loraDropout",
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

/**
 * What a framework's own model code saves for the backward that no request word says: the same request (LoRA on q
 * and v, a chunked loss) is built differently by PEFT on transformers and by LitGPT. The estimator reads these
 * (src/estimator/build.ts); the answer names them.
 */
export const BUILD_TRAITS = [
  // LoRA on q, k and v is one module over the fused qkv linear: one dropout for the three, and zero_pad's index_copy
  // keeps the adapted outputs for its backward when not all three are adapted.
  "fused-qkv-lora",
  // K and V are repeated to every query head before attention in training: attention saves them at full width.
  "repeated-kv",
  // The chunked loss runs cross_entropy on each 16-bit logits chunk: every chunk's 16-bit log-softmax waits for the backward.
  "chunk-log-softmax",
] as const;
export const BuildTrait = z.enum(BUILD_TRAITS);
export type BuildTrait = z.infer<typeof BuildTrait>;

export const PresetBuild = z.object({
  trait: BuildTrait,
  /** The file that does it (a GitHub URL with its path). */
  source: Source,
  /** The code as the framework writes it. */
  says: z.string().min(1),
});
export type PresetBuild = z.infer<typeof PresetBuild>;

export const FrameworkPreset = z.object({
  id: Framework,
  /** As the answer names it: "torchtune", "the Hugging Face Trainer". */
  name: z.string().min(1),
  /** The releases the defaults were read from. */
  version: z.string().min(1),
  settings: z.array(PresetSetting),
  unset: z.array(PresetUnset).default([]),
  /** How its model code differs from transformers + PEFT in what it saves (none: it builds the models transformers does). */
  builds: z.array(PresetBuild).default([]),
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
