import type { FleetGroup } from "../answer/schema.js";
import type { AppliedSetting } from "../parse/setting-fields.js";
import { defaultsFor, type TeamSettings } from "../store/settings.js";
import type { Deps } from "./deps.js";

/** What an answer for this person in this workspace starts from: the workspace's GPUs and their defaults. */
export interface AskContext {
  fleet?: readonly FleetGroup[] | undefined;
  defaults?: readonly AppliedSetting[] | undefined;
  /** The database could not give them: the answer says it goes without the team's GPUs and defaults. */
  teamDataUnavailable?: boolean | undefined;
}

/**
 * Both read through their caches at once (a hit is a map lookup; a workspace never seen waits at most 0.5 s); the
 * workspace is the one Slack signed the request for, never one a payload names in its text or values.
 */
export function askContext(
  deps: Pick<Deps, "fleets" | "teamSettings">,
  teamId: string | undefined,
  userId: string | undefined,
): AskContext | Promise<AskContext> {
  if (!teamId) return {};
  const built = (fleet: AskContext["fleet"], settings: TeamSettings): AskContext => {
    const unavailable = deps.fleets.failed(teamId) || deps.teamSettings.failed(teamId);
    return { fleet, defaults: defaultsFor(settings, userId), ...(unavailable ? { teamDataUnavailable: true } : {}) };
  };
  // Both in memory (nearly every request): no promise at all on the acknowledgement path.
  const fleet = deps.fleets.peek(teamId);
  const settings = deps.teamSettings.peek(teamId);
  if (fleet !== undefined && settings !== undefined) return built(fleet, settings);
  return Promise.all([deps.fleets.get(teamId), deps.teamSettings.get(teamId)]).then(([f, s]) => built(f, s));
}
