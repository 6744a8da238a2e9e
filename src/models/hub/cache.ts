/**
 * Hub lookups, remembered: a bounded in-process cache with expiry, one fetch shared by concurrent lookups of an id,
 * and errors that will not change soon (not found, gated, unsupported) remembered briefly.
 */
import { lasting } from "./errors.js";
import type { HubResult } from "./lookup.js";

/** A config at `main` rarely changes; an hour keeps answers fresh enough and the Hub unbothered. */
export const FOUND_TTL_MS = 60 * 60 * 1000;
/** A repository not found (or gated, unsupported) may be created or opened soon: five minutes. */
export const MISSING_TTL_MS = 5 * 60 * 1000;
/** Distinct repositories remembered; beyond it the least recently used goes. */
export const MAX_ENTRIES = 1000;

interface Entry {
  result: HubResult;
  expires: number;
}

export class HubCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<HubResult>>();

  constructor(
    private readonly fetchOne: (id: string) => Promise<HubResult>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Keys are case-insensitive, as the Hub's repository names are. */
  private key(id: string): string {
    return id.toLowerCase();
  }

  /** A remembered result, if fresh (no network). */
  peek(id: string): HubResult | undefined {
    const k = this.key(id);
    const e = this.entries.get(k);
    if (!e) return undefined;
    if (e.expires <= this.now()) {
      this.entries.delete(k);
      return undefined;
    }
    this.entries.delete(k);
    this.entries.set(k, e);
    return e.result;
  }

  /** The result for an id: remembered, or fetched once however many ask at the same time. */
  async lookup(id: string): Promise<HubResult> {
    const hit = this.peek(id);
    if (hit) return hit;
    const k = this.key(id);
    let pending = this.inflight.get(k);
    if (!pending) {
      pending = this.fetchOne(id)
        .then((result) => {
          this.remember(k, result);
          return result;
        })
        .finally(() => this.inflight.delete(k));
      this.inflight.set(k, pending);
    }
    return pending;
  }

  get size(): number {
    return this.entries.size;
  }

  private remember(k: string, result: HubResult): void {
    const ttl =
      result.kind === "ok"
        ? FOUND_TTL_MS
        : lasting(result.error)
          ? MISSING_TTL_MS
          : // A rate limit is remembered for as long as the Hub asked (a minute when it did not say).
            result.error.kind === "rate-limited"
            ? (result.error.retryAfterS ?? 60) * 1000
            : 0;
    if (ttl === 0) return; // a timeout or an outage is not an answer: the next question tries again
    this.entries.set(k, { result, expires: this.now() + ttl });
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
  }
}
