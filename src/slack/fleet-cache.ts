import type pino from "pino";
import type { FleetGroup } from "../answer/schema.js";
import { findGpu } from "../catalog/index.js";
import type { FleetStore } from "../store/fleet.js";
import { TEAM_FRESH_MS, TeamCache } from "./team-cache.js";

export const FLEET_FRESH_MS = TEAM_FRESH_MS;

/** The fleets answers are given for (see TeamCache for freshness); a failing database gives no fleet. */
export class FleetCache extends TeamCache<readonly FleetGroup[]> {
  constructor(store: FleetStore, log: pino.Logger, now: () => number = Date.now) {
    super(
      "the workspace's GPUs",
      async (teamId) =>
        (await store.list(teamId))
          // A card since removed from the catalog cannot be answered for: it is left out, not guessed.
          .filter((r) => findGpu(r.gpu_id))
          .map((r) => ({ name: r.name, gpuId: r.gpu_id, count: r.count })),
      [],
      log,
      now,
    );
  }
}
