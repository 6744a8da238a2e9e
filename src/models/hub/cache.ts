/**
 * Hub lookups, remembered: a bounded in-process cache with expiry, one fetch shared by concurrent lookups of an id,
 * and errors that will not change soon (not found, gated, unsupported) remembered briefly. Optionally a second
 * level below the memory, shared by the replicas (the database: src/store/hub-configs.ts), with the same expiry.
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

/** Results kept where every replica reads them. Either call may reject (the database down, a corrupt row). */
export interface SharedHubStore {
  /** The result stored for a key, with when it expires (ms since the epoch); undefined when none or expired. */
  get(key: string): Promise<{ result: HubResult; expiresAt: number } | undefined>;
  put(key: string, result: HubResult, expiresAt: number): Promise<void>;
}

export interface SharedLevel {
  store: SharedHubStore;
  /** A read or a write that failed: the lookup goes on as if there were no shared store (the Hub is asked). */
  onError: (err: unknown, op: "get" | "put", key: string) => void;
}

export class HubCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<HubResult>>();

  constructor(
    private readonly fetchOne: (id: string) => Promise<HubResult>,
    private readonly now: () => number = Date.now,
    private readonly shared?: SharedLevel,
  ) {}

  /** Keys are case-insensitive, as the Hub's repository names are. */
  private key(id: string): string {
    return id.toLowerCase();
  }

  /** A remembered result, if fresh: memory only (it answers inside Slack's acknowledgement, so no I/O). */
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

  /** The result for an id: remembered here or in the shared store, or fetched once however many ask at once. */
  async lookup(id: string): Promise<HubResult> {
    const hit = this.peek(id);
    if (hit) return hit;
    const k = this.key(id);
    let pending = this.inflight.get(k);
    if (!pending) {
      pending = this.load(k, id).finally(() => this.inflight.delete(k));
      this.inflight.set(k, pending);
    }
    return pending;
  }

  /** A memory miss: the shared store's result, else the Hub's (remembered here, and shared without waiting). */
  private async load(k: string, id: string): Promise<HubResult> {
    const stored = await this.readShared(k);
    if (stored) {
      // Until the row expires, not a full TTL from now: a result's age does not grow by passing between replicas.
      this.keep(k, stored.result, stored.expiresAt);
      return stored.result;
    }
    const result = await this.fetchOne(id);
    const ttl = ttlOf(result);
    if (ttl === 0) return result; // a timeout or an outage is not an answer: the next question tries again
    const expires = this.now() + ttl;
    this.keep(k, result, expires);
    this.shared?.store.put(k, result, expires).catch((err: unknown) => this.shared?.onError(err, "put", k));
    return result;
  }

  private async readShared(k: string): Promise<{ result: HubResult; expiresAt: number } | undefined> {
    if (!this.shared) return undefined;
    try {
      return await this.shared.store.get(k);
    } catch (err) {
      this.shared.onError(err, "get", k);
      return undefined;
    }
  }

  get size(): number {
    return this.entries.size;
  }

  private keep(k: string, result: HubResult, expires: number): void {
    this.entries.delete(k);
    this.entries.set(k, { result, expires });
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
  }
}

/** How long a result is worth remembering, here and in the shared store; 0: not at all. */
export function ttlOf(result: HubResult): number {
  if (result.kind === "ok") return FOUND_TTL_MS;
  if (lasting(result.error)) return MISSING_TTL_MS;
  // A rate limit is remembered for as long as the Hub asked (a minute when it did not say).
  if (result.error.kind === "rate-limited") return (result.error.retryAfterS ?? 60) * 1000;
  return 0;
}
