/**
 * A Hugging Face config.json (already JSON-parsed, untrusted) mapped to the architecture the estimator
 * sizes. Pure: no I/O, never throws, never loops over a count the config states. Each supported
 * `model_type` has a mapper; state-space and hybrid models, and any type without one, are unsupported
 * (never a silent transformer estimate); a config that is not what its type must be is malformed.
 */
import { paramBreakdown } from "../../../estimator/architecture.js";
import { MAX_PARAMS } from "../../../estimator/request.js";
import { Architecture, type MapResult } from "../../arch.js";
import { deepseekV2, deepseekV3 } from "./deepseek.js";
import { Fields, MalformedField } from "./fields.js";
import { gemma, gemma2, gemma3, gemma3TextOnly } from "./gemma.js";
import { chatglm, glm4 } from "./glm.js";
import { gptOss } from "./gpt-oss.js";
import { falcon, gpt2, gptNeox, starcoder2 } from "./gpt.js";
import { cohere, granite, internlm2, llama, mistral, mixtral, olmo, olmo2 } from "./llama.js";
import { llama4 } from "./llama4.js";
import { phi, phi3, phimoe } from "./phi.js";
import { qwen2, qwen2Moe, qwen3, qwen3Moe, qwen25Vl } from "./qwen.js";
import { storedPrecision } from "./quantization.js";
import type { Mapper } from "./shape.js";
import { stateSpaceNeeds } from "./state-space.js";

/** Supported model types. A Map, so that "constructor" or "__proto__" find nothing. */
const MAPPERS: ReadonlyMap<string, Mapper> = new Map([
  ["llama", llama],
  // SmolLM3 keeps Llama's field names (hidden_size, intermediate_size, num_key_value_heads …); NoPE layers change
  // no tensor size.
  ["smollm3", llama],
  ["mistral", mistral],
  ["mixtral", mixtral],
  ["qwen2", qwen2],
  ["qwen2_moe", qwen2Moe],
  ["qwen3", qwen3],
  ["qwen3_moe", qwen3Moe],
  ["qwen2_5_vl", qwen25Vl],
  ["gemma", gemma],
  ["gemma2", gemma2],
  ["gemma3", gemma3],
  ["gemma3_text", gemma3TextOnly],
  ["phi", phi],
  ["phi3", phi3],
  ["phimoe", phimoe],
  ["deepseek_v2", deepseekV2],
  ["deepseek_v3", deepseekV3],
  // Kimi K2 is the DeepSeek-V3 architecture under its own model_type (moonshotai/Kimi-K2-Instruct config.json).
  ["kimi_k2", deepseekV3],
  ["gpt2", gpt2],
  ["gpt_neox", gptNeox],
  ["falcon", falcon],
  ["olmo", olmo],
  ["olmo2", olmo2],
  ["starcoder2", starcoder2],
  ["cohere", cohere],
  ["granite", granite],
  ["internlm2", internlm2],
  ["glm4", glm4],
  ["chatglm", chatglm],
  ["llama4", llama4],
  ["gpt_oss", gptOss],
]);

/** The model types `mapConfig` maps (for docs and tests). */
export const SUPPORTED_MODEL_TYPES: readonly string[] = [...MAPPERS.keys()];

const MODEL_TYPE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

function malformed(problem: string): MapResult {
  return { kind: "malformed", problem };
}

function map(config: unknown): MapResult {
  const f = Fields.root(config);
  const modelType = f.optString("model_type", 1000);
  if (modelType === undefined) return malformed("model_type: missing");
  if (!MODEL_TYPE.test(modelType)) return malformed("model_type: not a model type name");
  const needs = stateSpaceNeeds(modelType);
  if (needs !== undefined) return { kind: "unsupported", modelType, needs };
  const mapper = MAPPERS.get(modelType);
  if (mapper === undefined) return { kind: "unsupported", modelType, needs: "a mapping for this architecture" };

  const shape = mapper(f);
  const stored = storedPrecision(f);
  const parsed = Architecture.safeParse({ ...shape, modelType, ...(stored ? { storedPrecision: stored } : {}) });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return malformed(`config: ${issue?.path.join(".") || "shape"}: ${issue?.message ?? "not a valid architecture"}`);
  }
  // Every field in range can still multiply out to an absurd model; refuse what no request may ask for.
  const total = paramBreakdown(parsed.data).total + parsed.data.extraFrozenParams;
  if (!Number.isSafeInteger(total) || total > MAX_PARAMS) {
    return malformed(
      `config: the shape adds up to ${total.toExponential(2)} parameters, over ${MAX_PARAMS.toExponential(0)}`,
    );
  }
  return { kind: "ok", arch: parsed.data };
}

/** Maps a parsed config.json to an architecture, or says why it cannot (unsupported or malformed). */
export function mapConfig(config: unknown): MapResult {
  try {
    return map(config);
  } catch (e) {
    if (e instanceof MalformedField) return malformed(e.problem);
    // A hostile object (a throwing getter, a proxy) or a bug: still an answer, never an exception.
    return malformed("config: could not be read");
  }
}
