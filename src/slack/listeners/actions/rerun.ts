import { type Deps, slackMessage } from "../../deps.js";
import { outcomeOf } from "../../request-log.js";
import { attachChart } from "../../charts/index.js";
import { rerunTo, stateButton } from "./button-state.js";

/** Change buttons, the plan and "Why?": the button carries the request to run; the answer is replaced in place. */
export function rerun(deps: Deps) {
  return stateButton(deps, "updated", async (state, { body, context }, send) => {
    // Everyone sees a thread answer or a shared one: only the person who asked (or shared) changes it in place;
    // anyone else gets their own private copy with the change, to explore without rewriting the conversation.
    const clicker = body.user.id;
    const own = body.container.is_ephemeral === true || clicker === state.asker || clicker === state.sharedBy;
    const { asker: _asker, sharedBy: _sharedBy, ...unowned } = state;
    const rerun = await rerunTo(deps, own ? state : unowned, send, context);
    if (rerun === "stale") return "stale";
    if (rerun === "said") return undefined;
    outcomeOf(context).outcome = own ? "answer" : "answer-private";
    if (own) {
      await send({ replace_original: true, ...slackMessage(rerun.message) });
      // The chart follows in place. A private copy gets none: a second post there would be a second message.
      await attachChart(
        deps.charts,
        rerun.chart,
        (m) => send({ replace_original: true, ...slackMessage(m) }),
        deps.log,
        outcomeOf(context).reqId,
      );
    } else await send({ response_type: "ephemeral", replace_original: false, ...slackMessage(rerun.message) });
    return undefined;
  });
}
