import type pino from "pino";
import type { FleetGroup } from "../answer/schema.js";
import { findGpu } from "../catalog/index.js";
import type { FleetStore } from "../store/fleet.js";

/** A workspace's fleet read within this long is used as is: another replica's change shows within 5 s. */
export const FLEET_FRESH_MS = 5_000;
/** The first question from a workspace waits at most this long for its fleet, then is answered without it. */
export const FLEET_WAIT_MS = 500;
/** Workspaces remembered (about 100 bytes each); the least recently asked go first. */
const MAX_TEAMS = 10_000;

interface Entry {
  groups: readonly FleetGroup[];
  at: number;
}

/**
 * The fleets answers are given for, kept in memory so the acknowledgement path does not wait on the database:
 * a fresh entry is used at once; a stale one is used at once and refreshed behind it; only a workspace never seen
 * waits (at most FLEET_WAIT_MS). A change made here is seen at once (`forget`); one made on another replica
 * within FLEET_FRESH_MS. A database that fails gives no fleet (the answer says nothing of one) until it is back.
 */
export class FleetCache {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<readonly FleetGroup[]>>();

  constructor(
    private readonly store: FleetStore,
    private readonly log: pino.Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** The fleet now if memory has it (refreshing a stale one in the background), else undefined. */
  peek(teamId: string): readonly FleetGroup[] | undefined {
    const e = this.entries.get(teamId);
    if (!e) return undefined;
    this.entries.delete(teamId);
    this.entries.set(teamId, e);
    if (this.now() - e.at > FLEET_FRESH_MS) void this.load(teamId);
    return e.groups;
  }

  /** Read the fleet (one read per workspace at a time), waiting at most FLEET_WAIT_MS. */
  async get(teamId: string): Promise<readonly FleetGroup[]> {
    const hit = this.peek(teamId);
    if (hit) return hit;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<readonly FleetGroup[]>((resolve) => {
      timer = setTimeout(() => resolve([]), FLEET_WAIT_MS);
    });
    try {
      return await Promise.race([this.load(teamId), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** A change made here: the next question reads the fleet again. */
  forget(teamId: string): void {
    this.entries.delete(teamId);
  }

  private load(teamId: string): Promise<readonly FleetGroup[]> {
    const running = this.loading.get(teamId);
    if (running) return running;
    const p = this.store
      .list(teamId)
      .then(
        // A card since removed from the catalog cannot be answered for: it is left out, not guessed.
        (rows) => rows.filter((r) => findGpu(r.gpu_id)).map((r) => ({ name: r.name, gpuId: r.gpu_id, count: r.count })),
        (err: unknown) => {
          this.log.warn({ err, teamId }, "the workspace's GPUs could not be read; answering without them");
          return [] as FleetGroup[];
        },
      )
      .then((groups) => {
        this.entries.set(teamId, { groups, at: this.now() });
        if (this.entries.size > MAX_TEAMS) this.entries.delete(this.entries.keys().next().value as string);
        return groups;
      })
      .finally(() => this.loading.delete(teamId));
    this.loading.set(teamId, p);
    return p;
  }
}
