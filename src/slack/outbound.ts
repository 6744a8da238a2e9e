import type pino from "pino";
import { timedFetch } from "./retry.js";

/** Slack's Web API when SLACK_API_URL is not set. */
const SLACK_API = "https://slack.com/api/";
/** Where Slack's response_urls live (https://api.slack.com/interactivity/handling#message_responses). */
const SLACK_HOOKS = "https://hooks.slack.com";
/** GovSlack's (https://docs.slack.dev/govslack): only when the Web API is GovSlack's. */
const GOVSLACK_HOOKS = "https://hooks.slack-gov.com";

/** Slack accepts 5 posts to one response_url, within 30 minutes of the request (its documented lifetime). */
export const RESPONSE_URL_POSTS = 5;
export const RESPONSE_URL_LIFE_MS = 30 * 60_000;
/** response_urls whose posts are counted (one per request in flight or recent); the oldest go first. */
const MAX_COUNTED = 20_000;

/** A sixth post to one response_url: Slack would refuse it, and an app that tried would be hammering a dead end. */
export class ResponseUrlSpentError extends Error {
  readonly code = "vram_response_url_spent";
  constructor() {
    super(`this response_url has had its ${RESPONSE_URL_POSTS} posts`);
  }
}

/** A request the app refused to make: its URL is neither Slack's Web API nor one of Slack's response_url hosts. */
export class RefusedUrlError extends Error {
  readonly code = "vram_refused_url";
  constructor(readonly origin: string) {
    super(`refused to post to ${origin}: not Slack's Web API nor a Slack response_url`);
  }
}

const originOf = (url: string): string => {
  try {
    return new URL(url).origin;
  } catch {
    return "an unreadable URL";
  }
};

/**
 * Every request the Slack side of the app makes goes through here (Bolt's `respond` uses the Web API client's
 * fetch): Slack's Web API (SLACK_API_URL), and response_urls on Slack's hooks host over HTTPS, the GovSlack one when
 * the API is GovSlack's, or the configured API's own origin (a proxy, or a loopback stand-in in tests). Anything
 * else, an internal address a forged payload names above all, is refused and logged; a response_url's redirect is
 * an error, never followed (a 307 to another port would otherwise receive the answer).
 */
export class Outbound {
  private readonly api: string;
  private readonly hooks: ReadonlySet<string>;
  /** Posts made to each response_url, counted across retries, updates and apologies. */
  private readonly posts = new Map<string, { n: number; first: number }>();

  constructor(
    apiUrl: string | undefined,
    private readonly log: pino.Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.api = apiUrl ?? SLACK_API;
    const apiOrigin = new URL(this.api).origin;
    const gov = new URL(this.api).hostname.endsWith("slack-gov.com");
    this.hooks = new Set([gov ? GOVSLACK_HOOKS : SLACK_HOOKS, ...(this.api === SLACK_API ? [] : [apiOrigin])]);
  }

  /** Whether a response_url may be posted to. */
  allows(url: string): boolean {
    const origin = originOf(url);
    return this.hooks.has(origin);
  }

  /** Counts one post to `url`; false when its five are spent. */
  private spend(url: string): boolean {
    const t = this.now();
    const seen = this.posts.get(url);
    if (!seen || t - seen.first > RESPONSE_URL_LIFE_MS) {
      this.posts.delete(url);
      this.posts.set(url, { n: 1, first: t });
      if (this.posts.size > MAX_COUNTED) this.posts.delete(this.posts.keys().next().value as string);
      return true;
    }
    if (seen.n >= RESPONSE_URL_POSTS) return false;
    seen.n++;
    return true;
  }

  readonly fetch: typeof fetch = (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith(this.api)) return timedFetch(input, init);
    if (this.allows(url)) {
      if (!this.spend(url)) {
        this.log.warn({ origin: originOf(url) }, `a response_url's ${RESPONSE_URL_POSTS} posts are spent; not posting`);
        return Promise.reject(new ResponseUrlSpentError());
      }
      return timedFetch(input, { ...init, redirect: "error" });
    }
    const origin = originOf(url);
    this.log.warn({ origin }, "refused a post to a URL that is not Slack's (a forged or altered response_url)");
    return Promise.reject(new RefusedUrlError(origin));
  };
}
