/**
 * Defensive readers over an untrusted, already JSON-parsed config.json. Every number must be a finite
 * integer inside the bounds given; anything else (a string, a negative, NaN, 1e12, an array where an object
 * belongs) stops the mapping with a `MalformedField` naming the field. A JSON `null` reads as absent, the way
 * transformers treats `None`: the class default applies.
 */

/** Why a config cannot be mapped: thrown by the readers, caught once in `mapConfig`. */
export class MalformedField extends Error {
  constructor(readonly problem: string) {
    super(problem);
    this.name = "MalformedField";
  }
}

export interface Bounds {
  min: number;
  max: number;
}

/** Sane ranges: far above any released model, far below what would make the arithmetic meaningless. */
export const LAYERS: Bounds = { min: 1, max: 1_000 };
export const HIDDEN: Bounds = { min: 1, max: 100_000 };
export const HEADS: Bounds = { min: 1, max: 10_000 };
export const HEAD_DIM: Bounds = { min: 1, max: 100_000 };
/** FFN widths, latent ranks and vision widths. */
export const WIDTH: Bounds = { min: 1, max: 1_000_000 };
export const VOCAB: Bounds = { min: 1, max: 10_000_000 };
export const EXPERTS: Bounds = { min: 1, max: 10_000 };
/** Context lengths and attention windows. */
export const CONTEXT: Bounds = { min: 1, max: 100_000_000 };
/** Image sizes, patch sizes, channel counts, merge factors. */
export const PIXELS: Bounds = { min: 1, max: 100_000 };
/** Layer steps and patterns ("every n-th layer"). */
export const STEP: Bounds = { min: 1, max: 1_000 };
/** Quantization bit widths. */
export const BITS: Bounds = { min: 1, max: 64 };
/** Counts that may be zero (shared experts, leading dense layers). */
export const COUNT: Bounds = { min: 0, max: 10_000 };
/** Most entries a list in a config may hold (per-layer lists are checked against the layer count too). */
export const MAX_LIST = 10_000;

