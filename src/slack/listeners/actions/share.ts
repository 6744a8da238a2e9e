import { LIMITS } from "../../../render/slack/blockkit.js";
import { replyFromState } from "../../../render/slack/reply.js";
import { slackMessage, type Deps } from "../../deps.js";
import { guarded } from "../../guard.js";
import { outcomeOf } from "../../request-log.js";
import { retryingRespond } from "../../retry.js";
import { stateOrStale, type ButtonArgs } from "./button-state.js";

/**
 * "Share in channel" on an ephemeral answer: the same answer is posted for everyone through the command's
 * response_url (no extra scope, works in channels the bot is not in), credited to the person who shared it,
 * and the private copy is removed.
 */
export function share(deps: Deps) {
  return async ({ ack, action, respond, body, context }: ButtonArgs): Promise<void> => {
    await ack();
    const send = retryingRespond(respond, deps.retry, deps.log, outcomeOf(context).reqId);
    await guarded(
      deps.log,
      context,
      async () => {
        const state = await stateOrStale(action.value, send, context, "shared");
        if (!state) return;
        const answer = replyFromState({ ...state, shareable: false });
        const who = /^[UW][A-Z0-9]{2,20}$/.test(body.user.id) ? `<@${body.user.id}>` : "someone";
        const credit = { type: "context" as const, elements: [{ type: "mrkdwn" as const, text: `Shared by ${who} with ${deps.command}` }] };
        const message = { ...answer, blocks: [...answer.blocks, credit].slice(0, LIMITS.messageBlocks) };
        await send({ response_type: "in_channel", replace_original: false, ...slackMessage(message) });
        await send({ delete_original: true });
        outcomeOf(context).outcome = "shared";
      },
      (m) => send({ response_type: "ephemeral", replace_original: false, ...slackMessage(m) }),
    );
  };
}
