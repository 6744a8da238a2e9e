import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { publishHome } from "../../home.js";
import type { Deps } from "../../deps.js";
import { guarded } from "../../guard.js";
import { outcomeOf } from "../../request-log.js";

/** Opening the app's Home tab publishes what the app does, the team's GPUs, the person's defaults and the form. */
export function homeOpened(deps: Deps) {
  return async ({ event, context }: SlackEventMiddlewareArgs<"app_home_opened"> & AllMiddlewareArgs): Promise<void> => {
    if (event.tab !== "home") {
      outcomeOf(context).outcome = "ignored";
      return;
    }
    await guarded(
      deps.log,
      context,
      async () => {
        await publishHome(deps, deps.lanes.for(context.botToken), context.teamId, event.user, outcomeOf(context).reqId);
        outcomeOf(context).outcome = "home";
      },
      // Nowhere to show an apology on a tab that did not render; the failure is logged with its reference.
      async () => undefined,
    );
  };
}
