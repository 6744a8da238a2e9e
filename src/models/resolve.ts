/**
 * Which architecture a request's model names: the catalog's, a size's borrowed shape, or a Hub repository's config.
 * A Hub lookup is the only step of an answer that waits on the network; `resolveNow` never does (a cached result, a
 * fallback, or "pending"), `resolveLater` does.
 */
import { paramBreakdown } from "../estimator/architecture.js";
import { type LocalRef, type ResolvedModel, resolveModel, resolveSpec } from "../estimator/model.js";
import type { ModelRef, Precision } from "../estimator/request.js";
import type { HubCache } from "./hub/cache.js";
import { type HubError, transient } from "./hub/errors.js";
import type { HubModel, HubResult } from "./hub/lookup.js";

export interface ModelResolution {
  model: ResolvedModel;
  from: "catalog" | "size" | "hub";
  /** The repository asked for: its revision and stored precision when read, or why it could not be. */
  hub?: { id: string; sha?: string | undefined; storedPrecision?: Precision | undefined; error?: HubError } | undefined;
}

export type Resolve =
  | { kind: "resolved"; resolution: ModelResolution }
  | { kind: "pending"; id: string }
  /** The Hub could not say, and the name suggests nothing to answer for instead. */
  | { kind: "failed"; id: string; error: HubError };

function local(ref: LocalRef): ModelResolution {
  return { model: resolveModel(ref), from: ref.kind === "catalog" ? "catalog" : "size" };
}

/** One resolved model per Hub result object (the estimator memoises per model object). */
const fromHub = new WeakMap<HubModel, ResolvedModel>();

function hubModel(h: HubModel): ResolvedModel {
  let m = fromHub.get(h);
  if (!m) {
    const { modelType: _type, extraFrozenParams, storedPrecision: _stored, ...shape } = h.arch;
    const spec = {
      id: h.id,
      name: h.id,
      family: "hub",
      hfRepo: h.id,
      aliases: [],
      // The safetensors count is exact (a vision tower included); else the shape's, plus what loads beside it.
      params: 0,
      ...shape,
      source: h.source,
    };
    spec.params = h.params ?? paramBreakdown(spec).total + extraFrozenParams;
    m = resolveSpec(spec);
    fromHub.set(h, m);
  }
  return m;
}

type Settled = Exclude<Resolve, { kind: "pending" }>;

function fromResult(ref: Extract<ModelRef, { kind: "hub" }>, r: HubResult): Settled {
  if (r.kind === "ok") {
    return {
      kind: "resolved",
      resolution: {
        model: hubModel(r.model),
        from: "hub",
        hub: { id: ref.id, sha: r.model.sha, storedPrecision: r.model.arch.storedPrecision },
      },
    };
  }
  // Answer from what the name says only when the Hub failed for the moment; "not found", "not a transformer"
  // and the like are answers about the repository, said as they are.
  if (!ref.fallback || !transient(r.error)) return { kind: "failed", id: ref.id, error: r.error };
  return { kind: "resolved", resolution: { ...local(ref.fallback), hub: { id: ref.id, error: r.error } } };
}

/** Without waiting: the catalog, a size, a remembered Hub result, or "pending" (no hub: the fallback, offline). */
export function resolveNow(ref: ModelRef, hub: HubCache | undefined): Resolve {
  if (ref.kind !== "hub") return { kind: "resolved", resolution: local(ref) };
  if (!hub) return fromResult(ref, { kind: "error", error: { kind: "offline" } });
  const hit = hub.peek(ref.id);
  return hit ? fromResult(ref, hit) : { kind: "pending", id: ref.id };
}

/** Waiting for the Hub where needed. */
export async function resolveLater(ref: ModelRef, hub: HubCache | undefined): Promise<Settled> {
  if (ref.kind !== "hub") return { kind: "resolved", resolution: local(ref) };
  if (!hub) return fromResult(ref, { kind: "error", error: { kind: "offline" } });
  return fromResult(ref, await hub.lookup(ref.id));
}
