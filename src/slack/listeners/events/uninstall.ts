import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import type { Deps } from "../../deps.js";
import { outcomeOf } from "../../request-log.js";

type Args = (SlackEventMiddlewareArgs<"app_uninstalled"> | SlackEventMiddlewareArgs<"tokens_revoked">) &
  AllMiddlewareArgs;

/**
 * The app was uninstalled from a workspace, or its bot token revoked (Slack sends both on an uninstall): its
 * installation and every row of its data are deleted, in one transaction. Bolt calls this without authorizing
 * (there is no token left to find). With one workspace (SLACK_BOT_TOKEN) an uninstall deletes its data too, but a
 * revoked token alone deletes nothing: the token is the operator's to replace.
 */
export function workspaceGone(deps: Deps) {
  return async ({ event, body, context }: Args): Promise<void> => {
    const o = outcomeOf(context);
    const team = context.teamId ?? body.team_id;
    if (event.type === "tokens_revoked" && !event.tokens.bot?.length) {
      // Only user tokens: the app asks for no user scopes and uses none.
      o.outcome = "ignored";
      return;
    }
    if (event.type === "tokens_revoked" && !deps.multiWorkspace) {
      o.outcome = "token-revoked";
      deps.log.warn({ reqId: o.reqId, team }, "the bot token was revoked: set a new SLACK_BOT_TOKEN to answer again");
      return;
    }
    if (!team) {
      o.outcome = "ignored";
      deps.log.warn({ reqId: o.reqId, type: event.type }, "uninstall event without a workspace id; nothing deleted");
      return;
    }
    // Slack does not send the event again once acknowledged: a database that is briefly down gets a few tries.
    for (let attempt = 1; ; attempt++) {
      try {
        const deleted = await deps.forgetWorkspace(team);
        o.outcome = "workspace-forgotten";
        deps.log.info({ reqId: o.reqId, team, event: event.type, deleted }, "workspace forgotten: its data is deleted");
        return;
      } catch (err) {
        if (attempt >= deps.retry.attempts) {
          o.outcome = "forget-failed";
          deps.log.error(
            { reqId: o.reqId, team, err },
            "the workspace's data could not be deleted; it will be on its next uninstall event (or see the README)",
          );
          return;
        }
        await new Promise((r) => setTimeout(r, deps.retry.baseMs * 2 ** (attempt - 1)));
      }
    }
  };
}
