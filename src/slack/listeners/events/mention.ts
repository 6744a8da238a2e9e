import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { isFleetCommand } from "../../../parse/fleet.js";
import { isSettingsCommand } from "../../../parse/settings.js";
import { askContext } from "../../ask-context.js";
import { elsewhereMessage } from "../../../render/slack/fleet.js";
import type { Deps } from "../../deps.js";
import { conversationIn, postReply, replyInPlace } from "../../conversation.js";
import { guarded } from "../../guard.js";
import { outcomeOf } from "../../request-log.js";
import { MentionEvent } from "../../payloads.js";

/** Mentions of any user (the app's own included) are dropped before parsing: they are addressing, not request. */
export const withoutMentions = (text: string): string => text.replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, " ").trim();

/** "@VRAM Advisor can I QLoRA llama-3.1-8b on a 4090?": answered in that message's thread, never the channel root. */
export function appMention(deps: Deps) {
  return async ({ event, context }: SlackEventMiddlewareArgs<"app_mention"> & AllMiddlewareArgs): Promise<void> => {
    // Edits and messages from bots (our own included) are not questions; a mention without text gets help.
    const read = MentionEvent.safeParse(event);
    if (
      !read.success ||
      read.data.bot_id !== undefined ||
      read.data.subtype !== undefined ||
      read.data.edited !== undefined
    ) {
      outcomeOf(context).outcome = "ignored";
      return;
    }
    const mention = read.data;
    const thread_ts = mention.thread_ts ?? mention.ts;
    const talk = conversationIn(deps.lanes.for(context.botToken), mention.channel);
    const placeholder: { channel?: string; ts?: string } = {};
    await guarded(
      deps.log,
      context,
      async () => {
        const text = withoutMentions(mention.text);
        if (isFleetCommand(text) || isSettingsCommand(text)) {
          outcomeOf(context).outcome = "fleet-elsewhere";
          await talk.post({ thread_ts, ...elsewhereMessage(text) });
          return;
        }
        const reply = deps.replies.reply(text, {
          prefix: "@VRAM Advisor",
          shareable: false,
          asker: mention.user,
          ...(await askContext(deps, context.teamId, mention.user)),
        });
        outcomeOf(context).outcome = reply.outcome;
        outcomeOf(context).outcome = await postReply(reply, talk, { thread_ts }, placeholder, {
          ...deps,
          reqId: outcomeOf(context).reqId,
        });
      },
      replyInPlace(placeholder, talk, { thread_ts }),
    );
  };
}
