import type { Shape } from "../../../estimator/architecture.js";
/**
 * What every family mapper produces, and the readers they share: the attention and FFN core of a decoder,
 * how many layers are MoE, how many use a sliding window. Counting never iterates over a count the config
 * states; it iterates only over lists the config holds, and only after their length was checked.
 */
import type { ArchitectureInput } from "../../arch.js";
import {
  CONTEXT,
  EXPERTS,
  type Fields,
  HEAD_DIM,
  HEADS,
  HIDDEN,
  LAYERS,
  MalformedField,
  VOCAB,
  WIDTH,
} from "./fields.js";

/** A mapped shape, before `mapConfig` adds the model type and the stored precision. */
export type TextShape = Omit<ArchitectureInput, "modelType" | "storedPrecision">;
export type MoeShape = NonNullable<TextShape["moe"]>;
export type WindowShape = NonNullable<TextShape["slidingWindow"]>;

type Names = string | readonly string[];

/**
 * The configuration class defaults of one model type. A field without a default here is required: for a
 * top-level config.json transformers' `save_pretrained` always writes the model's own fields, so a missing
 * `hidden_size` means the file is not a config of that type. Nested sub-configs (`text_config` of Gemma 3 and
 * Llama 4) are saved as a diff against their class defaults, so their mappers pass every default.
 */
export interface CoreDefaults {
  layers?: number | undefined;
  hidden?: number | undefined;
  heads?: number | undefined;
  vocab?: number | undefined;
  intermediate?: number | undefined;
  /** `num_key_value_heads` when absent; undefined: equal to the attention heads. */
  kvHeads?: number | undefined;
  /** `head_dim` when absent; undefined: hidden / heads. */
  headDim?: number | undefined;
  maxContext: number;
  tied: boolean;
}

/**
 * Field names where a family departs from the Llama spelling; `null` for a field the family does not have
 * (KV heads then equal the heads, the head width is hidden / heads, the FFN width is the caller's to read).
 */
export interface CoreNames {
  layers?: Names;
  hidden?: Names;
  heads?: Names;
  kvHeads?: Names | null;
  headDim?: Names | null;
  vocab?: Names;
  intermediate?: Names | null;
  maxContext?: Names;
}

/** The fields every decoder config gives, as the estimator's shape names them. */
export type Core = Pick<
  Shape,
  "layers" | "hidden" | "heads" | "kvHeads" | "headDim" | "intermediate" | "vocab" | "maxContext" | "tiedEmbeddings"
>;

/** Checks the KV heads against the attention heads (grouped-query attention repeats whole groups). */
export function checkKvHeads(f: Fields, field: string, kvHeads: number, heads: number): void {
  if (kvHeads > heads)
    throw new MalformedField(`${f.name(field)}: ${kvHeads} is more than the ${heads} attention heads`);
  if (heads % kvHeads !== 0) {
    throw new MalformedField(`${f.name(field)}: ${kvHeads} does not divide the ${heads} attention heads`);
  }
}

/** hidden / heads, the head width transformers derives when the config states none. */
export function derivedHeadDim(f: Fields, field: string, hidden: number, heads: number): number {
  const dim = Math.floor(hidden / heads);
  if (dim < 1) throw new MalformedField(`${f.name(field)}: ${heads} heads do not fit a hidden size of ${hidden}`);
  return dim;
}

export function readCore(f: Fields, d: CoreDefaults, n: CoreNames = {}): Core {
  const layers = f.int(n.layers ?? "num_hidden_layers", LAYERS, d.layers);
  const hidden = f.int(n.hidden ?? "hidden_size", HIDDEN, d.hidden);
  const headsName = n.heads ?? "num_attention_heads";
  const heads = f.int(headsName, HEADS, d.heads);
  let kvHeads = heads;
  if (n.kvHeads !== null) {
    const kvName = n.kvHeads ?? "num_key_value_heads";
    kvHeads = f.int(kvName, HEADS, d.kvHeads ?? heads);
    checkKvHeads(f, typeof kvName === "string" ? kvName : (kvName[0] ?? ""), kvHeads, heads);
  }
  const stated = n.headDim === null ? undefined : f.optInt(n.headDim ?? "head_dim", HEAD_DIM);
  const headDim =
    stated ?? d.headDim ?? derivedHeadDim(f, typeof headsName === "string" ? headsName : "", hidden, heads);
  return {
    layers,
    hidden,
    heads,
    kvHeads,
    headDim,
    // 0 stands for "read by the caller" (GPT-2's n_inner, Falcon's ffn_hidden_size), never returned as is.
    intermediate: n.intermediate === null ? 0 : f.int(n.intermediate ?? "intermediate_size", WIDTH, d.intermediate),
    vocab: f.int(n.vocab ?? "vocab_size", VOCAB, d.vocab),
    maxContext: f.int(n.maxContext ?? "max_position_embeddings", CONTEXT, d.maxContext),
    tiedEmbeddings: f.bool("tie_word_embeddings", d.tied),
  };
}

