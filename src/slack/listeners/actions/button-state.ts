import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  RespondArguments,
  SlackActionMiddlewareArgs,
} from "@slack/bolt";
import type { Message } from "../../../render/slack/blockkit.js";
import { type ChartAttachment, replyFromState } from "../../../render/slack/reply.js";
import { type AnswerState, decodeState } from "../../../render/slack/state.js";
import { slackMessage, type Deps } from "../../deps.js";
import { guarded } from "../../guard.js";
import { outcomeOf } from "../../request-log.js";
import { retryingRespond } from "../../retry.js";

export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** A post to the message's response_url, retried where that is safe (`repeatable` false for new channel messages). */
export type Send = (m: RespondArguments, repeatable?: boolean) => Promise<void>;

/**
 * A button whose value carries an answer's state: acknowledged first; a value that does not decode (an older
 * deploy, tampering) gets a polite note; a failure gets the apology with its reference, privately.
 * `what` completes "That answer can no longer be …".
 */
export function stateButton(
  deps: Deps,
  what: string,
  work: (state: AnswerState, args: ButtonArgs, send: Send) => Promise<"stale" | undefined>,
) {
  return async (args: ButtonArgs): Promise<void> => {
    const { ack, action, respond, context } = args;
    await ack();
    const send = retryingRespond(respond, deps.retry, deps.log, outcomeOf(context).reqId);
    const stale = async () => {
      outcomeOf(context).outcome = "stale-button";
      await send({
        response_type: "ephemeral",
        replace_original: false,
        text: `That answer can no longer be ${what} (it is from an older version of the app). Ask again and use the new answer.`,
      });
    };
    await guarded(
      deps.log,
      context,
      async () => {
        const state = decodeState(action.value);
        if (!state) {
          await stale();
          return;
        }
        // A request that no longer reads (a model or GPU removed since) is stale too.
        if ((await work(state, args, send)) === "stale") await stale();
      },
      (m) => send({ response_type: "ephemeral", replace_original: false, ...slackMessage(m) }),
    );
  };
}

/**
 * The answer a button's state re-runs to; "stale" for a request that no longer reads; "said" when the Hub failed
 * for the moment, which is said aside, privately, so the answer in place is never wiped.
 */
export async function rerunTo(
  deps: Deps,
  state: AnswerState,
  send: Send,
  context: ButtonArgs["context"],
): Promise<{ message: Message; chart: ChartAttachment } | "stale" | "said"> {
  const rerun = await replyFromState(state, deps.hub, deps.command);
  if (rerun.kind === "stale") return "stale";
  if (rerun.kind === "hub-error") {
    outcomeOf(context).outcome = "hub-error";
    await send({ response_type: "ephemeral", replace_original: false, ...slackMessage(rerun.message) });
    return "said";
  }
  return { message: rerun.message, chart: rerun.chart };
}
