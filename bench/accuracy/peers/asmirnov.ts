/**
 * vram.asmirnov.xyz (furiousteabag/vram-calculator, app/_lib/index.ts `estimateResult`, `calculateActivations`,
 * `getTotalUsagePerGPU`; app/_interfaces/index.ts; estimators survey §3.4). Results are shown in MiB, every component
 * rounded to a whole MiB (`round(x / 2^20, 0)`), and summed for the first GPU (the one holding the outputs).
 *
 * Its inputs: numParams (billions), hiddenSize, vocabSize, numAttentionHeads, numKeyValueHeads, intermediateSize,
 * numLayers; training or inference; training precision full (fp32) or mixed, inference precision full or half;
 * optimizer Adam or SGD (± momentum); sequence length; batch size; number of GPUs with an FSDP toggle (training) or
 * model parallelism (inference). No LoRA/QLoRA and no quantized inference (README "ToDo"), no gradient checkpointing,
 * no FlashAttention, no KV cache.
 */
import { zeroStage } from "../../../src/estimator/estimate.js";
import { MiB, type Peer, type PeerCase } from "./types.js";

type Precision = "full" | "mixed" | "half";

// index.ts estimateResult: `const cudaKernels = 1000 * 2 ** 20` ("between 300 MiB and 2 GiB").
export const OVERHEAD_BYTES = 1000 * MiB;

const round = (num: number, fractionDigits: number) => Number(num.toFixed(fractionDigits));

interface Run {
  isTraining: boolean;
  precision: Precision;
  optimizer: "Adam" | "SGD";
  optimizerSGDMomentum: boolean;
  batchSize: number;
  sequenceLength: number;
  numGPUs: number;
  isFSDP: boolean;
  isInferenceModelParallelism: boolean;
}

// index.ts calculateActivations (Korthikanti et al. 2022 per tensor; bytes; ap = 2 when training mixed or inferring
// in half, else 4; head_dim = hidden / heads):
//   attention = ap·b·s·h (input) + ap·b·s·d·a (Q) + 2·ap·b·s·d·kv (K, V) + ap·b·a·s² (softmax) + 1·b·a·s² (its dropout
//               mask) + ap·b·a·s² (dropout output) + ap·b·s·a·d (out-proj input) + 1·b·s·h (attention dropout mask)
//   mlp       = ap·b·s·h (input) + 2·ap·b·s·i (activation and down-proj inputs) + 1·b·s·h (dropout mask)
//   norms     = 2·ap·b·s·h
//   training: × layers; inference: one layer. Not divided by the GPU count (survey §3.4/§4.6: the commit
//   "activations are not sharded"; the earlier b367569 divided them by N under FSDP).
function calculateActivations(x: PeerCase, r: Run): number {
  const m = x.model;
  const ap = (r.isTraining && r.precision === "mixed") || (!r.isTraining && r.precision !== "full") ? 2 : 4;
  const b = r.batchSize;
  const s = r.sequenceLength;
  const h = m.hidden;
  const headDim = h / m.heads;
  const attentionInput = ap * b * s * h;
  const q = ap * b * s * headDim * m.heads;
  const k = ap * b * s * headDim * m.kvHeads;
  const softmaxOutput = ap * b * m.heads * s ** 2;
  const softmaxDropoutMask = 1 * b * m.heads * s ** 2;
  const dropoutOutput = ap * b * m.heads * s ** 2;
  const v = ap * b * s * headDim * m.kvHeads;
  const outProjInput = ap * b * s * m.heads * headDim;
  const attentionDropout = 1 * b * s * h;
  const attentionBlock =
    attentionInput + q + k + softmaxOutput + v + outProjInput + softmaxDropoutMask + dropoutOutput + attentionDropout;
  const mlpInput = ap * b * s * h;
  const activationInput = ap * b * s * m.intermediate;
  const downProjInput = ap * b * s * m.intermediate;
  const dropoutMask = 1 * b * s * h;
  const mlpBlock = mlpInput + activationInput + downProjInput + dropoutMask;
  const layerNorms = ap * b * s * h * 2;
  const layer = attentionBlock + mlpBlock + layerNorms;
  return r.isTraining ? layer * m.layers : layer;
}

