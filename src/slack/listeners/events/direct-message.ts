import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { isFleetCommand } from "../../../parse/fleet.js";
import { isSettingsCommand } from "../../../parse/settings.js";
import { askContext } from "../../ask-context.js";
import { elsewhereMessage } from "../../../render/slack/fleet.js";
import { type Deps, slackMessage } from "../../deps.js";
import { postReply, replyInPlace } from "../../conversation.js";
import { guarded } from "../../guard.js";
import { outcomeOf } from "../../request-log.js";
import { withoutMentions } from "./mention.js";

/** A message in the app's DM: answered there (in the thread when it was written in one). */
export function directMessage(deps: Deps) {
  return async ({
    event,
    say,
    client,
    context,
  }: SlackEventMiddlewareArgs<"message"> & AllMiddlewareArgs): Promise<void> => {
    // Only plain new messages from people in a DM: no edits, deletions, joins, bot messages or file shares.
    if (
      event.channel_type !== "im" ||
      event.subtype !== undefined ||
      ("bot_id" in event && event.bot_id !== undefined)
    ) {
      outcomeOf(context).outcome = "ignored";
      return;
    }
    const thread_ts = event.thread_ts;
    const options = thread_ts ? { thread_ts } : {};
    const placeholder: { channel?: string; ts?: string } = {};
    await guarded(
      deps.log,
      context,
      async () => {
        const text = withoutMentions(event.text ?? "");
        if (isFleetCommand(text) || isSettingsCommand(text)) {
          outcomeOf(context).outcome = "fleet-elsewhere";
          await say({ ...options, ...slackMessage(elsewhereMessage(text)) });
          return;
        }
        const reply = deps.replies.reply(text, {
          prefix: "",
          shareable: false,
          asker: "user" in event ? event.user : undefined,
          ...(await askContext(deps, context.teamId, "user" in event ? event.user : undefined)),
        });
        outcomeOf(context).outcome = reply.outcome;
        outcomeOf(context).outcome = await postReply(reply, say, client, options, placeholder, {
          ...deps,
          reqId: outcomeOf(context).reqId,
        });
      },
      replyInPlace(placeholder, say, client, options),
    );
  };
}
