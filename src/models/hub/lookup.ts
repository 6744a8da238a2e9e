/** One lookup of a repository on the Hub: its config.json mapped to an architecture, and its exact size. */
import { paramBreakdown } from "../../estimator/architecture.js";
import type { Architecture } from "../arch.js";
import {
  CONFIG_MAX_BYTES,
  configPath,
  getJson,
  type HubSettings,
  INFO_MAX_BYTES,
  infoPath,
  ModelInfo,
  searchPath,
} from "./client.js";
import { mapConfig } from "./config/index.js";
import type { HubError } from "./errors.js";

export interface HubModel {
  id: string;
  /** The commit the config was read at (model info's `sha`), when the Hub said. */
  sha?: string | undefined;
  arch: Architecture;
  /** Exact parameter count from the safetensors metadata, when published. */
  params?: number | undefined;
  /** The config.json's page, at the revision read. */
  source: string;
}

/** How far the Hub's safetensors count may be from the shape's and still be taken (shapes land within ~3 %). */
const TRUSTED_COUNT_GAP = 0.25;

export type HubResult = { kind: "ok"; model: HubModel } | { kind: "error"; error: HubError };

/** Ids the Hub's search returns for the name part of an id that was not found (at most 5). */
async function suggestions(s: HubSettings, id: string, signal: AbortSignal): Promise<string[]> {
  const name = id.split("/")[1] ?? id;
  const found = await getJson(s, searchPath(name), INFO_MAX_BYTES, signal);
  if (found.kind !== "ok" || !Array.isArray(found.value)) return [];
  return found.value
    .flatMap((x: unknown) => (x && typeof x === "object" && "id" in x && typeof x.id === "string" ? [x.id] : []))
    .filter((x) => x.length <= 200)
    .slice(0, 5);
}

export async function lookupHub(s: HubSettings, id: string): Promise<HubResult> {
  const signal = AbortSignal.timeout(s.timeoutMs);
  const [config, info] = await Promise.all([
    getJson(s, configPath(id), CONFIG_MAX_BYTES, signal),
    getJson(s, infoPath(id), INFO_MAX_BYTES, signal),
  ]);
  if (config.kind === "error") {
    // config.json missing from a repository that exists: GGUF files or an adapter alone.
    if (config.error.kind === "not-found" && info.kind === "ok") return { kind: "error", error: { kind: "no-config" } };
    if (config.error.kind === "not-found") {
      return { kind: "error", error: { kind: "not-found", suggestions: await suggestions(s, id, signal) } };
    }
    return config;
  }
  const mapped = mapConfig(config.value);
  if (mapped.kind !== "ok") return { kind: "error", error: mapped };
  // Model info is a bonus (the exact count and the revision): without it the shape gives the count.
  const parsed = info.kind === "ok" ? ModelInfo.safeParse(info.value) : undefined;
  const meta = parsed?.success ? parsed.data : undefined;
  // The safetensors count is exact for 16/32-bit checkpoints; a quantized one packs several weights per stored
  // element (GPTQ/AWQ: 8 per int32; bitsandbytes 4-bit: 2 per uint8), and the Hub counts elements: there the shape
  // counts. A count far from the shape's is not trusted either (huggingface_hub #4221).
  const reported = meta?.safetensors?.total;
  const shape = paramBreakdown({ ...mapped.arch }).total + mapped.arch.extraFrozenParams;
  const plausible = reported !== undefined && Math.abs(reported - shape) <= TRUSTED_COUNT_GAP * shape;
  const total = mapped.arch.storedPrecision === undefined && plausible ? reported : undefined;
  return {
    kind: "ok",
    model: {
      id,
      ...(meta?.sha ? { sha: meta.sha } : {}),
      arch: mapped.arch,
      ...(total !== undefined && total > 0 ? { params: total } : {}),
      source: `${s.endpoint.replace(/\/+$/, "")}/${id}/blob/${meta?.sha ?? "main"}/config.json`,
    },
  };
}
