import type { SayFn, webApi } from "@slack/bolt";
import type { Message } from "../render/slack/blockkit.js";
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
  placeholder: { channel?: string; ts?: string } = {},
): Promise<Reply["outcome"]> {
  const posted = await say({ ...where, ...slackMessage(reply.message) });
  if (!reply.finish) return reply.outcome;
  // Where the "Looking up …" message is: a failure from here on replaces it with the apology (see `replyInPlace`).
  if (posted.channel && posted.ts) Object.assign(placeholder, { channel: posted.channel, ts: posted.ts });
  const final = await reply.finish();
  if (posted.channel && posted.ts) {
    await client.chat.update({ channel: posted.channel, ts: posted.ts, ...slackMessage(final.message) });
  } else {
    await say({ ...where, ...slackMessage(final.message) });
  }
  return final.outcome;
}

/** The apology of a failed lookup: in place of its "Looking up …" message when there is one, else a new message. */
export function replyInPlace(
  placeholder: { channel?: string; ts?: string },
  say: SayFn,
  client: webApi.WebClient,
  where: { thread_ts?: string },
) {
  return async (m: Message): Promise<unknown> =>
    placeholder.channel && placeholder.ts
      ? client.chat.update({ channel: placeholder.channel, ts: placeholder.ts, ...slackMessage(m) })
      : say({ ...where, ...slackMessage(m) });
}
