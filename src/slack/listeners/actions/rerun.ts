import { replyFromState } from "../../../render/slack/reply.js";
import { slackMessage, type Deps } from "../../deps.js";
import { outcomeOf } from "../../request-log.js";
import { stateButton } from "./button-state.js";

/** What-if buttons and "Why?": the button carries the changed request; the answer is re-run and replaced in place. */
export function rerun(deps: Deps) {
  return stateButton(deps, "updated", async (state, { body, context }, send) => {
    // Everyone sees a thread answer or a shared one: only the person who asked (or shared) changes it in place;
    // anyone else gets their own private copy with the change, to explore without rewriting the conversation.
    const clicker = body.user.id;
    const own = body.container.is_ephemeral === true || clicker === state.asker || clicker === state.sharedBy;
    outcomeOf(context).outcome = own ? "answer" : "answer-private";
    if (own) await send({ replace_original: true, ...slackMessage(replyFromState(state)) });
    else
      await send({
        response_type: "ephemeral",
        replace_original: false,
        ...slackMessage(replyFromState({ ...state, asker: undefined, sharedBy: undefined })),
      });
  });
}
