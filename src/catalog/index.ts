import { GPUS } from "./gpus.data.js";
import { MODELS } from "./models.data.js";
import { GpuSpec, ModelSpec } from "./schema.js";

/** The catalogs, validated once at load: a bad entry fails fast in tests, never at answer time. */
export const models: readonly ModelSpec[] = MODELS.map((m) => ModelSpec.parse(m));
export const gpus: readonly GpuSpec[] = GPUS.map((g) => GpuSpec.parse(g));

const VARIANT_SUFFIX = /-(instruct|chat|base|hf|it|pt)$/;

/** Canonical lookup key: lower case, no org prefix, separators folded to `-`. */
export function lookupKey(name: string): string {
  let key = name.trim().toLowerCase();
  const slash = key.lastIndexOf("/");
  if (slash >= 0) key = key.slice(slash + 1);
  key = key.replace(/[\s_]+/g, "-").replace(/-+/g, "-");
  return key;
}

function indexBy<T extends { id: string; aliases: string[] }>(items: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    for (const name of [item.id, ...item.aliases]) map.set(lookupKey(name), item);
  }
  return map;
}

const modelIndex = indexBy(models);
const gpuIndex = indexBy(gpus);

export function findModel(name: string): ModelSpec | undefined {
  let key = lookupKey(name);
  for (let i = 0; i < 3; i++) {
    const hit = modelIndex.get(key);
    if (hit) return hit;
    const stripped = key.replace(VARIANT_SUFFIX, "");
    if (stripped === key) break;
    key = stripped;
  }
  return undefined;
}

export function findGpu(name: string): GpuSpec | undefined {
  return gpuIndex.get(lookupKey(name)) ?? gpuIndex.get(lookupKey(name).replace(/-/g, ""));
}

export function modelById(id: string): ModelSpec {
  const m = findModel(id);
  if (!m) throw new Error(`unknown model id ${id}`);
  return m;
}

export function gpuById(id: string): GpuSpec {
  const g = findGpu(id);
  if (!g) throw new Error(`unknown GPU id ${id}`);
  return g;
}

/** Every name a model or GPU answers to (for suggestions). */
export const modelNames: readonly string[] = [...modelIndex.keys()];
export const gpuNames: readonly string[] = [...gpuIndex.keys()];

/** Usable bytes of a GPU for one job. */
export function usableBytes(g: GpuSpec): number {
  return Math.floor(g.memoryBytes * g.usableShare);
}

export type { GpuSpec, ModelSpec } from "./schema.js";
