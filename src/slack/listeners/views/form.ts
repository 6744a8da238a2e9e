import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import type { Message } from "../../../render/slack/blockkit.js";
import type { Reply } from "../../../render/slack/reply.js";
import { FORM } from "../../../render/slack/ids.js";
import { slackMessage, type Deps } from "../../deps.js";
import { guarded } from "../../guard.js";
import { outcomeOf } from "../../request-log.js";
import { postToResponseUrl, retryingRespond } from "../../retry.js";
import { attachChart } from "../../charts/index.js";
import { readOrigin } from "./form-origin.js";
import { askContext } from "../../ask-context.js";
import { fieldOf, formText, type FormValues } from "./form-text.js";

/** Slack shows at most this much of an input's error. */
const FIELD_ERROR_MAX = 150;

/**
 * The form: a field the parser cannot read gets its error under that field (the modal stays open); a valid form
 * closes and the answer goes to the channel the form was opened from (ephemeral), else to the user's DM.
 */
export function formSubmitted(deps: Deps) {
  return async ({
    ack,
    view,
    body,
    context,
  }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const values = view.state.values as FormValues;
    const text = formText(values);
    const origin = readOrigin(view.private_metadata);
    // One pass through the pipeline (and the reply cache): its error, if any, goes under the field it is about.
    const calls = deps.lanes.for(context.botToken);
    const apology = (m: Message) => calls.post({ channel: body.user.id, ...slackMessage(m) });
    let reply: Reply;
    try {
      const asked = await askContext(deps, context.teamId, body.user.id);
      reply = deps.replies.reply(text, { prefix: deps.command, shareable: origin.responseUrl !== undefined, ...asked });
    } catch (err) {
      // Our failure, not the user's: close the form and apologise with the reference, as every listener does.
      await ack();
      await guarded(deps.log, context, () => Promise.reject(err), apology);
      return;
    }
    // A word that does not read (or a model the Hub cannot give) goes under its field; a lookup closes the form and
    // its answer follows.
    if (reply.outcome === "parse-error" || reply.outcome === "help" || reply.outcome === "hub-error") {
      const message = reply.error
        ? `${reply.error.message} ${reply.error.hint}`
        : "Name a model, for example llama-3.1-8b or 7B.";
      const field = reply.error ? fieldOf(reply.error, values) : FORM.model;
      outcomeOf(context).outcome = "form-error";
      await ack({
        response_action: "errors",
        errors: { [field]: message.replace(/`/g, "").slice(0, FIELD_ERROR_MAX) },
      });
      return;
    }
    await ack();
    const reqId = outcomeOf(context).reqId;
    // To the channel the form came from (its response_url), else the DM; then the chart, in place, the same way.
    const deliver = async (final: Reply) => {
      if (origin.responseUrl) {
        const send = retryingRespond(
          postToResponseUrl(origin.responseUrl, deps.outbound.fetch),
          deps.retry,
          deps.log,
          reqId,
        );
        await send({ response_type: "ephemeral", ...slackMessage(final.message) });
        const replace = (m: Message) =>
          send({ response_type: "ephemeral", replace_original: true, ...slackMessage(m) });
        await attachChart(deps.charts, final.chart, replace, deps.log, reqId);
        return;
      }
      const posted = await calls.post({ channel: body.user.id, ...slackMessage(final.message) });
      if (!posted.channel || !posted.ts) return;
      const at = { channel: posted.channel, ts: posted.ts };
      await attachChart(deps.charts, final.chart, (m) => calls.update({ ...at, ...slackMessage(m) }), deps.log, reqId);
    };
    await guarded(
      deps.log,
      context,
      async () => {
        outcomeOf(context).outcome = reply.outcome;
        // The form has closed: a Hub lookup is finished before the one message is delivered.
        const final = reply.finish ? await reply.finish() : reply;
        outcomeOf(context).outcome = final.outcome;
        await deliver(final);
      },
      apology,
    );
  };
}
