import { RespondError } from "@slack/bolt";
import type { Message } from "../../../render/slack/blockkit.js";
import type { ChartAttachment } from "../../../render/slack/reply.js";
import { userIdOrNone } from "../../../render/slack/state.js";
import { slackMessage, type Deps } from "../../deps.js";
import { outcomeOf } from "../../request-log.js";
import { networkError } from "../../retry.js";
import { type ButtonArgs, rerunTo, type Send, stateButton } from "./button-state.js";

/** Slack answered the post with a 4xx other than 429: it was refused, so nothing landed. */
const refused = (err: unknown): boolean =>
  err instanceof RespondError && err.statusCode >= 400 && err.statusCode < 500 && err.statusCode !== 429;

/**
 * "Share in channel" on an ephemeral answer: the same answer is posted for everyone through the command's
 * response_url (no extra scope, works in channels the bot is not in), credited to the person who shared it,
 * and the private copy is removed. Once per message and person: a double click or a replayed request posts
 * nothing more (deps.once, across replicas); a share that did not land can be clicked again.
 */
export function share(deps: Deps) {
  return stateButton(deps, "shared", async (state, { body, context }, send) => {
    const message = body.container.message_ts ?? body.message?.ts ?? body.response_url;
    // A replay of a share this app acknowledged but did not finish (pending.ts) was claimed by the first try:
    // it goes ahead (had the first one posted, it would have been marked answered).
    const first =
      context.redelivered === true
        ? { release: async () => undefined }
        : await deps.once.first(
            "share",
            [body.team?.id ?? "", body.channel?.id ?? "", message, body.user.id],
            outcomeOf(context).reqId,
          );
    if (!first) {
      outcomeOf(context).outcome = "duplicate-share";
      return undefined;
    }
    try {
      const sharer = userIdOrNone(body.user.id);
      // The sharer, credited under it, is also the one who may change the shared message in place.
      const owner = sharer ? { sharedBy: sharer, asker: sharer } : {};
      const rerun = await rerunTo(deps, { ...state, shareable: false, ...owner }, send, context);
      if (rerun === "stale" || rerun === "said") {
        await first.release();
        return rerun === "stale" ? "stale" : undefined;
      }
      await postShare(deps, rerun, send, context);
      return undefined;
    } catch (err) {
      // Slack refused it, or our own failure before posting: nothing landed, so another click may share it. A
      // network failure after posting keeps the claim: it may have landed, and a second post would be a duplicate.
      if (!networkError(err)) await first.release();
      throw err;
    }
  });
}

async function postShare(
  deps: Deps,
  rerun: { message: Message; chart: ChartAttachment },
  send: Send,
  context: ButtonArgs["context"],
): Promise<void> {
  // A new channel message is not repeated on a network error: the first try may have landed. The response_url
  // cannot edit the message it posts, so the chart goes in the post itself; if Slack refuses the post (it could
  // not fetch the image), nothing was posted and it goes again without the chart.
  const url = deps.charts?.urlFor(rerun.chart.request);
  const post = (m: Message) =>
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
}
