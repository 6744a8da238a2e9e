import { z } from "zod";
import type { RequestField } from "./result.js";

/**
 * The fields a default can be kept for: request-language keys (`gpu=`, `precision=`, `regime=`, `seq=`, `batch=`,
 * `unit=`, `framework=`, `engine=`). The one list the settings command, the stored rows and the answers' "using your default" all read.
 */
export const SETTING_FIELDS = ["gpu", "precision", "regime", "seq", "batch", "unit", "framework", "engine"] as const;
export const SettingField = z.enum(SETTING_FIELDS);
export type SettingField = z.infer<typeof SettingField>;

/** The request field each default fills. */
export const FILLS: Record<SettingField, RequestField> = {
  gpu: "gpus",
  precision: "precision",
  regime: "regime",
  seq: "seq",
  batch: "batch",
  unit: "unit",
  framework: "framework",
  engine: "engine",
};

/** Whose default: the person's own, or the workspace's (everyone's, unless they set their own). */
export const SETTING_SCOPES = ["personal", "workspace"] as const;
export const SettingScope = z.enum(SETTING_SCOPES);
export type SettingScope = z.infer<typeof SettingScope>;

/** A default that shaped an answer: which field, its canonical value, and whose it was. */
export const AppliedSetting = z.object({ field: SettingField, value: z.string().min(1), scope: SettingScope });
export type AppliedSetting = z.infer<typeof AppliedSetting>;
