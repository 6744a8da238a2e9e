import type { Message } from "./blockkit.js";
import type { HubCache } from "../../models/hub/cache.js";
import { type Reply, type ReplyOptions, replyTo } from "./reply.js";

/**
 * Replies are a pure function of the text and where it was typed, and a workspace asks the same questions again
 * and again ("help", the popular model on the popular card): the most recent ones are kept, bounded in number.
 * Cached messages are shared: callers must not mutate them.
 */
export class ReplyCache {
  private readonly entries = new Map<string, Reply>();

  constructor(
    private readonly max = 512,
    /** The Hub, for models named by repository (none: such models are answered from their names, offline). */
    private readonly hub?: HubCache,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  reply(text: string, opts: ReplyOptions): Reply {
    // The fleet is part of the question: a workspace's answers change when its GPUs do.
    const fleet = opts.fleet?.map((g) => `${g.name}=${g.count}x${g.gpuId}`).join(",") ?? "";
    // So are the asker's defaults (one per field, in a stable order).
    const defaults = opts.defaults?.map((d) => `${d.scope[0]}:${d.field}=${d.value}`).join(",") ?? "";
    const key = `${opts.teamDataUnavailable ? "!" : ""}${opts.prefix}\u0000${opts.shareable ? 1 : 0}\u0000${opts.asker ?? ""}\u0000${fleet}\u0000${defaults}\u0000${text}`;
    const hit = this.entries.get(key);
    if (hit) {
      // Refresh its place: the Map's order is the eviction order (least recently used first).
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const fresh = replyTo(text, opts, this.hub);
    // A lookup, or an answer given while the Hub failed, depends on this moment: it is not kept.
    if (!fresh.cacheable) return fresh;
    deepFreeze(fresh.message);
    this.entries.set(key, fresh);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
    return fresh;
  }
}

function deepFreeze(m: Message): void {
  const freeze = (v: unknown): void => {
    if (v && typeof v === "object" && !Object.isFrozen(v)) {
      Object.freeze(v);
      for (const x of Object.values(v)) freeze(x);
    }
  };
  freeze(m);
}