// index.ts estimateResult + getTotalUsagePerGPU (isFirst), in MiB:
//   bytesPerParam: training mixed 6 (fp32 + fp16 copies), training full 4, inference full 4, half 2
//   gpuDivisor = N when N > 1 and (training with FSDP, or inference with model parallelism), else 1
//   parameters = bytesPerParam·P / gpuDivisor;  gradients = 4P / gpuDivisor (training)
//   first moments = 4P / gpuDivisor (Adam, or SGD with momentum);  second moments = 4P / gpuDivisor (Adam)
//   outputs = 4·b·s·V · (2 when training: the softmax probabilities), on the first GPU
//   total = cudaKernels + parameters + outputs + activations + gradients + first + second moments
function estimate(x: PeerCase, r: Run): number {
  const P = x.model.params;
  const bytesPerParam = r.isTraining ? (r.precision === "mixed" ? 6 : 4) : r.precision === "full" ? 4 : 2;
  const isParallelMode = (!r.isTraining && r.isInferenceModelParallelism) || (r.isTraining && r.isFSDP);
  const gpuDivisor = r.numGPUs > 1 && isParallelMode ? r.numGPUs : 1;
  const mib = (bytes: number) => round(bytes / MiB, 0);
  const parameters = mib((bytesPerParam * P) / gpuDivisor);
  const outputs = mib(4 * r.batchSize * r.sequenceLength * x.model.vocab * (r.isTraining ? 2 : 1));
  const activations = mib(calculateActivations(x, r));
  const state = mib((4 * P) / gpuDivisor);
  const gradients = r.isTraining ? state : 0;
  const hasFirst = r.isTraining && ((r.optimizer === "SGD" && r.optimizerSGDMomentum) || r.optimizer === "Adam");
  const firstMoments = hasFirst ? state : 0;
  const secondMoments = r.isTraining && r.optimizer === "Adam" ? state : 0;
  const total = round(
    mib(OVERHEAD_BYTES) + parameters + outputs + activations + gradients + firstMoments + secondMoments,
    0,
  );
  return total * MiB;
}

function runOf(x: PeerCase): Run | undefined {
  const { req } = x;
  if (req.offload !== "none") return undefined;
  const base = {
    batchSize: req.batch,
    sequenceLength: req.seq,
    numGPUs: x.gpus,
    optimizerSGDMomentum: false,
    optimizer: "Adam" as const,
  };
  if (x.method === "inference") {
    const precision =
      req.precision === "fp32" ? "full" : req.precision === "fp16" || req.precision === "bf16" ? "half" : undefined;
    if (!precision) return undefined;
    return { ...base, isTraining: false, precision, isFSDP: false, isInferenceModelParallelism: x.gpus > 1 };
  }
  if (x.method !== "full") return undefined;
  // Training precision: full (fp32) or mixed; a 16-bit run is its mixed row.
  const precision =
    req.precision === "fp32" ? "full" : req.precision === "fp16" || req.precision === "bf16" ? "mixed" : undefined;
  if (!precision) return undefined;
  const optimizer =
    req.optimizer === "adamw"
      ? "Adam"
      : req.optimizer === "sgd" || req.optimizer === "sgd_momentum"
        ? "SGD"
        : undefined;
  if (!optimizer) return undefined;
  // Several GPUs: plain data parallelism (FSDP off) or FSDP full sharding; ZeRO-1/2 are no setting of it.
  const stage = zeroStage(req, x.method, x.gpus);
  if (stage !== 0 && stage !== 3) return undefined;
  return {
    ...base,
    isTraining: true,
    precision,
    optimizer,
    optimizerSGDMomentum: req.optimizer === "sgd_momentum",
    isFSDP: stage === 3,
    isInferenceModelParallelism: false,
  };
}

export function predict(x: PeerCase): number | undefined {
  const r = runOf(x);
  return r ? estimate(x, r) : undefined;
}

export const asmirnov: Peer = {
  id: "asmirnov",
  name: "vram.asmirnov.xyz",
  source: "furiousteabag/vram-calculator app/_lib/index.ts",
  overheadBytes: OVERHEAD_BYTES,
  predict,
};
