import { activationBytes, inferenceWorkingBytes } from "./activations.js";
import { kvCacheBytes } from "./kvcache.js";
import { loraParams, targetedLinears, blockLinears } from "./linears.js";
import type { ResolvedModel } from "./model.js";
import { overheadBytes } from "./overhead.js";
import { computeBytes, ELEMENT_BYTES, isQuantized, quantizedBytesPerWeight } from "./precision.js";
import { checkpointingFor, targetsFor, type EstimationRequest, type Method } from "./request.js";
import type { Scenario } from "./result.js";
import { adafactorBytes, optimizerBytesPerParam, regimeBytes } from "./states.js";
import { formatBytes, formatCount, formatTokens } from "./units.js";

/** The methods compared when none is named. */
export const DEFAULT_METHODS: readonly Method[] = ["full", "lora", "qlora", "inference"];

/** Methods that make sense for the request's precision: quantized weights cannot be trained in place. */
export function methodsFor(req: EstimationRequest): Method[] {
  if (req.methods.length > 0) return [...req.methods];
  if (isQuantized(req.precision)) return ["qlora", "inference"];
  return [...DEFAULT_METHODS];
}

/** The ZeRO stage a scenario runs with: as asked, else FSDP full sharding when training on several GPUs. */
export function zeroStage(req: EstimationRequest, method: Method, gpuCount: number): number {
  if (method === "inference") return 0;
  // Asked for explicitly it applies on one GPU too (ZeRO-3 offload of a single GPU's parameters is common).
  if (req.zero !== undefined) return req.zero;
  return gpuCount > 1 ? 3 : 0;
}

interface Parts {
  weights: number;
  gradients: number;
  optimizer: number;
  activations: number;
  kvCache: number;
  host: number;
  trainable: number;
  /** Temporary of the optimizer step, alive once the activations are gone (see stepTemporaryBytes). */
  stepTemp: number;
  explain: Record<string, string>;
}

/**
 * torch's foreach AdamW step allocates sqrt(exp_avg_sq) for every parameter at once (torch/optim/adamw.py
 * _multi_tensor_adamw), a temporary the size of one state; fused AdamW and the seed's and DeepSpeed's accounting have none.
 * Measured on an H200 (bench/gpu/results): 8B pure bf16 full fine-tuning peaks at weights + gradients + states + 1 state.
 */
function stepTemporaryBytes(
  req: EstimationRequest,
  trainable: number,
  stateElement: number,
  isAdapter: boolean,
): number {
  if (req.optimizer !== "adamw" || req.optimStep === "fused") return 0;
  const torchRegime = isAdapter || req.regime === "pure" || req.regime === "amp" || req.precision === "fp32";
  return torchRegime ? trainable * stateElement : 0;
}

/** PEFT creates adapters in fp32 (autocast_adapter_dtype=True); pure-bf16 trainers (LitGPT bf16-true, torchtune) keep them in bf16. */
export function adapterBytes(req: EstimationRequest): number {
  return req.regime === "pure" && req.precision !== "fp32" ? 2 : 4;
}

/** Trainable parameters of a method, before any sharding. */
export function trainableParams(m: ResolvedModel, req: EstimationRequest, method: Method): number {
  switch (method) {
    case "full":
      return m.params;
    case "lora":
    case "qlora":
      return loraParams(m, targetsFor(req, method), req.rank);
    case "freeze": {
      const perLayer = (m.parts.attention + m.parts.mlp + m.parts.other) / m.layers;
      return Math.round(perLayer * Math.min(req.trainLayers, m.layers));
    }
    case "inference":
      return 0;
  }
}

/** Bytes of the frozen base weights for LoRA/QLoRA/inference at a precision; quantization spares embeddings and LM head. */
function baseWeightBytes(m: ResolvedModel, req: EstimationRequest, method: Method): { bytes: number; text: string } {
  const P = m.params;
  const linears = m.parts.attention + m.parts.mlp;
  const rest = P - linears;
  const quant = method === "qlora" ? (isQuantized(req.precision) ? req.precision : "nf4") : req.precision;
  if (isQuantized(quant)) {
    const perWeight = quantizedBytesPerWeight(quant, req.doubleQuant);
    // transformers' bitsandbytes integration keeps the LM head and embeddings un-quantized (get_keys_to_not_convert).
    const bytes = linears * perWeight + rest * 2;
    const dq = quant === "nf4" ? (req.doubleQuant ? ", double-quantized constants" : ", fp32 constants") : "";
    return {
      bytes,
      text: `${formatCount(linears)} linear weights in ${quant} (${perWeight.toFixed(3)} B each${dq}) + ${formatCount(rest)} embedding/head/norm weights in 16-bit`,
    };
  }
  const el = req.regime === "amp" && req.precision !== "fp32" ? 6 : ELEMENT_BYTES[quant];
  return {
    bytes: P * el,
    text: `${formatCount(P)} params × ${el} B (${req.regime === "amp" ? "fp32 + autocast copies" : quant})`,
  };
}

