import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import type { Message } from "../../../render/slack/blockkit.js";
import { formView } from "../../../render/slack/views.js";
import { slackMessage, slackModal, type Deps } from "../../deps.js";
import { guarded } from "../../guard.js";
import { outcomeOf } from "../../request-log.js";
import { retryingRespond } from "../../retry.js";
import { attachChart } from "../../charts/index.js";
import type { FormOrigin } from "../views/form-origin.js";
import { isFleetCommand } from "../../../parse/fleet.js";
import { fleetCommand } from "./fleet.js";
import { isSettingsCommand } from "../../../parse/settings.js";
import { settingsCommand } from "./settings.js";
import { askContext } from "../../ask-context.js";

/**
 * `/vram …`: the answer is computed at once (bounded: the parser caps its input, an answer takes well under a
 * millisecond) and is the acknowledgement itself, an ephemeral message, well inside Slack's 3 seconds and with no
 * further call that could fail. `/vram` alone acknowledges and opens the form; its answer comes back to this channel.
 */
export function vramCommand(deps: Deps) {
  return async (args: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const { command, ack, respond, context } = args;
    const text = command.text.trim();
    // Our failure after the acknowledgement: the apology with its reference, privately.
    const apologise = (m: Message) =>
      retryingRespond(
        respond,
        deps.retry,
        deps.log,
        outcomeOf(context).reqId,
      )({
        response_type: "ephemeral",
        ...slackMessage(m),
      });
    if (isFleetCommand(text)) {
      await guarded(deps.log, context, () => fleetCommand(deps, args), apologise);
      return;
    }
    if (isSettingsCommand(text)) {
      await guarded(deps.log, context, () => settingsCommand(deps, args), apologise);
      return;
    }
    if (text === "") {
      await ack();
      await guarded(
        deps.log,
        context,
        async () => {
          const origin: FormOrigin = { responseUrl: command.response_url };
          await deps.lanes.for(context.botToken).viewsOpen({
            trigger_id: command.trigger_id,
            view: slackModal(formView(JSON.stringify(origin))),
          });
          outcomeOf(context).outcome = "form";
        },
        apologise,
      );
      return;
    }
    let acked = false;
    const later = retryingRespond(respond, deps.retry, deps.log, outcomeOf(context).reqId);
    await guarded(
      deps.log,
      context,
      async () => {
        // No GPU named: the answer is for the workspace's own GPUs when it has saved some; the person's saved
        // defaults fill what the text leaves out.
        const asked = await askContext(deps, command.team_id, command.user_id);
        const reply = deps.replies.reply(text, { prefix: deps.command, shareable: true, ...asked });
        outcomeOf(context).outcome = reply.outcome;
        acked = true;
        await ack({ response_type: "ephemeral", ...slackMessage(reply.message) });
        // A Hub lookup: acknowledged with "Looking up …", then that message is replaced by the answer.
        let final = reply;
        if (reply.finish) {
          final = await reply.finish();
          outcomeOf(context).outcome = final.outcome;
          await later({ response_type: "ephemeral", replace_original: true, ...slackMessage(final.message) });
        }
        // Then the chart, in place (the answer is already there: nothing waits for the picture).
        await attachChart(
          deps.charts,
          final.chart,
          (m) => later({ response_type: "ephemeral", replace_original: true, ...slackMessage(m) }),
          deps.log,
          outcomeOf(context).reqId,
        );
      },
      async (m) => {
        if (!acked) await ack({ response_type: "ephemeral", ...slackMessage(m) });
        else await later({ response_type: "ephemeral", replace_original: true, ...slackMessage(m) });
      },
    );
  };
}
