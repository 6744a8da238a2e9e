import type { SayFn, webApi } from "@slack/bolt";
import type { Reply } from "../render/slack/reply.js";
import { slackMessage } from "./deps.js";

/**
 * Post a reply in a conversation (a thread, a DM). A Hub lookup is posted as "Looking up …" at once, then that
 * message is replaced by the answer (chat.update), so nobody waits on the Hub for a first word.
 * Returns the final outcome, for the request log.
 */
export async function postReply(
  reply: Reply,
  say: SayFn,
  client: webApi.WebClient,
  where: { thread_ts?: string },
): Promise<Reply["outcome"]> {
  const posted = await say({ ...where, ...slackMessage(reply.message) });
  if (!reply.finish) return reply.outcome;
  const final = await reply.finish();
  if (posted.channel && posted.ts) {
    await client.chat.update({ channel: posted.channel, ts: posted.ts, ...slackMessage(final.message) });
  } else {
    await say({ ...where, ...slackMessage(final.message) });
  }
  return final.outcome;
}