function trainingParts(m: ResolvedModel, req: EstimationRequest, method: Exclude<Method, "inference">): Parts {
  const explain: Record<string, string> = {};
  const trainable = trainableParams(m, req, method);
  const rb = regimeBytes(req.regime, req.precision);
  const isAdapter = method === "lora" || method === "qlora";
  let weights: number;
  let gradients: number;
  let optimizer: number;

  if (isAdapter) {
    const base = baseWeightBytes(m, req, method);
    const ab = adapterBytes(req);
    weights = base.bytes + trainable * ab;
    explain.weights = `frozen base: ${base.text}; ${formatCount(trainable)} LoRA params (r=${req.rank}, ${targetsFor(req, method)}) × ${ab} B`;
    gradients = trainable * ab;
    explain.gradients = `${formatCount(trainable)} adapter params × ${ab} B`;
    const perParam = optimizerBytesPerParam(req.optimizer, ab);
    optimizer = req.optimizer === "adafactor" ? trainable * 4 : trainable * perParam;
    explain.optimizer = `${formatCount(trainable)} adapter params × ${perParam} B (${req.optimizer})`;
  } else {
    const weightBytes = method === "full" ? rb.weights : req.regime === "amp" ? 6 : computeBytes(req.precision);
    weights = m.params * weightBytes;
    explain.weights = `${formatCount(m.params)} params × ${weightBytes} B (${req.regime === "amp" ? "fp32 + autocast bf16 copies" : req.precision})`;
    gradients = trainable * rb.gradients;
    explain.gradients = `${formatCount(trainable)} trainable params × ${rb.gradients} B`;
    const perParam = optimizerBytesPerParam(req.optimizer, rb.stateElement) + rb.master;
    const fullShare = trainable / m.params;
    optimizer =
      req.optimizer === "adafactor"
        ? adafactorBytes(m, rb.stateElement) * (m.params / m.parts.total) * fullShare + rb.master * trainable
        : trainable * perParam;
    explain.optimizer =
      req.optimizer === "adafactor"
        ? `Adafactor factored row/column statistics (${rb.stateElement} B each)${rb.master ? " + fp32 master copy" : ""}`
        : `${formatCount(trainable)} trainable params × ${perParam} B (${req.optimizer}${rb.master ? ", fp32 master + moments" : `, ${rb.stateElement * 8}-bit states`})`;
  }

  const p = computeBytes(req.precision);
  const checkpointing = checkpointingFor(req, method);
  const trainedLayers = method === "freeze" ? Math.min(req.trainLayers, m.layers) : m.layers;
  const act = activationBytes({
    shape: m,
    p,
    batch: req.batch,
    seq: req.seq,
    flash: req.flashAttention,
    checkpointing,
    trainBase: method === "full" || method === "freeze",
    trainedLayers,
    trainHead: method === "full",
    adapterBytes: adapterBytes(req),
    adapters: isAdapter ? targetedLinears(m, targetsFor(req, method)).map((l) => l.name) : [],
    rank: req.rank,
    loss: req.loss,
  });
  const stepTemp = stepTemporaryBytes(req, trainable, isAdapter ? adapterBytes(req) : rb.stateElement, isAdapter);
  let activations = act.total;
  // QLoRA dequantizes one weight at a time to 16-bit for its matmul (bitsandbytes dequantize_4bit).
  if (method === "qlora") activations += Math.max(...blockLinears(m).map((l) => l.dIn * l.dOut)) * 2;
  explain.activations =
    `${req.batch}×${formatTokens(req.seq)} tokens: ${checkpointing ? "checkpointed layer inputs" : `${formatBytes(act.perTokenPerLayer)}/token/layer saved`}` +
    ` over ${trainedLayers} layers (${formatBytes(act.layers)}) + logits/loss ${formatBytes(act.logits)}` +
    (req.flashAttention ? "; fused attention (no s² scores)" : "; eager attention stores s² scores");

  return { weights, gradients, optimizer, activations, kvCache: 0, host: 0, trainable, stepTemp, explain };
}

