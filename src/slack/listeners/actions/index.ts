import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { ACTION } from "../../../render/slack/ids.js";
import type { Deps } from "../../deps.js";
import { openForm } from "./open-form.js";
import { rerun } from "./rerun.js";
import { share } from "./share.js";

/** Every action_id the blocks use; the manifest test checks the rendered buttons against this list. */
export const ACTION_PATTERNS = [new RegExp(`^${ACTION.changePrefix}`), ACTION.why, ACTION.share, ACTION.openForm] as const;

export function registerActions(app: App, deps: Deps): void {
  app.action<BlockAction<ButtonAction>>(ACTION_PATTERNS[0], rerun(deps));
  app.action<BlockAction<ButtonAction>>(ACTION.why, rerun(deps));
  app.action<BlockAction<ButtonAction>>(ACTION.share, share(deps));
  app.action<BlockAction<ButtonAction>>(ACTION.openForm, openForm(deps));
}
