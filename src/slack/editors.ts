import type pino from "pino";
import type { SlackCalls } from "./lanes.js";

/** Who may change a workspace's fleet and defaults: anyone in it (the default), or its admins and owners. */
export const EDITOR_POLICIES = ["anyone", "admins"] as const;
export type EditorPolicy = (typeof EDITOR_POLICIES)[number];

/** A role read from Slack is trusted this long: a promotion or demotion takes effect within five minutes. */
const ROLE_TTL_MS = 5 * 60_000;
/** People remembered; the oldest go first. */
const MAX_PEOPLE = 10_000;

export type EditCheck = "yes" | "no" | "unknown";

/**
 * `FLEET_EDITORS=admins`: the person's role comes from `users.info` (scope `users:read`, which the app asks for only
 * in this mode): `is_admin`, `is_owner` or `is_primary_owner`. When Slack cannot say (down, the scope missing), the
 * answer is "unknown" and nothing is changed: a workspace that limited edits never gets an edit it did not allow.
 */
export class Editors {
  private readonly roles = new Map<string, { admin: boolean; at: number }>();

  constructor(
    readonly policy: EditorPolicy,
    private readonly log: pino.Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async check(
    calls: Pick<SlackCalls, "usersInfo">,
    teamId: string,
    userId: string,
    reqId?: string,
  ): Promise<EditCheck> {
    if (this.policy === "anyone") return "yes";
    const key = `${teamId}:${userId}`;
    const known = this.roles.get(key);
    if (known && this.now() - known.at < ROLE_TTL_MS) return known.admin ? "yes" : "no";
    try {
      const info = await calls.usersInfo({ user: userId });
      const u = info.user;
      // A user of another workspace (a shared channel) is not this workspace's admin, whatever their role there.
      const admin = Boolean(u && u.team_id === teamId && (u.is_admin || u.is_owner || u.is_primary_owner));
      this.roles.set(key, { admin, at: this.now() });
      if (this.roles.size > MAX_PEOPLE) this.roles.delete(this.roles.keys().next().value as string);
      return admin ? "yes" : "no";
    } catch (err) {
      const code = (err as { data?: { error?: unknown } }).data?.error;
      this.log.error(
        { reqId, err, teamId },
        code === "missing_scope"
          ? "FLEET_EDITORS=admins needs the users:read scope: add it to the app (README, 'Who may edit') and reinstall"
          : "could not read the user's role from Slack (users.info); the edit was refused",
      );
      return "unknown";
    }
  }
}