type Names = string | readonly string[];

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string")
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === "number") return String(value);
  return `a ${typeof value}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads named fields of one (sub-)object; `path` prefixes field names in problems ("text_config.hidden_size"). */
export class Fields {
  private constructor(
    private readonly obj: Record<string, unknown>,
    private readonly path: string,
  ) {}

  /** The top-level config: a JSON object, nothing else. */
  static root(input: unknown): Fields {
    if (!isRecord(input)) throw new MalformedField(`config: expected a JSON object, got ${describe(input)}`);
    return new Fields(input, "");
  }

  /** Full name of a field, for problems. */
  name(field: string): string {
    return this.path ? `${this.path}.${field}` : field;
  }

  /** The first of `names` the object holds (own property, not null), with its value. */
  private find(names: Names): { key: string; value: unknown } | undefined {
    for (const key of typeof names === "string" ? [names] : names) {
      if (!Object.hasOwn(this.obj, key)) continue;
      const value = this.obj[key];
      if (value !== null && value !== undefined) return { key, value };
    }
    return undefined;
  }

  private first(names: Names): string {
    return typeof names === "string" ? names : (names[0] ?? "");
  }

  /** The key is there and explicitly null (transformers' None, as opposed to "use the class default"). */
  isNull(name: string): boolean {
    return Object.hasOwn(this.obj, name) && this.obj[name] === null;
  }

  has(names: Names): boolean {
    return this.find(names) !== undefined;
  }

  private checkInt(key: string, value: unknown, b: Bounds): number {
    if (typeof value !== "number")
      throw new MalformedField(`${this.name(key)}: expected an integer, got ${describe(value)}`);
    if (!Number.isFinite(value) || !Number.isInteger(value)) {
      throw new MalformedField(`${this.name(key)}: expected an integer, got ${describe(value)}`);
    }
    if (value < b.min || value > b.max) {
      throw new MalformedField(
        `${this.name(key)}: ${value} is out of range (${b.min} to ${b.max.toLocaleString("en-US")})`,
      );
    }
    return value;
  }

  /** An integer within `b`; `fallback` (the class default) when absent, a problem when absent without one. */
  int(names: Names, b: Bounds, fallback?: number): number {
    const hit = this.find(names);
    if (hit) return this.checkInt(hit.key, hit.value, b);
    if (fallback === undefined) throw new MalformedField(`${this.name(this.first(names))}: missing`);
    return fallback;
  }

  optInt(names: Names, b: Bounds): number | undefined {
    const hit = this.find(names);
    return hit ? this.checkInt(hit.key, hit.value, b) : undefined;
  }

  /** A finite number (bits, ratios) within `b`. */
  optNumber(names: Names, b: Bounds): number | undefined {
    const hit = this.find(names);
    if (!hit) return undefined;
    if (typeof hit.value !== "number" || !Number.isFinite(hit.value)) {
      throw new MalformedField(`${this.name(hit.key)}: expected a number, got ${describe(hit.value)}`);
    }
    if (hit.value < b.min || hit.value > b.max) {
      throw new MalformedField(`${this.name(hit.key)}: ${hit.value} is out of range (${b.min} to ${b.max})`);
    }
    return hit.value;
  }

  bool(names: Names, fallback: boolean): boolean {
    const hit = this.find(names);
    if (!hit) return fallback;
    if (typeof hit.value !== "boolean") {
      throw new MalformedField(`${this.name(hit.key)}: expected true or false, got ${describe(hit.value)}`);
    }
    return hit.value;
  }

  optString(names: Names, maxLength = 200): string | undefined {
    const hit = this.find(names);
    if (!hit) return undefined;
    if (typeof hit.value !== "string")
      throw new MalformedField(`${this.name(hit.key)}: expected a string, got ${describe(hit.value)}`);
    if (hit.value.length > maxLength)
      throw new MalformedField(`${this.name(hit.key)}: longer than ${maxLength} characters`);
    return hit.value;
  }

  /** A nested object (`text_config`, `quantization_config`); absent or null → undefined. */
  sub(name: string): Fields | undefined {
    const hit = this.find(name);
    if (!hit) return undefined;
    if (!isRecord(hit.value))
      throw new MalformedField(`${this.name(name)}: expected an object, got ${describe(hit.value)}`);
    return new Fields(hit.value, this.name(name));
  }

  /** The object-valued entries of a nested object (compressed-tensors' `config_groups`), the first `limit`. */
  subs(name: string, limit: number): Fields[] {
    const parent = this.sub(name);
    if (!parent) return [];
    const out: Fields[] = [];
    for (const key in parent.obj) {
      if (out.length >= limit) break;
      if (!Object.hasOwn(parent.obj, key)) continue;
      const value = parent.obj[key];
      if (isRecord(value)) out.push(new Fields(value, parent.name(key)));
    }
    return out;
  }

  private list(name: string, maxLength: number): unknown[] | undefined {
    const hit = this.find(name);
    if (!hit) return undefined;
    if (!Array.isArray(hit.value))
      throw new MalformedField(`${this.name(name)}: expected a list, got ${describe(hit.value)}`);
    if (hit.value.length > Math.min(maxLength, MAX_LIST)) {
      throw new MalformedField(
        `${this.name(name)}: ${hit.value.length} entries, more than ${Math.min(maxLength, MAX_LIST)}`,
      );
    }
    return hit.value;
  }

  /** A list of integers within `b`, at most `maxLength` long (checked before any entry is read). */
  intList(name: string, b: Bounds, maxLength: number): number[] | undefined {
    const raw = this.list(name, maxLength);
    return raw?.map((v, i) => this.checkInt(`${name}[${i}]`, v, b));
  }

  /** A list of short strings, at most `maxLength` long. */
  stringList(name: string, maxLength: number): string[] | undefined {
    const raw = this.list(name, maxLength);
    return raw?.map((v, i) => {
      if (typeof v !== "string" || v.length > 100) {
        throw new MalformedField(`${this.name(`${name}[${i}]`)}: expected a short string, got ${describe(v)}`);
      }
      return v;
    });
  }
}
