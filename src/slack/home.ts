import { type HomeFleet, type HomeSettings, homeView } from "../render/slack/views.js";
import { type Deps, slackHome } from "./deps.js";
import type { SlackCalls } from "./lanes.js";

/**
 * Publishes one person's Home tab: the workspace's GPUs and their last changes, and that person's defaults beside
 * the workspace's. The rest of Home never waits on, or fails with, the database: without it, it says so.
 */
export async function publishHome(
  deps: Pick<Deps, "fleet" | "settings" | "log">,
  calls: Pick<SlackCalls, "viewsPublish">,
  teamId: string | undefined,
  userId: string,
  reqId?: string,
): Promise<void> {
  let fleet: HomeFleet | undefined;
  let settings: HomeSettings | undefined;
  if (teamId) {
    try {
      const [groups, changes, rows] = await Promise.all([
        deps.fleet.list(teamId),
        deps.fleet.changes(teamId, 5),
        deps.settings.list(teamId),
      ]);
      fleet = { kind: "fleet", groups, changes };
      settings = { rows, userId };
    } catch (err) {
      deps.log.warn({ reqId, err }, "Home without the fleet and defaults: database unreachable");
      fleet = { kind: "unavailable" };
    }
  }
  await calls.viewsPublish({ user_id: userId, view: slackHome(homeView(fleet, settings)) });
}
