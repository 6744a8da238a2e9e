import { createHash, randomBytes } from "node:crypto";
import type { App } from "@slack/bolt";
import type pino from "pino";
import type { PendingRow } from "../store/schema.js";
import type { NewPending, PendingStore } from "../store/pending.js";

/**
 * Nothing acknowledged is lost. Slack does not redeliver what was acknowledged, and mentions, DMs, button updates
 * and shares are acknowledged before they are answered: each is recorded (its raw body) before the
 * acknowledgement and deleted once answered. A process that stops without finishing gives its requests up at
 * shutdown, listing each (reference, user, channel); one that dies leaves them to age. Either way the next start
 * or another replica leases each (one of them, by a conditional update) and replays it through the same app.
 */

/** A request another process still holds is taken over once it is this old (its owner died without a word). */
export const STALE_MS = 2 * 60_000;
/** A lease lasts this long: a replay that takes longer may be taken over again. */
export const LEASE_MS = 60_000;
/** Older than this, a request is not answered any more (its response_url has expired; the thread has moved on). */
export const MAX_AGE_MS = 30 * 60_000;
/** Replayed at most this many times, then given up and logged. */
export const MAX_ATTEMPTS = 3;
/** How often to look for requests to take over. */
export const SWEEP_MS = 10_000;
/** A reply Slack rate-limited beyond its wait is tried again after this long (Slack's limits reset each minute). */
export const RATE_LIMITED_DEFER_MS = 60_000;
/** Recording waits at most this long before the acknowledgement goes ahead without it (logged). */
const RECORD_BUDGET_MS = 1_000;

type Body = Record<string, unknown> & {
  type?: unknown;
  event_id?: unknown;
  team_id?: unknown;
  team?: { id?: unknown } | null;
  user?: { id?: unknown } | null;
  channel?: { id?: unknown } | null;
  trigger_id?: unknown;
  actions?: { action_ts?: unknown }[];
  event?: { type?: unknown; user?: unknown; channel?: unknown; bot_id?: unknown; subtype?: unknown } & Record<
    string,
    unknown
  >;
};

const str = (v: unknown): string | null => (typeof v === "string" && v.length > 0 ? v.slice(0, 32) : null);

/**
 * The id of a request answered after its acknowledgement, or undefined for one answered in it (commands) or not
 * at all (Home, our own messages): `e:<event_id>` for mentions and DMs, `a:<hash>` for a click (its trigger).
 */
export function pendingIdOf(body: unknown): string | undefined {
  const b = body as Body | null;
  if (!b || typeof b !== "object") return undefined;
  if (b.type === "event_callback" && typeof b.event_id === "string") {
    const t = b.event?.type;
    if (b.event?.bot_id !== undefined) return undefined;
    return t === "app_mention" || t === "message" ? `e:${b.event_id.slice(0, 60)}` : undefined;
  }
  if (b.type === "block_actions" && typeof b.trigger_id === "string") {
    const key = `${b.trigger_id}\u0000${String(b.actions?.[0]?.action_ts ?? "")}`;
    return `a:${createHash("sha256").update(key).digest("hex").slice(0, 40)}`;
  }
  return undefined;
}

function describe(body: Body, id: string): Omit<NewPending, "content_type" | "body"> {
  if (id.startsWith("e:")) {
    return {
      id,
      kind: `event:${String(body.event?.type)}`.slice(0, 40),
      team_id: str(body.team_id) ?? "unknown",
      user_id: str(body.event?.user),
      channel: str(body.event?.channel),
    };
  }
  return {
    id,
    kind: "block_actions",
    team_id: str(body.team?.id) ?? "unknown",
    user_id: str(body.user?.id),
    channel: str(body.channel?.id),
  };
}

const within = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`over ${ms} ms`)), ms).unref())]);

export class PendingWork {
  /** This process, as the owner of what it records. */
  readonly owner = randomBytes(8).toString("hex");
  /** Requests this process recorded or took over and is answering now. */
  private readonly working = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;

  constructor(
    private readonly store: PendingStore,
    private readonly log: pino.Logger,
    private readonly opts: { staleMs?: number; now?: () => number } = {},
  ) {}

  private now(): number {
    return this.opts.now?.() ?? Date.now();
  }

