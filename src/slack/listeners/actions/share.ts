import { userIdOrNone } from "../../../render/slack/state.js";
import { slackMessage, type Deps } from "../../deps.js";
import { outcomeOf } from "../../request-log.js";
import { rerunTo, stateButton } from "./button-state.js";

/**
 * "Share in channel" on an ephemeral answer: the same answer is posted for everyone through the command's
 * response_url (no extra scope, works in channels the bot is not in), credited to the person who shared it,
 * and the private copy is removed.
 */
export function share(deps: Deps) {
  return stateButton(deps, "shared", async (state, { body, context }, send) => {
    const sharer = userIdOrNone(body.user.id);
    // The sharer, credited under it, is also the one who may change the shared message in place.
    const owner = sharer ? { sharedBy: sharer, asker: sharer } : {};
    const message = await rerunTo(deps, { ...state, shareable: false, ...owner }, send, context);
    if (message === "stale") return "stale";
    if (message === "said") return undefined;
    // A new channel message is not repeated on a network error: the first try may have landed.
    await send({ response_type: "in_channel", replace_original: false, ...slackMessage(message) }, false);
    outcomeOf(context).outcome = "shared";
    try {
      await send({ delete_original: true });
    } catch (err) {
      // The share worked; only the private copy stays. Not worth an apology.
      deps.log.warn({ reqId: outcomeOf(context).reqId, err }, "shared, but the private copy could not be removed");
    }
    return undefined;
  });
}