function inferenceParts(m: ResolvedModel, req: EstimationRequest): Parts {
  const base = baseWeightBytes(m, req, "inference");
  const kvElement = ELEMENT_BYTES[req.kvPrecision ?? (req.precision === "fp32" ? "fp32" : "bf16")];
  const kvCache = kvCacheBytes(m, req.batch, req.seq, kvElement);
  const p = computeBytes(req.precision);
  const activations = inferenceWorkingBytes(m, p, req.batch, req.seq, req.flashAttention);
  const kvHeads = m.kvLatentDim ? `latent ${m.kvLatentDim}` : `${m.kvHeads} KV heads × ${m.headDim}`;
  return {
    weights: base.bytes,
    gradients: 0,
    optimizer: 0,
    activations,
    kvCache,
    host: 0,
    trainable: 0,
    stepTemp: 0,
    explain: {
      weights: base.text,
      kvCache: `2 × ${m.layers} layers × ${req.batch}×${formatTokens(req.seq)} tokens × ${kvHeads} × ${kvElement} B${m.slidingWindow ? ` (sliding window ${formatTokens(m.slidingWindow.window)} on ${m.slidingWindow.layers} layers)` : ""}`,
      activations: `prefill working set of one block over ${req.batch}×${formatTokens(req.seq)} tokens`,
    },
  };
}

/** What one GPU holds for `method` when the job runs on `gpuCount` GPUs. */
export function estimateScenario(m: ResolvedModel, req: EstimationRequest, method: Method, gpuCount = 1): Scenario {
  const parts = method === "inference" ? inferenceParts(m, req) : trainingParts(m, req, method);
  const N = Math.max(1, gpuCount);
  const zero = zeroStage(req, method, N);
  let { weights, gradients, optimizer, kvCache } = parts;
  let host = 0;
  const explain = { ...parts.explain };
  // FSDP/ZeRO-3 gathers one block at a time (and prefetches the next) in 16-bit.
  const gathered = 2 * m.parts.largestLayer * 2;

  if (method === "inference" && N > 1) {
    // Model split across GPUs (tensor or pipeline parallel): weights and KV cache divide, working memory does not.
    weights /= N;
    kvCache /= N;
    explain.weights += `, split over ${N} GPUs`;
  } else if (method !== "inference") {
    if (N > 1 && zero === 0) {
      // DDP copies gradients into flat all-reduce buckets (gradient_as_bucket_view=False by default).
      gradients *= 2;
      explain.gradients += "; ×2 for DDP all-reduce buckets";
    }
    // ZeRO (Rajbhandari et al. 2020): stage 1 shards optimizer states, 2 also gradients, 3 also weights.
    if (zero >= 1) optimizer /= N;
    if (zero >= 2) gradients /= N;
    if (zero >= 3) {
      weights = weights / N + gathered;
      explain.weights += `; sharded over ${N} GPUs + 2 gathered blocks`;
    }
    if (req.offload === "cpu") {
      // ZeRO-Offload (Ren et al. 2021): optimizer states and gradients live on the host; stage 3 offloads parameters too.
      host += optimizer + gradients;
      optimizer = 0;
      gradients = 0;
      if (zero >= 3) {
        host += weights - gathered;
        weights = gathered;
      }
      explain.optimizer = `offloaded to CPU (${formatBytes(host)} of host memory per GPU)`;
    }
    if (zero > 0 && N > 1) explain.optimizer += `; ZeRO-${zero} over ${N} GPUs`;
  }

  const activations = parts.activations;
  // The step runs after the backward has freed the activations: its temporary only counts where it outgrows them.
  const stepTemp = req.offload === "cpu" ? 0 : parts.stepTemp / (zero >= 1 ? N : 1);
  if (stepTemp > activations) {
    optimizer += stepTemp - activations;
    explain.optimizer += `; + ${formatBytes(stepTemp - activations)} of the foreach AdamW step's temporary (${formatBytes(stepTemp)}) beyond the freed activations`;
  }
  const overhead = overheadBytes(weights + gradients + optimizer, activations + kvCache);
  explain.overhead =
    "CUDA context and kernels (0.5 GiB) + allocator slack (8% of activations and KV cache, 1% of the rest)";
  const bytes = {
    weights: Math.round(weights),
    gradients: Math.round(gradients),
    optimizer: Math.round(optimizer),
    activations: Math.round(activations),
    kvCache: Math.round(kvCache),
    overhead: Math.round(overhead),
    total: 0,
  };
  bytes.total = bytes.weights + bytes.gradients + bytes.optimizer + bytes.activations + bytes.kvCache + bytes.overhead;
  return {
    method,
    trainableParams: Math.round(parts.trainable),
    gpuCount: N,
    zero,
    gradientCheckpointing: method !== "inference" && checkpointingFor(req, method),
    bytes,
    hostBytes: Math.round(host),
    explain,
  };
}
