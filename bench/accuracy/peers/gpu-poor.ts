/**
 * gpu_poor, "Can my GPU run this LLM?" (RahulSChand/gpu_poor, src/App.js; HEAD ad2fc0e as deployed in
 * docs/static/js/main.ad865f2c.js; estimators survey §3.1). Every size in App.js is "MB" = bytes / (1024·1024), i.e. MiB.
 *
 * Its inputs: five Hub config fields (vocab_size, hidden_size, num_attention_heads, intermediate_size,
 * num_hidden_layers — no KV heads, head_dim or tying), Inference (HF / vLLM) or Training (HF), Full / LoRA / QLoRA,
 * ADAM or SGD, quant None / bnb int8 / bnb int4, prompt length + tokens to generate, batch size, gradient checkpointing.
 * Everything is 16-bit (`convertToBytes` returns 2.0 whatever the dtype), LoRA is r = 8 on 4 matrices whatever the
 * request says, attention is always quadratic, and the memory is one GPU's (the GPU count only scales tokens/s).
 */
import { checkpointingFor, type Precision } from "../../../src/estimator/request.js";
import { MiB, type Peer, type PeerCase, singleDevice } from "./types.js";

type Quant = "no_quant" | "bnb_int8" | "bnb_q4";
type TrainType = "full_trn" | "lora_trn" | "qlora";
type Opt = "adam_opt" | "sgd_opt";

/** App.js getParseConfig: the five fields it reads from a Hub config. */
interface Config {
  vocab: number;
  hiddenDim: number;
  heads: number;
  interDim: number;
  num_layers: number;
}

// App.js getAllComputedData: `let overHead = 650` (MB) in every total.
const OVERHEAD_MB = 650;
export const OVERHEAD_BYTES = OVERHEAD_MB * MiB;

const convertToMB = (value: number) => value / (1024 * 1024);

// App.js computeModelSize (no GQA, no norms, a 3-matrix MLP, embeddings counted twice):
//   P = vocab·h·2 + L·4·h² + L·3·i·h
export function computeModelSize(c: Config): number {
  return (
    c.vocab * c.hiddenDim * 2 +
    c.num_layers * 4 * c.hiddenDim * c.hiddenDim +
    c.num_layers * 3 * c.interDim * c.hiddenDim
  );
}

// App.js convertToMBModelSize(P, quant, typeOfTrn):
//   size = P·2 / 2^20;  extra = 0.06·size for bnb int8 / bnb int4 / QLoRA
//   bnb_int8: size/2;  bnb_q4: size/4;  qlora: size/4 − P·2 / (64·2^20);  → size + extra
export function convertToMBModelSize(value: number, quant: Quant, typeOfTrn: TrainType): number {
  let extra = 0;
  let size = (value * 2) / (1024 * 1024);
  if (quant === "bnb_int8" || quant === "bnb_q4" || typeOfTrn === "qlora") extra = 0.06 * size;
  if (quant === "bnb_int8") size = size / 2;
  if (quant === "bnb_q4") size = size / 4;
  if (typeOfTrn === "qlora") size = size / 4 - (value * 2) / (64 * 1024 * 1024);
  return size + extra;
}

// App.js computeInferenceOnlyActivationMemory (one layer, MB): (ctx·h·5·2 + ctx²·a·2) / 2^20
function computeInferenceOnlyActivationMemory(contextLen: number, c: Config): number {
  return (contextLen * c.hiddenDim * 5 * 2 + contextLen * contextLen * c.heads * 2) / (1024 * 1024);
}

// App.js getActivationMemory (bytes, fB = floatBytes = 2), per layer:
//   attn = s·h·3·fB + s·h·2·fB + s²·a·fB + s²·a·4 + s²·a·fB + 3·s·h·fB   (= 16·s·h + 8·a·s²)
//   ffn  = 2·h·s·fB + 5·s·i·fB + i·s·fB                                  (= 4·s·h + 12·s·i)
//   norm = s·4·2 + s·h·fB·6                                              (= 8·s + 12·s·h)
//   total = (attn + ffn + norm) · L · batch
function getActivationMemory(c: Config, contextLen: number, floatBytes: number, batchSize: number): number {
  const len = contextLen;
  const fB = floatBytes;
  const h = c.hiddenDim;
  const attn =
    len * h * 3 * fB +
    len * h * 2 * fB +
    len * len * c.heads * fB +
    len * len * c.heads * 4 +
    len * len * c.heads * fB +
    len * h * fB +
    len * h * fB +
    len * h * fB;
  const ffn = h * len * fB + h * len * fB + fB * 5 * len * c.interDim + c.interDim * len * fB;
  const norm = len * 4 * 2 + len * h * fB * 6;
  return (attn + ffn + norm) * c.num_layers * batchSize;
}

// App.js getExtraMemory (fitted bitsandbytes workspace, bytes):
//   common = (10h + 5h + 4i + 2i)·L;  r = √(ctx/50) when ctx/50 > 1, else 1
//   bnb_int8: 0.75·common·50·r·1.25;  bnb_q4: 1.0·common·50·r;  qlora: 0.75·common·50·r
function getExtraMemory(c: Config, quant: Quant | "qlora", contextLen: number): number {
  const common = (10 * c.hiddenDim + 5 * c.hiddenDim + 4 * c.interDim + 2 * c.interDim) * c.num_layers;
  const ratio = contextLen / 50;
  const root = ratio > 1 ? Math.sqrt(ratio) : 1;
  if (quant === "bnb_int8") return 0.75 * common * 50 * root * 1.25;
  if (quant === "bnb_q4") return 1.0 * common * 50 * root * 1.0;
  if (quant === "qlora") return 0.75 * common * 50 * root * 1.0;
  return 0;
}

