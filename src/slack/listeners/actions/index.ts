import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { ACTION } from "../../../render/slack/ids.js";
import type { Deps } from "../../deps.js";
import { BlockActions } from "../../payloads.js";
import { outcomeOf } from "../../request-log.js";
import type { ButtonArgs } from "./button-state.js";
import { openForm } from "./open-form.js";
import { editFleet } from "./edit-fleet.js";
import { rerun } from "./rerun.js";
import { share } from "./share.js";

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Every button the blocks render, by action_id (a trailing `*` matches a prefix), and what handles it. */
function routes(deps: Deps): [string, (args: ButtonArgs) => Promise<void>][] {
  return [
    [`${ACTION.changePrefix}*`, rerun(deps)],
    [ACTION.why, rerun(deps)],
    [ACTION.share, share(deps)],
    [ACTION.openForm, openForm(deps)],
    [ACTION.editFleet, editFleet(deps)],
  ];
}

/**
 * One Bolt listener for all our buttons: Bolt runs every listener's matchers on every request, so one router costs
 * less than one listener per button. Its pattern matches exactly the action_ids routed (the manifest test checks it).
 */
export function registerActions(app: App, deps: Deps): void {
  const table = routes(deps);
  const pattern = new RegExp(
    `^(?:${table.map(([id]) => (id.endsWith("*") ? `${escapeRegex(id.slice(0, -1))}.+` : escapeRegex(id))).join("|")})$`,
  );
  app.action<BlockAction<ButtonAction>>(pattern, async (args) => {
    // Read through the schema first (the HTTP intake has; a Socket Mode payload has not): one that is not what
    // Slack sends is acknowledged and goes no further.
    if (!BlockActions.safeParse(args.body).success) {
      outcomeOf(args.context).outcome = "ignored";
      await args.ack();
      return;
    }
    const id = args.action.action_id;
    const route = table.find(([key]) => (key.endsWith("*") ? id.startsWith(key.slice(0, -1)) : id === key));
    if (route) await route[1](args);
    else await args.ack();
  });
}
