import type { Change } from "../../advisor/change.js";

/** action_id / callback_id values: the contract between the blocks we render and the listeners that handle them. */
export const ACTION = {
  changePrefix: "vram_change:",
  why: "vram_why",
  share: "vram_share",
  openForm: "vram_open_form",
  editFleet: "vram_edit_fleet",
} as const;

export const changeActionId = (c: Change | "plan" | "undo"): string => `${ACTION.changePrefix}${c}`;

export const VIEW = { form: "vram_form", fleet: "vram_fleet" } as const;

/** Block and action ids of the fleet modal's inputs. */
export const FLEET_FORM = { gpus: "fleet_gpus", name: "fleet_name", remove: "fleet_remove" } as const;

/** Block and action ids of the form's inputs. */
export const FORM = {
  model: "model",
  method: "method",
  precision: "precision",
  seq: "seq",
  batch: "batch",
  gpu: "gpu",
} as const;
