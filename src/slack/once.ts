import { createHash } from "node:crypto";
import type pino from "pino";
import type { EventClaims, SeenIds } from "./dedupe.js";

/**
 * Something done at most once per key within the claims' window (ten minutes): a share of one message by one
 * person, however often it is clicked or replayed and on whichever replica. This process's memory answers a double
 * click without I/O; the database's claims (the events' own table) answer across replicas. A database that cannot
 * say lets it through: the memory still stops the double click.
 */
export class Once {
  constructor(
    private readonly seen: SeenIds,
    private readonly claims: EventClaims,
    private readonly log: pino.Logger,
  ) {}

  /** The first time for this key: a way to give it back (when the work did not happen); else undefined. */
  async first(
    kind: string,
    parts: readonly string[],
    reqId?: string,
  ): Promise<{ release(): Promise<void> } | undefined> {
    // Claims are keyed by at most 64 characters: the parts are hashed (160 bits: no two shares collide).
    const key = `${kind}:${createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 40)}`;
    if (this.seen.check(key)) return undefined;
    const release = async () => {
      this.seen.forget(key);
      await this.claims
        .release(key)
        .catch((err: unknown) => this.log.warn({ err, reqId, kind }, "could not give a claim back"));
    };
    try {
      return (await this.claims.claim(key)) ? { release } : undefined;
    } catch (err) {
      this.log.warn({ err, reqId, kind }, "could not claim it in the database; going ahead once from here");
      return { release };
    }
  }
}
