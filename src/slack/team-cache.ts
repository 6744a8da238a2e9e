import type pino from "pino";

/** A workspace's data read within this long is used as is: another replica's change shows within 5 s. */
export const TEAM_FRESH_MS = 5_000;
/** The first question from a workspace waits at most this long for its data, then is answered without it. */
export const TEAM_WAIT_MS = 500;
/** Workspaces remembered (a few hundred bytes each); the least recently asked go first. */
const MAX_TEAMS = 10_000;

interface Entry<T> {
  value: T;
  at: number;
  /** The last read failed (`value` is then `empty`). */
  failed: boolean;
}

/**
 * Per-workspace data answers read (its GPUs, its defaults), kept in memory so the acknowledgement path does not
 * wait on the database: a fresh entry is used at once; a stale one is used at once and refreshed behind it; only a
 * workspace never seen waits (at most TEAM_WAIT_MS). A change made here is seen at once (`forget`); one made on
 * another replica within TEAM_FRESH_MS. A database that fails gives `empty` (the answer goes on without it).
 */
export class TeamCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly loading = new Map<string, Promise<T>>();

  constructor(
    /** What it is, for the log line when it cannot be read ("the workspace's GPUs"). */
    private readonly what: string,
    private readonly read: (teamId: string) => Promise<T>,
    private readonly empty: T,
    private readonly log: pino.Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** The value now if memory has it (refreshing a stale one in the background), else undefined. */
  peek(teamId: string): T | undefined {
    const e = this.entries.get(teamId);
    if (!e) return undefined;
    this.entries.delete(teamId);
    this.entries.set(teamId, e);
    if (this.now() - e.at > TEAM_FRESH_MS) void this.load(teamId);
    return e.value;
  }

  /** Read it (one read per workspace at a time), waiting at most TEAM_WAIT_MS. */
  async get(teamId: string): Promise<T> {
    const hit = this.peek(teamId);
    if (hit !== undefined) return hit;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<T>((resolve) => {
      timer = setTimeout(() => resolve(this.empty), TEAM_WAIT_MS);
    });
    try {
      return await Promise.race([this.load(teamId), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Whether the last read of this workspace failed (or has not finished): answers then say they go without it. */
  failed(teamId: string): boolean {
    return this.entries.get(teamId)?.failed ?? true;
  }

  /** A change made here: the next question reads it again. */
  forget(teamId: string): void {
    this.entries.delete(teamId);
  }

  private load(teamId: string): Promise<T> {
    const running = this.loading.get(teamId);
    if (running) return running;
    const p = this.read(teamId)
      .then(
        (value) => ({ value, failed: false }),
        (err: unknown) => {
          this.log.warn({ err, teamId }, `${this.what} could not be read; answering without them`);
          return { value: this.empty, failed: true };
        },
      )
      .then(({ value, failed }) => {
        this.entries.set(teamId, { value, at: this.now(), failed });
        if (this.entries.size > MAX_TEAMS) this.entries.delete(this.entries.keys().next().value as string);
        return value;
      })
      .finally(() => this.loading.delete(teamId));
    this.loading.set(teamId, p);
    return p;
  }
}
