import { webApi } from "@slack/bolt";
import type pino from "pino";

/**
 * Slack rate-limits each Web API method on its own (tiers), and chat.postMessage about once a second per channel
 * (https://docs.slack.dev/apis/web-api/rate-limits). One WebClient pauses its whole queue on a 429 and shares its
 * slots across methods, so one limited or hanging post would hold up every form, Home tab and other channel's
 * reply. Here each method has its own client (its own queue and Retry-After), and posts one per channel.
 */

/** A post to one channel waits at most this long in all for Slack's Retry-After before it is given up, logged. */
export const POST_RATE_BUDGET_MS = 30_000;
/** A post that could not even connect is tried again this many times (nothing was sent, so nothing can double). */
export const POST_UNSENT_RETRIES = 2;
/** A trigger_id lives 3 s: views.open is retried after a 429 only when Slack asks to wait at most this long. */
export const TRIGGER_RETRY_MAX_MS = 1_000;
/** Channels (post lanes) and tokens (workspaces) remembered; the least recently used go first. */
const MAX_LANES = 1_000;

/** A new message whose fate is unknown (a 5xx, a timeout after it was sent): it may have landed, so it is not sent again. */
export class AmbiguousPostError extends Error {
  readonly code = "vram_ambiguous_post";
  constructor(
    readonly channel: string,
    override readonly cause: unknown,
  ) {
    super(`chat.postMessage to ${channel} failed after it was sent; not repeated (it may have landed)`);
  }
}

export const rateLimited = (err: unknown): err is { code: string; retryAfter: number } =>
  (err as { code?: unknown }).code === webApi.ErrorCode.RateLimitedError;
/** The connection was never made (refused, no such host): nothing was sent, so trying again cannot post twice. */
export const notSent = (err: unknown): boolean => {
  const original = (err as { original?: { cause?: { code?: unknown }; code?: unknown } }).original;
  const code = original?.cause?.code ?? original?.code;
  return typeof code === "string" && ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"].includes(code);
};
/** Slack's side failed (a 5xx): for a call that is safe to repeat, worth one more try. */
const isHttpError = (err: unknown): boolean => (err as { code?: unknown }).code === webApi.ErrorCode.HTTPError;
/** Slack answered with an error of its own (`ok: false`): the call was processed and refused; nothing landed. */
const isPlatformError = (err: unknown): boolean => (err as { code?: unknown }).code === webApi.ErrorCode.PlatformError;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class Bounded<V> {
  private readonly items = new Map<string, V>();
  get(key: string, make: () => V): V {
    let v = this.items.get(key);
    if (v === undefined) {
      v = make();
      if (this.items.size >= MAX_LANES) this.items.delete(this.items.keys().next().value as string);
    } else this.items.delete(key);
    this.items.set(key, v);
    return v;
  }
}

/** One workspace's (one token's) calls to Slack, each on its lane. */
export class SlackCalls {
  private readonly lanes = new Bounded<webApi.WebClient>();

  constructor(
    private readonly token: string | undefined,
    private readonly base: webApi.WebClientOptions,
    private readonly log: pino.Logger,
  ) {}

  private lane(name: string, options: webApi.WebClientOptions = {}): webApi.WebClient {
    return this.lanes.get(name, () => new webApi.WebClient(this.token, { ...this.base, ...options }));
  }

  /**
   * A new message: not safe to repeat once sent, so the client never retries it by itself. A 429 (Slack did not
   * process it) is waited out and tried again, on this channel's lane only, within POST_RATE_BUDGET_MS; a refusal
   * (`ok: false`) is final; anything else after sending (a 5xx, a timeout) is an AmbiguousPostError, never repeated.
   */
  async post(args: webApi.ChatPostMessageArguments): Promise<webApi.ChatPostMessageResponse> {
    const client = this.lane(`post:${args.channel}`, {
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      maxRequestConcurrency: 1,
    });
    let waited = 0;
    let unsent = 0;
    for (;;) {
      try {
        return await client.chat.postMessage(args);
      } catch (err) {
        if (notSent(err) && ++unsent <= POST_UNSENT_RETRIES) continue;
        if (rateLimited(err) && waited + err.retryAfter * 1000 <= POST_RATE_BUDGET_MS) {
          waited += err.retryAfter * 1000;
          this.log.info(
            { channel: args.channel, retryAfterS: err.retryAfter },
            "chat.postMessage rate-limited; waiting",
          );
          await sleep(err.retryAfter * 1000);
          continue;
        }
        if (rateLimited(err) || isPlatformError(err)) throw err;
        throw new AmbiguousPostError(args.channel, err);
      }
    }
  }

  /** An edit replaces the same message: repeating it is safe, so Slack's retry policy applies. */
  update(args: webApi.ChatUpdateArguments): Promise<webApi.ChatUpdateResponse> {
    return this.lane("chat.update").chat.update(args);
  }

  /**
   * A modal for a trigger_id, which expires 3 s after the click: one quick retry after a 5xx or a short 429, no
   * more (a trigger opens one modal: a retry after one that landed is refused by Slack, never a second modal).
   */
  async viewsOpen(args: webApi.ViewsOpenArguments): Promise<webApi.ViewsOpenResponse> {
    const client = this.lane("views.open", { retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
    try {
      return await client.views.open(args);
    } catch (err) {
      if (rateLimited(err) && err.retryAfter * 1000 <= TRIGGER_RETRY_MAX_MS) await sleep(err.retryAfter * 1000);
      else if (!isHttpError(err) && !notSent(err)) throw err;
      return client.views.open(args);
    }
  }

  /** Home replaces itself: safe to repeat. */
  viewsPublish(args: webApi.ViewsPublishArguments): Promise<webApi.ViewsPublishResponse> {
    return this.lane("views.publish").views.publish(args);
  }

  usersInfo(args: webApi.UsersInfoArguments): Promise<webApi.UsersInfoResponse> {
    return this.lane("users.info").users.info(args);
  }
}

/** Every workspace's lanes (one set per token; in single-workspace mode there is one). */
export class SlackLanes {
  private readonly byToken = new Bounded<SlackCalls>();

  constructor(
    private readonly base: webApi.WebClientOptions,
    private readonly log: pino.Logger,
  ) {}

  for(token: string | undefined): SlackCalls {
    return this.byToken.get(token ?? "", () => new SlackCalls(token, this.base, this.log));
  }
}
