import type { Message } from "../render/slack/blockkit.js";
import type { Reply } from "../render/slack/reply.js";
import { attachChart } from "./charts/index.js";
import { type Deps, slackMessage } from "./deps.js";
import type { SlackCalls } from "./lanes.js";

/** Posting in one conversation (a channel's thread, a DM), each call on its lane (lanes.ts). */
export interface Conversation {
  post(m: Message & { thread_ts?: string }): Promise<{ channel?: string; ts?: string }>;
  update(at: { channel: string; ts: string }, m: Message): Promise<unknown>;
}

export function conversationIn(calls: SlackCalls, channel: string): Conversation {
  return {
    post: ({ thread_ts, ...m }) => calls.post({ channel, ...(thread_ts ? { thread_ts } : {}), ...slackMessage(m) }),
    update: (at, m) => calls.update({ ...at, ...slackMessage(m) }),
  };
}

/** What posting needs to add the chart afterwards. */
export type ChartDeps = Pick<Deps, "charts" | "log"> & { reqId?: string | undefined };

/**
 * Post a reply in a conversation (a thread, a DM). A Hub lookup is posted as "Looking up …" at once, then that
 * message is replaced by the answer (chat.update), so nobody waits on the Hub for a first word; an answer's chart
 * follows the same way. Returns the final outcome, for the request log.
 */
export async function postReply(
  reply: Reply,
  talk: Conversation,
  where: { thread_ts?: string },
  placeholder: { channel?: string; ts?: string } = {},
  charts?: ChartDeps,
): Promise<Reply["outcome"]> {
  const posted = await talk.post({ ...where, ...reply.message });
  const at = posted.channel && posted.ts ? { channel: posted.channel, ts: posted.ts } : undefined;
  let final = reply;
  if (reply.finish) {
    // Where the "Looking up …" message is: a failure from here on replaces it with the apology (see `replyInPlace`).
    if (at) Object.assign(placeholder, at);
    final = await reply.finish();
    if (at) await talk.update(at, final.message);
    else await talk.post({ ...where, ...final.message });
  }
  if (at && charts) {
    await attachChart(charts.charts, final.chart, (m) => talk.update(at, m), charts.log, charts.reqId);
  }
  return final.outcome;
}

/** The apology of a failed lookup: in place of its "Looking up …" message when there is one, else a new message. */
export function replyInPlace(
  placeholder: { channel?: string; ts?: string },
  talk: Conversation,
  where: { thread_ts?: string },
) {
  return async (m: Message): Promise<unknown> =>
    placeholder.channel && placeholder.ts
      ? talk.update({ channel: placeholder.channel, ts: placeholder.ts }, m)
      : talk.post({ ...where, ...m });
}
