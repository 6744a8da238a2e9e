import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { type HomeFleet, homeView } from "../../../render/slack/views.js";
import { slackHome, type Deps } from "../../deps.js";
import { guarded } from "../../guard.js";
import { outcomeOf } from "../../request-log.js";

/** Opening the app's Home tab publishes what the app does, examples and the form button. */
export function homeOpened(deps: Deps) {
  return async ({
    event,
    client,
    context,
  }: SlackEventMiddlewareArgs<"app_home_opened"> & AllMiddlewareArgs): Promise<void> => {
    if (event.tab !== "home") {
      outcomeOf(context).outcome = "ignored";
      return;
    }
    await guarded(
      deps.log,
      context,
      async () => {
        const team = context.teamId;
        // The workspace's GPUs and their last changes; the rest of Home never waits on, or fails with, the database.
        const fleet: HomeFleet | undefined = team
          ? await Promise.all([deps.fleet.list(team), deps.fleet.changes(team, 5)]).then(
              ([groups, changes]) => ({ kind: "fleet" as const, groups, changes }),
              (err: unknown) => {
                deps.log.warn({ reqId: outcomeOf(context).reqId, err }, "Home without the fleet: database unreachable");
                return { kind: "unavailable" as const };
              },
            )
          : undefined;
        await client.views.publish({ user_id: event.user, view: slackHome(homeView(fleet)) });
        outcomeOf(context).outcome = "home";
      },
      // Nowhere to show an apology on a tab that did not render; the failure is logged with its reference.
      async () => undefined,
    );
  };
}
