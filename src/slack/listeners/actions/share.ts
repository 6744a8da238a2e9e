import { userIdOrNone } from "../../../render/slack/state.js";
import { slackMessage, type Deps } from "../../deps.js";
import { outcomeOf } from "../../request-log.js";
import { RespondError } from "@slack/bolt";
import { rerunTo, stateButton } from "./button-state.js";

/** Slack answered the post with a 4xx other than 429: it was refused, so nothing landed. */
const refused = (err: unknown): boolean =>
  err instanceof RespondError && err.statusCode >= 400 && err.statusCode < 500 && err.statusCode !== 429;

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
    const rerun = await rerunTo(deps, { ...state, shareable: false, ...owner }, send, context);
    if (rerun === "stale") return "stale";
    if (rerun === "said") return undefined;
    // A new channel message is not repeated on a network error: the first try may have landed. The response_url
    // cannot edit the message it posts, so the chart goes in the post itself; if Slack refuses the post (it could
    // not fetch the image), nothing was posted and it goes again without the chart.
    const url = deps.charts?.urlFor(rerun.chart.request);
    const post = (m: typeof rerun.message) =>
      send({ response_type: "in_channel", replace_original: false, ...slackMessage(m) }, false);
    if (url) {
      try {
        await post(rerun.chart.attach(url));
      } catch (err) {
        if (!refused(err)) throw err;
        deps.log.warn({ reqId: outcomeOf(context).reqId, err }, "shared without the chart: Slack refused it");
        await post(rerun.message);
      }
    } else await post(rerun.message);
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