  /** Record a request (its raw body) before it is acknowledged; the database failing is logged, never blocking. */
  async record(body: unknown, contentType: string, raw: string): Promise<void> {
    const id = pendingIdOf(body);
    if (!id) return;
    try {
      await within(
        this.store.record(
          { ...describe(body as Body, id), content_type: contentType.slice(0, 80), body: raw },
          this.owner,
        ),
        RECORD_BUDGET_MS,
      );
      this.working.add(id);
    } catch (err) {
      this.log.warn({ err, id }, "could not record the request before acknowledging it (it is answered all the same)");
    }
  }

  /** Once a recorded (or replayed) request's work is over (requestLog calls this), it is forgotten. */
  async settled(body: unknown, outcome: string | undefined): Promise<void> {
    const id = pendingIdOf(body);
    if (!id || !this.working.delete(id)) return;
    // Slack would not take the reply yet (a long Retry-After): kept, and offered again once the wait is over.
    const settle =
      outcome === "rate-limited" ? this.store.defer(id, this.now() + RATE_LIMITED_DEFER_MS) : this.store.done(id);
    await settle.catch((err: unknown) => this.log.warn({ err, id }, "could not settle a recorded request"));
  }

  /** A request that reached no listener (Bolt refused it: no installation, an error before any listener): settled. */
  async settle(body: unknown): Promise<void> {
    const id = pendingIdOf(body);
    if (!id || !this.working.delete(id)) return;
    await this.store
      .done(id)
      .catch((err: unknown) => this.log.warn({ err, id }, "could not settle a recorded request"));
  }

  /** Look for requests to take over now and every SWEEP_MS (until `stop`). */
  start(app: App): void {
    const sweep = () => {
      this.sweeping ??= this.sweep(app).finally(() => {
        this.sweeping = undefined;
      });
      return this.sweeping;
    };
    void sweep();
    this.timer = setInterval(() => void sweep(), SWEEP_MS);
    this.timer.unref();
  }

  /** One pass: every due request is leased by this process (or by another, which then answers it) and replayed. */
  async sweep(app: App): Promise<void> {
    const now = this.now();
    let rows: PendingRow[];
    try {
      rows = await this.store.due(now, now - (this.opts.staleMs ?? STALE_MS), 50);
    } catch (err) {
      this.log.warn({ err }, "could not look for unanswered requests; trying again later");
      return;
    }
    for (const row of rows) {
      if (this.working.has(row.id)) continue;
      if (now - Date.parse(row.received_at) > MAX_AGE_MS || row.attempts >= MAX_ATTEMPTS) {
        this.log.error(
          { ref: row.id, user: row.user_id, channel: row.channel, attempts: row.attempts },
          "an acknowledged request is given up unanswered (too old, or failed every replay)",
        );
        await this.store.done(row.id).catch(() => undefined);
        continue;
      }
      if (!(await this.store.lease(row, this.owner, now, now + LEASE_MS).catch(() => false))) continue;
      this.working.add(row.id);
      this.log.info(
        { ref: row.id, kind: row.kind, user: row.user_id, channel: row.channel },
        "answering a request another process acknowledged",
      );
      try {
        await app.processEvent({
          body: parse(row),
          ack: async () => undefined,
          customProperties: { redelivered: true },
        });
      } catch (err) {
        this.working.delete(row.id);
        this.log.warn({ err, ref: row.id }, "replaying an acknowledged request failed; it will be tried again");
      }
    }
  }

  /**
   * Shutdown could not finish: each request this process still holds is logged (reference, user, channel) and
   * given up, so that the next start or another replica answers it at once. Returns how many.
   */
  async abandon(): Promise<number> {
    if (this.timer) clearInterval(this.timer);
    try {
      const rows = (await this.store.ownedBy(this.owner)).filter((r) => this.working.has(r.id));
      for (const r of rows) {
        this.log.warn(
          { ref: r.id, kind: r.kind, user: r.user_id, channel: r.channel },
          "not answered before shutdown: the next start or another replica will answer it",
        );
      }
      await this.store.release(rows.map((r) => r.id));
      return rows.length;
    } catch (err) {
      this.log.error({ err }, "could not give up the unanswered requests; they will be taken over once stale");
      return 0;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}

/** The body as Bolt's receiver would have parsed it (JSON, or a form's `payload`). */
function parse(row: PendingRow): Record<string, unknown> {
  if (row.content_type.startsWith("application/x-www-form-urlencoded")) {
    const payload = new URLSearchParams(row.body).get("payload");
    return JSON.parse(payload ?? "{}") as Record<string, unknown>;
  }
  return JSON.parse(row.body) as Record<string, unknown>;
}