/** Bias layout from the Llama-style flags: `attention_bias` biases q, k, v and o; `mlp_bias` the MLP too. */
export function llamaBias(f: Fields, attentionDefault = false): TextShape["bias"] {
  const attention = f.bool("attention_bias", attentionDefault);
  const mlp = f.bool("mlp_bias", false);
  if (attention && mlp) return "all";
  return attention ? "qkv" : "none";
}

/**
 * A window size whose class default is not None (Mistral, Gemma 2/3, gpt-oss): the default applies when the
 * key is absent, an explicit null switches the window off, as `None` does in transformers.
 */
export function classWindow(f: Fields, name: string, fallback: number): number | undefined {
  return f.isNull(name) ? undefined : f.int(name, CONTEXT, fallback);
}

/** A window that limits something: present, on at least one layer, and shorter than the context. */
export function slidingWindow(window: number | undefined, windowLayers: number, core: Core): WindowShape | undefined {
  if (window === undefined || windowLayers <= 0 || window >= core.maxContext) return undefined;
  return { window, layers: Math.min(windowLayers, core.layers) };
}

/**
 * How many entries of the config's `layer_types` are among `kinds`, or undefined when the config has no
 * such list. transformers requires one entry per layer.
 */
export function countLayerTypes(f: Fields, layers: number, kinds: readonly string[]): number | undefined {
  const types = f.stringList("layer_types", layers);
  if (types === undefined) return undefined;
  if (types.length !== layers) {
    throw new MalformedField(`${f.name("layer_types")}: ${types.length} entries for ${layers} layers`);
  }
  return types.filter((t) => kinds.includes(t)).length;
}

/**
 * Layer indices a config lists (Qwen's `mlp_only_layers`, Llama 4's `moe_layers`): each within the model,
 * counted once. The list is at most one entry per layer.
 */
export function layerSet(f: Fields, name: string, layers: number): Set<number> | undefined {
  const list = f.intList(name, { min: 0, max: layers - 1 }, layers);
  return list === undefined ? undefined : new Set(list);
}

/**
 * The schema's MoE layout for `moeCount` MoE layers: one every `step` layers where that spelling reaches the
 * count exactly (Llama 4 Maverick: every 2nd), otherwise leading dense layers (DeepSeek's first_k_dense_replace).
 * Only the count enters the parameter and memory arithmetic.
 */
export function moeLayout(layers: number, moeCount: number, step: number): { denseLayers: number; every: number } {
  const dense = layers - moeCount * step;
  return dense >= 0 ? { denseLayers: dense, every: step } : { denseLayers: layers - moeCount, every: 1 };
}

/** A dense decoder shape from its core, with everything else at the common defaults. */
export function decoder(core: Core, rest: Pick<TextShape, "ffn" | "norm" | "bias"> & Partial<TextShape>): TextShape {
  const { maxContext, tiedEmbeddings, ...dims } = core;
  return { arch: "decoder", ...dims, tiedEmbeddings, maxContext, ...rest };
}

/** Maps one model type's config (the whole config.json) to its shape. */
export type Mapper = (f: Fields) => TextShape;

/** The routed experts per token, which cannot exceed the experts there are. */
export function activeExperts(f: Fields, experts: number, fallback: number | undefined): number {
  const active = f.int("num_experts_per_tok", EXPERTS, fallback);
  if (active > experts) {
    throw new MalformedField(`${f.name("num_experts_per_tok")}: ${active} is more than the ${experts} experts`);
  }
  return active;
}