// App.js getGradOptMemory (bytes); LoRA is fixed at r = 8 on 4 matrices of h×h per layer:
//   qlora:    Adam L·8·h·0.5·4·3 + extra·b;   SGD L·8·h·0.5·4·1 + extra·b
//   full:     Adam P·3·2 (grads + m + v, all 2 B);   SGD P·2
//   lora:     Adam L·8·h·2·4·3·2;   SGD L·8·h·2·4·2
// (bnb-quantized full and LoRA rows add extra·b; no case maps to them.)
function getGradOptMemory(
  full: TrainType,
  opt: Opt,
  modelSize: number,
  floatBytes: number,
  c: Config,
  contextLen: number,
  batchSize: number,
): number {
  const L = c.num_layers;
  const h = c.hiddenDim;
  if (full === "qlora") {
    const extra = getExtraMemory(c, "qlora", contextLen) * batchSize;
    return opt === "adam_opt" ? L * 8 * h * 0.5 * 4 * 3 + extra : L * 8 * h * 0.5 * 4 * 1 + extra;
  }
  if (full === "full_trn") return opt === "adam_opt" ? modelSize * 3 * floatBytes : modelSize * 1 * floatBytes;
  return opt === "adam_opt" ? L * 8 * h * 2 * 4 * 3 * 2 : L * 8 * h * 2 * 4 * 2;
}

function configOf(x: PeerCase): Config {
  const m = x.model;
  return { vocab: m.vocab, hiddenDim: m.hidden, heads: m.heads, interDim: m.intermediate, num_layers: m.layers };
}

/** The Quant dropdown: None (16-bit), bnb int8, bnb int4. fp32 and fp8 are not choices. */
function quantOf(p: Precision): Quant | undefined {
  if (p === "fp16" || p === "bf16") return "no_quant";
  if (p === "int8") return "bnb_int8";
  if (p === "int4" || p === "nf4") return "bnb_q4";
  return undefined;
}

/** Training method × dtype: Full and LoRA in 16-bit, QLoRA ("4bit explicit", quant left at None). */
function trainTypeOf(x: PeerCase): TrainType | undefined {
  const p = x.req.precision;
  const sixteen = p === "fp16" || p === "bf16";
  if (x.method === "full" && sixteen) return "full_trn";
  if (x.method === "lora" && sixteen) return "lora_trn";
  if (x.method === "qlora" && (sixteen || p === "nf4" || p === "int4")) return "qlora";
  return undefined;
}

export function predict(x: PeerCase): number | undefined {
  if (!singleDevice(x)) return undefined;
  const c = configOf(x);
  const modelSizeinB = computeModelSize(c);
  const batch = x.req.batch;
  if (x.method === "inference") {
    const quant = quantOf(x.req.precision);
    if (!quant) return undefined;
    // The app's context is prompt length + tokens to generate: the request's seq.
    const contextLen = x.req.seq;
    const modelSizeinMB = convertToMBModelSize(modelSizeinB, quant, "full_trn");
    // getAllComputedData, "inf"/"inf_vLLM": KV = b·2·ctx·2·2·h·L bytes (no GQA; vLLM mode is the same formula),
    // activation = b · one layer; Total = ceil(KV + model + overhead + activation)
    const inferenceMemory = batch * convertToMB(2 * contextLen * 2 * 2 * c.hiddenDim * c.num_layers);
    const activationMemory = batch * computeInferenceOnlyActivationMemory(contextLen, c);
    return Math.ceil(inferenceMemory + modelSizeinMB + OVERHEAD_MB + activationMemory) * MiB;
  }
  const typeOfTrn = trainTypeOf(x);
  const opt: Opt | undefined =
    x.req.optimizer === "adamw" ? "adam_opt" : x.req.optimizer === "sgd" ? "sgd_opt" : undefined;
  if (!typeOfTrn || !opt) return undefined;
  // The app asks, for training, for the sequence as the prompt length and 1 token to generate: ctx = seq + 1.
  const contextLen = x.req.seq + 1;
  const modelSizeinMB = convertToMBModelSize(modelSizeinB, "no_quant", typeOfTrn);
  // getAllComputedData, "trn": activation ×0.15 with gradient checkpointing;
  //   Total = ceil(model + grad&opt + activation + overhead)
  const activationMemory =
    convertToMB(getActivationMemory(c, contextLen, 2, batch)) * (checkpointingFor(x.req, x.method) ? 0.15 : 1);
  const gradAndOptMemory = convertToMB(getGradOptMemory(typeOfTrn, opt, modelSizeinB, 2, c, contextLen, batch));
  return Math.ceil(modelSizeinMB + gradAndOptMemory + activationMemory + OVERHEAD_MB) * MiB;
}

export const gpuPoor: Peer = {
  id: "gpu_poor",
  name: "gpu_poor",
  source: "RahulSChand/gpu_poor src/App.js",
  overheadBytes: OVERHEAD_BYTES,
  predict,
};
