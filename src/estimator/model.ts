import { models, modelById, type ModelSpec } from "../catalog/index.js";
import { paramBreakdown, type ParamBreakdown, type Shape } from "./architecture.js";
import type { ModelRef } from "./request.js";

/** A model ready for accounting: its shape, its parameters and where the numbers came from. */
export interface ResolvedModel extends Shape {
  id: string;
  name: string;
  params: number;
  /** Parameters split by role, scaled so that `total` equals `params`. */
  parts: ParamBreakdown;
  kvLatentDim?: number | undefined;
  slidingWindow?: { window: number; layers: number } | undefined;
  /** True when the shape was borrowed from a catalog model of similar size. */
  derived: boolean;
  /** The catalog model the shape came from (itself when not derived). */
  basis: string;
  basisName: string;
  source: string;
}

/** Models whose shapes may stand in for a bare size: dense decoders of the current mainstream design. */
function isReferenceShape(m: ModelSpec): boolean {
  return m.arch === "decoder" && !m.moe && !m.kvLatentDim && m.ffn === "gated" && m.norm === "rmsnorm";
}

function scaleParts(parts: ParamBreakdown, params: number): ParamBreakdown {
  const f = params / parts.total;
  return {
    embedding: parts.embedding * f,
    lmHead: parts.lmHead * f,
    attention: parts.attention * f,
    mlp: parts.mlp * f,
    other: parts.other * f,
    total: params,
    active: parts.active * f,
    largestLayer: parts.largestLayer * f,
  };
}

function fromSpec(m: ModelSpec, params: number, derived: boolean): ResolvedModel {
  return {
    ...m,
    id: derived ? `${formatParams(params)}-derived` : m.id,
    name: derived ? `${formatParams(params)} model (shape of ${m.name})` : m.name,
    params,
    parts: scaleParts(paramBreakdown(m), params),
    derived,
    basis: m.id,
    basisName: m.name,
  };
}

/** The reference model closest in size (log scale), for a bare parameter count. */
export function nearestReference(params: number): ModelSpec {
  let best: ModelSpec | undefined;
  let bestDistance = Infinity;
  for (const m of models) {
    if (!isReferenceShape(m)) continue;
    const d = Math.abs(Math.log(m.params / params));
    if (d < bestDistance) {
      best = m;
      bestDistance = d;
    }
  }
  if (!best) throw new Error("the model catalog has no reference shapes");
  return best;
}

/** Resolved models are immutable: catalog ones are kept, sizes in a bounded map (oldest out first). */
const resolved = new Map<string, ResolvedModel>();
const MAX_RESOLVED = 512;

/** A model the catalog answers for alone: a catalog id or a size (a Hub repository is resolved by src/models/). */
export type LocalRef = Exclude<ModelRef, { kind: "hub" }>;

/** The local reference of a request's model; a Hub repository has none (resolve it with src/models/resolve.ts). */
export function localRef(ref: ModelRef): LocalRef {
  if (ref.kind === "hub") throw new Error(`${ref.id} is a Hub repository: resolve it with src/models/resolve.ts`);
  return ref;
}

/** A catalog id or a size (a Hub repository throws: src/models/resolve.ts resolves those). */
export function resolveModel(model: ModelRef): ResolvedModel {
  const ref = localRef(model);
  const key = ref.kind === "catalog" ? `c:${ref.id}` : `s:${ref.params}:${ref.basis ?? ""}`;
  let m = resolved.get(key);
  if (!m) {
    m = resolveUncached(ref);
    if (resolved.size >= MAX_RESOLVED) resolved.delete(resolved.keys().next().value as string);
    resolved.set(key, m);
  }
  return m;
}

function resolveUncached(ref: LocalRef): ResolvedModel {
  if (ref.kind === "catalog") {
    const m = modelById(ref.id);
    return fromSpec(m, m.params, false);
  }
  // A family named with a size ("llama 5b") takes that family's nearest shape; a bare size the nearest reference.
  return fromSpec(ref.basis ? modelById(ref.basis) : nearestReference(ref.params), ref.params, true);
}

/** A model described by an entry built elsewhere (a Hub config mapped to a catalog-shaped entry): not derived. */
export function resolveSpec(spec: ModelSpec): ResolvedModel {
  return fromSpec(spec, spec.params, false);
}

/** 1.5e9 → "1.5B", 350e6 → "350M". */
export function formatParams(params: number): string {
  if (params >= 1e12) return `${trim(params / 1e12)}T`;
  if (params >= 1e9) return `${trim(params / 1e9)}B`;
  if (params >= 1e6) return `${trim(params / 1e6)}M`;
  return `${Math.round(params)}`;
}

function trim(x: number): string {
  return (Math.round(x * 100) / 100).toString();
}
