import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { replyTo } from "../../../render/slack/reply.js";
import { formView } from "../../../render/slack/views.js";
import { slackMessage, slackModal, type Deps } from "../../deps.js";
import { guarded } from "../../guard.js";
import { outcomeOf } from "../../request-log.js";
import { retryingRespond } from "../../retry.js";
import { FormOrigin } from "../views/form-origin.js";

/**
 * `/vram …`: acknowledged at once, then answered ephemerally through the command's response_url (Slack's 3-second
 * deadline only covers the acknowledgement). `/vram` alone opens the form; its answer comes back to this channel.
 */
export function vramCommand(deps: Deps) {
  return async ({ command, ack, respond, client, context }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const text = command.text.trim();
    const send = retryingRespond(respond, deps.retry, deps.log, outcomeOf(context).reqId);
    await guarded(
      deps.log,
      context,
      async () => {
        if (text === "") {
          const origin: FormOrigin = { responseUrl: command.response_url, channel: command.channel_id };
          await client.views.open({ trigger_id: command.trigger_id, view: slackModal(formView(JSON.stringify(origin))) });
          outcomeOf(context).outcome = "form";
          return;
        }
        const reply = replyTo(text, { prefix: deps.command, shareable: true });
        outcomeOf(context).outcome = reply.outcome;
        await send({ response_type: "ephemeral", ...slackMessage(reply.message) });
      },
      (m) => send({ response_type: "ephemeral", ...slackMessage(m) }),
    );
  };
}
