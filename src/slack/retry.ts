import { RespondError, type RespondArguments, type RespondFn } from "@slack/bolt";
import type pino from "pino";

/** How often a post to a response_url is tried. The Web API client has its own (Slack's) retry policy. */
export interface RetryPolicy {
  attempts: number;
  /** First back-off; it doubles with each try. */
  baseMs: number;
}

export const RESPONSE_URL_RETRY: RetryPolicy = { attempts: 3, baseMs: 500 };

/** Slack's endpoints answer in well under a second; a call hung for longer is abandoned (and retried where that is safe). */
export const HTTP_TIMEOUT_MS = 10_000;

/** `fetch` with a deadline, for the Web API client and every response_url post (Bolt's `respond` uses it too). */
export const timedFetch: typeof fetch = (input, init) => {
  const deadline = AbortSignal.timeout(HTTP_TIMEOUT_MS);
  return fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline });
};

/**
 * A `respond` for a response_url that Bolt did not hand us (the form keeps the command's in its metadata), posted
 * with `fetchFn`: the app's outbound fetch, which refuses any host but Slack's.
 */
export function postToResponseUrl(url: string, fetchFn: typeof fetch): RespondFn {
  return async (message) => {
    const body = typeof message === "string" ? { text: message } : message;
    const res = await fetchFn(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!res.ok)
      throw new RespondError(`Failed to respond to the response_url: ${res.status} ${res.statusText}`, res.status);
    return res;
  };
}

/** A failure of the network itself (undici's "fetch failed" with a cause, or our deadline), not of our code. */
export function networkError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err.name === "TimeoutError" || err.name === "AbortError") return true;
  const code = (err.cause as { code?: unknown } | undefined)?.code;
  return (
    err.message === "fetch failed" ||
    (typeof code === "string" && /^(ECONNRESET|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|EPIPE|UND_ERR_)/.test(code))
  );
}

/**
 * 429 and 5xx are worth another try, as are network errors when the post may be repeated (an in-place update may:
 * it replaces the same message; a new channel message may not: the first try may have landed). Any other 4xx
 * (an expired or used-up url) is final.
 */
export function retryable(err: unknown, repeatable = true): boolean {
  if (err instanceof RespondError) return err.statusCode === 429 || (repeatable && err.statusCode >= 500);
  return repeatable && networkError(err);
}

/**
 * `respond` that retries what is worth retrying. Slack's response_url accepts 5 posts in 30 minutes, so at most
 * `attempts` are spent on one message; every failed try is logged with the request's reference.
 */
export function retryingRespond(
  respond: RespondFn,
  policy: RetryPolicy,
  log: pino.Logger,
  reqId: string | undefined,
): (m: RespondArguments, repeatable?: boolean) => Promise<void> {
  return async (message, repeatable = true) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await respond(message);
        return;
      } catch (err) {
        if (attempt >= policy.attempts || !retryable(err, repeatable)) throw err;
        const wait = policy.baseMs * 2 ** (attempt - 1);
        log.warn({ reqId, attempt, waitMs: wait, err }, "response_url post failed; retrying");
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  };
}
