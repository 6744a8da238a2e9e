import { RespondError, type RespondArguments, type RespondFn } from "@slack/bolt";
import type pino from "pino";

/** How often a post to a response_url is tried. The Web API client has its own (Slack's) retry policy. */
export interface RetryPolicy {
  attempts: number;
  /** First back-off; it doubles with each try. */
  baseMs: number;
}

export const RESPONSE_URL_RETRY: RetryPolicy = { attempts: 3, baseMs: 500 };

/** A `respond` for a response_url that Bolt did not hand us (the form keeps the command's in its metadata). */
export function postToResponseUrl(url: string): RespondFn {
  return async (message) => {
    const body = typeof message === "string" ? { text: message } : message;
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    if (!res.ok) throw new RespondError(`Failed to respond to the response_url: ${res.status} ${res.statusText}`, res.status);
    return res;
  };
}

/** 429 and 5xx are worth another try, as are network errors; any other 4xx (an expired or used-up url) is not. */
export function retryable(err: unknown): boolean {
  if (err instanceof RespondError) return err.statusCode === 429 || err.statusCode >= 500;
  return err instanceof TypeError || (err instanceof Error && /ECONNRESET|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|socket hang up/i.test(err.message));
}

/**
 * `respond` that retries what is worth retrying. Slack's response_url accepts 5 posts in 30 minutes, so at most
 * `attempts` are spent on one message; every failed try is logged with the request's reference.
 */
export function retryingRespond(respond: RespondFn, policy: RetryPolicy, log: pino.Logger, reqId: string | undefined): (m: RespondArguments) => Promise<void> {
  return async (message) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await respond(message);
        return;
      } catch (err) {
        if (attempt >= policy.attempts || !retryable(err)) throw err;
        const wait = policy.baseMs * 2 ** (attempt - 1);
        log.warn({ reqId, attempt, waitMs: wait, err }, "response_url post failed; retrying");
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  };
}
