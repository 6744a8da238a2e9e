import { replyFromState } from "../../../render/slack/reply.js";
import { type Deps, slackMessage } from "../../deps.js";
import { outcomeOf } from "../../request-log.js";
import { stateButton } from "./button-state.js";

/** Change buttons, the plan and "Why?": the button carries the request to run; the answer is replaced in place. */
export function rerun(deps: Deps) {
  return stateButton(deps, "updated", async (state, { body, context }, send) => {
    // Everyone sees a thread answer or a shared one: only the person who asked (or shared) changes it in place;
    // anyone else gets their own private copy with the change, to explore without rewriting the conversation.
    const clicker = body.user.id;
    const own = body.container.is_ephemeral === true || clicker === state.asker || clicker === state.sharedBy;
    const { asker: _asker, sharedBy: _sharedBy, ...unowned } = state;
    const rerun = await replyFromState(own ? state : unowned, deps.hub, deps.command);
    if (rerun.kind === "stale") return "stale";
    // The Hub failing for a moment never wipes the answer: its message comes aside, privately.
    if (rerun.kind === "hub-error") {
      outcomeOf(context).outcome = "hub-error";
      await send({ response_type: "ephemeral", replace_original: false, ...slackMessage(rerun.message) });
      return undefined;
    }
    const message = rerun.message;
    outcomeOf(context).outcome = own ? "answer" : "answer-private";
    if (own) await send({ replace_original: true, ...slackMessage(message) });
    else await send({ response_type: "ephemeral", replace_original: false, ...slackMessage(message) });
    return undefined;
  });
}
