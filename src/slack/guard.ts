import type { Context } from "@slack/bolt";
import type pino from "pino";
import type { Message } from "../render/slack/blockkit.js";
import { internalErrorMessage } from "../render/slack/messages.js";
import { newRef, outcomeOf } from "./request-log.js";
import { AmbiguousPostError, rateLimited } from "./lanes.js";

/**
 * Run a listener's work; if it fails, log the error under a short reference and tell the user, with that
 * reference, through `apologize`. Never rethrows: a failure is never silent and never crashes the process.
 */
export async function guarded(
  log: pino.Logger,
  context: Context,
  work: () => Promise<void>,
  apologize: (m: Message) => Promise<unknown>,
): Promise<void> {
  try {
    await work();
  } catch (err) {
    const o = outcomeOf(context);
    const ref = o.reqId ?? newRef();
    if (rateLimited(err)) {
      // Slack asks for longer than a reply may wait: nothing was posted, and an apology would be refused the same
      // way. The request stays recorded (pending.ts) and is answered once Slack lets posts through again.
      o.outcome = "rate-limited";
      log.warn({ ref, retryAfterS: err.retryAfter }, "Slack is rate-limiting this reply; it will be answered later");
      return;
    }
    if (err instanceof AmbiguousPostError) {
      // The reply may have landed: another post (the apology) could be a second message. One logged loss, at most.
      o.outcome = "delivery-unknown";
      log.error({ ref, channel: err.channel, err: err.cause }, "reply may not have been delivered; not repeated");
      return;
    }
    o.outcome = "internal-error";
    log.error({ ref, err }, "listener failed");
    try {
      await apologize(internalErrorMessage(ref));
    } catch (again) {
      log.error({ ref, err: again }, "could not tell the user about the failure");
    }
  }
}
