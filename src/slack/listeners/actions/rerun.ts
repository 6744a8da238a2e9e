import { replyFromState } from "../../../render/slack/reply.js";
import { slackMessage, type Deps } from "../../deps.js";
import { guarded } from "../../guard.js";
import { outcomeOf } from "../../request-log.js";
import { retryingRespond } from "../../retry.js";
import { stateOrStale, type ButtonArgs } from "./button-state.js";

/** What-if buttons and "Why?": the button carries the changed request; the answer is re-run and replaced in place. */
export function rerun(deps: Deps) {
  return async ({ ack, action, respond, context }: ButtonArgs): Promise<void> => {
    await ack();
    const send = retryingRespond(respond, deps.retry, deps.log, outcomeOf(context).reqId);
    await guarded(
      deps.log,
      context,
      async () => {
        const state = await stateOrStale(action.value, send, context, "updated");
        if (!state) return;
        outcomeOf(context).outcome = "answer";
        await send({ replace_original: true, ...slackMessage(replyFromState(state)) });
      },
      (m) => send({ response_type: "ephemeral", replace_original: false, ...slackMessage(m) }),
    );
  };
}
