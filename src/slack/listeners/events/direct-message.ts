import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { isFleetCommand } from "../../../parse/fleet.js";
import { isSettingsCommand } from "../../../parse/settings.js";
import { askContext } from "../../ask-context.js";
import { elsewhereMessage } from "../../../render/slack/fleet.js";
import type { Deps } from "../../deps.js";
import { conversationIn, postReply, replyInPlace } from "../../conversation.js";
import { guarded } from "../../guard.js";
import { outcomeOf } from "../../request-log.js";
import { withoutMentions } from "./mention.js";
import { DirectMessageEvent } from "../../payloads.js";
import { filesNotReadMessage } from "../../../render/slack/messages.js";

/** A message in the app's DM: answered there (in the thread when it was written in one). */
export function directMessage(deps: Deps) {
  return async ({ event, context }: SlackEventMiddlewareArgs<"message"> & AllMiddlewareArgs): Promise<void> => {
    // Only people's new messages in a DM, files attached or not: no edits, deletions, joins or bots' messages.
    const read = DirectMessageEvent.safeParse(event);
    if (!read.success) {
      outcomeOf(context).outcome = "ignored";
      return;
    }
    const dm = read.data;
    const thread_ts = dm.thread_ts;
    const options = thread_ts ? { thread_ts } : {};
    const talk = conversationIn(deps.lanes.for(context.botToken), dm.channel);
    const placeholder: { channel?: string; ts?: string } = {};
    await guarded(
      deps.log,
      context,
      async () => {
        const text = withoutMentions(dm.text);
        // Files are not read (a screenshot of a config is not a request): said, with how to ask in words.
        if (dm.subtype === "file_share" && text === "") {
          outcomeOf(context).outcome = "files-not-read";
          await talk.post({ ...options, ...filesNotReadMessage() });
          return;
        }
        if (isFleetCommand(text) || isSettingsCommand(text)) {
          outcomeOf(context).outcome = "fleet-elsewhere";
          await talk.post({ ...options, ...elsewhereMessage(text) });
          return;
        }
        const reply = deps.replies.reply(text, {
          prefix: "",
          shareable: false,
          asker: dm.user,
          ...(await askContext(deps, context.teamId, dm.user)),
        });
        outcomeOf(context).outcome = reply.outcome;
        outcomeOf(context).outcome = await postReply(reply, talk, options, placeholder, {
          ...deps,
          reqId: outcomeOf(context).reqId,
        });
      },
      replyInPlace(placeholder, talk, options),
    );
  };
}
