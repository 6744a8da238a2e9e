import { activationBytes, inferenceWorkingBytes } from "./activations.js";
import { buildOf } from "./build.js";
import { kvCacheBytes } from "./kvcache.js";
import { vllmInputs } from "./vllm.js";
import { largestLinearElements, loraParams, targetedLinears } from "./linears.js";
import type { ResolvedModel } from "./model.js";
import { CUDA_CONTEXT_BYTES, DYNAMIC_SLACK, OFFLOAD_IN_FLIGHT_BLOCKS, STATIC_SLACK } from "./overhead.js";
import { computeBytes, ELEMENT_BYTES, isQuantized, quantizedBytesPerWeight } from "./precision.js";
import {
  autocastOn,
  checkpointingFor,
  type EstimationRequest,
  type Method,
  type Precision,
  type Targets,
  targetsFor,
} from "./request.js";
import type { AtLoad, ComponentTerms, Scenario } from "./result.js";
import { adafactorBytes, optimizerBytesPerParam, regimeBytes } from "./states.js";
import { sharded, sumBytes, type Term } from "./terms.js";

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
  terms: ComponentTerms;
  trainable: number;
  /** Temporary of the optimizer step, alive once the activations are gone (see stepTemporary). */
  stepTemp: { count: number; each: number };
  /** The backward's working set at its last block, beside all the gradients (for the accum=1 timing). */
  working: number;
  /** A tied embedding's second gradient and its sum into the first, at the very end of the backward (full fine-tuning). */
  tiedSum: number;
  /** Gradient bytes the first op of the backward creates: the LM head's (or the tied embedding's), full fine-tuning only. */
  headGradient: number;
  /** Activations kept in host memory (offload=activations). */
  host: number;
  /** Transients of quantizing one weight at load (the largest), beside everything loaded before it. */
  loadTransient: Term[];
  baseDtype?: string;
  kvDtype?: string;
}

const emptyTerms = (): ComponentTerms => ({
  weights: [],
  gradients: [],
  optimizer: [],
  activations: [],
  kvCache: [],
  overhead: [],
});

/** A term whose bytes are count × each. */
const counted = (kind: Term["kind"], count: number, each: number, extra: Partial<Term> = {}): Term => ({
  kind,
  bytes: count * each,
  count,
  each,
  ...extra,
});

/**
 * torch's foreach AdamW step allocates sqrt(exp_avg_sq) for every parameter at once (torch/optim/adamw.py
 * _multi_tensor_adamw), a temporary the size of one state; fused AdamW and the seed's and DeepSpeed's accounting have none.
 * Measured on an H200 (bench/gpu/results): 8B pure bf16 full fine-tuning peaks at weights + gradients + states + 1 state.
 * The per-parameter loop (`step=loop`: _single_tensor_adamw, `denom = (exp_avg_sq.sqrt() / bias_correction2_sqrt)
 * .add_(eps)`) holds the square root and its quotient of one parameter at a time: two of the largest parameter's states.
 */
const LOOP_STEP_TEMPORARIES = 2;

function stepTemporary(
  req: EstimationRequest,
  trainable: number,
  largest: number,
  stateElement: number,
  isAdapter: boolean,
) {
  // In the backward the step runs per parameter: its temporary is one parameter's state, nothing beside the rest.
  if (req.optimizer !== "adamw" || (req.optimStep !== "foreach" && req.optimStep !== "loop"))
    return { count: 0, each: 0 };
  const torchRegime = isAdapter || req.regime === "pure" || req.regime === "amp" || req.precision === "fp32";
  if (!torchRegime) return { count: 0, each: 0 };
  if (req.optimStep === "loop")
    return { count: LOOP_STEP_TEMPORARIES * Math.min(largest, trainable), each: stateElement };
  return { count: trainable, each: stateElement };
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

/** The base's storage type: QLoRA's NF4 (or the 4/8-bit precision asked), else the precision itself. */
function baseStorage(req: EstimationRequest, method: Method): Precision {
  if (method === "qlora") return isQuantized(req.precision) ? req.precision : "nf4";
  return req.precision;
}

/** The frozen base weights of LoRA/QLoRA/inference; quantization spares embeddings and LM head. */
function baseWeightTerms(m: ResolvedModel, req: EstimationRequest, method: Method): { terms: Term[]; dtype: string } {
  const linears = m.parts.attention + m.parts.mlp;
  const quant = baseStorage(req, method);
  if (isQuantized(quant)) {
    const perWeight = quantizedBytesPerWeight(quant, req.doubleQuant);
    // transformers' bitsandbytes integration keeps the LM head and embeddings un-quantized (get_keys_to_not_convert).
    return {
      dtype: quant,
      terms: [
        counted("quantized-linears", linears, perWeight, { dtype: quant }),
        counted("unquantized-rest", m.params - linears, 2, { dtype: "bf16" }),
      ],
    };
  }
  if (req.regime === "amp" && req.precision !== "fp32") {
    // A frozen fp32 base under autocast. Autocast caches the 16-bit casts of leaf tensors that require grad only
    // (aten/src/ATen/autocast_mode.cpp, cached_cast), so a frozen weight is cast at each use; the cast is what its
    // matmul saves for the backward (to pass the gradient on to its input): every linear's and the LM head's without
    // checkpointing, one block's (and the head's) with it; serving holds one cast at a time.
    const linears = m.parts.attention + m.parts.mlp;
    const head = m.vocab * m.hidden;
    const casts =
      method === "inference"
        ? Math.max(head, largestLinearElements(m))
        : (checkpointingFor(req, method) ? linears / m.layers : linears) + head;
    return {
      dtype: "fp32",
      terms: [
        counted("weights", m.params, 4, { dtype: "fp32" }),
        counted("autocast-casts", casts, 2, { dtype: "bf16" }),
      ],
    };
  }
  return { dtype: quant, terms: [counted("weights", m.params, ELEMENT_BYTES[quant], { dtype: quant })] };
}

/**
 * Quantizing a 16-bit weight to 4 bits at load, one weight at a time, beside everything already loaded.
 * - bitsandbytes (transformers' from_pretrained with load_in_4bit: Params4bit → bnb.functional.quantize_4bit, one CUDA
 *   kernel): the 16-bit weight and its packed output, 2 + 0.5 bytes per element.
 * - torchao (torchtune's QLoRA: FrozenNF4Linear → to_nf4, torchao/dtypes/nf4tensor.py): the 16-bit weight, its scaled
 *   copy `blocks / scales` (16-bit) and the uint8 index of every element, 2 + 2 + 1 bytes per element; the nearest NF4
 *   level is found by comparing each element with the 16 levels, `(value.unsqueeze(-1) - nf4).abs()`, two 16-bit
 *   tensors of 16 × the elements — done in chunks of CHUNK_SIZE = 2^20 elements ("Note: Quantize in Chunks": the whole
 *   weight at once "can cause a large memory spike", as releases before it did: 68 B per element).
 * Either way one weight at a time, the largest.
 */
const TORCHAO_CHUNK_ELEMENTS = 2 ** 20;
const NF4_LEVELS = 16;

function loadTransientTerms(m: ResolvedModel, req: EstimationRequest, method: Method): Term[] {
  // Only NF4 is quantized at load; int4 (GPTQ/AWQ), int8 and fp8 checkpoints are stored quantized and load as they are.
  if (baseStorage(req, method) !== "nf4") return [];
  const largest = largestLinearElements(m);
  if (req.quantizer !== "torchao") return [counted("quantize-transient", largest, 2 + 0.5, { dtype: "bnb" })];
  return [
    counted("quantize-transient", largest, 2 + 2 + 1, { dtype: "torchao" }),
    counted("quantize-chunk", Math.min(largest, TORCHAO_CHUNK_ELEMENTS) * NF4_LEVELS, 2 * 2, { dtype: "torchao" }),
  ];
}

function trainingParts(m: ResolvedModel, req: EstimationRequest, method: Exclude<Method, "inference">): Parts {
  const terms = emptyTerms();
  const trainable = trainableParams(m, req, method);
  const rb = regimeBytes(req.regime, req.precision);
  const isAdapter = method === "lora" || method === "qlora";
  let baseDtype: string | undefined;

  if (isAdapter) {
    const base = baseWeightTerms(m, req, method);
    baseDtype = base.dtype;
    const ab = adapterBytes(req);
    const dtype = ab === 4 ? "fp32" : "bf16";
    const lora = { rank: req.rank, targets: targetsFor(req, method), dtype };
    terms.weights.push(...base.terms, counted("adapters", trainable, ab, lora));
    terms.gradients.push(counted("gradients", trainable, ab, { dtype }));
    if (req.optimizer === "adafactor") {
      // Adafactor factors every 2-D parameter (Shazeer & Stern 2018; HF Adafactor `factored = ndim >= 2`): LoRA's A (r×d_in)
      // and B (d_out×r) keep one row and one column statistic each, r + d_in and d_out + r elements.
      const elements = targetedLinears(m, lora.targets).reduce(
        (s, l) => s + l.count * (2 * req.rank + l.dIn + l.dOut),
        0,
      );
      terms.optimizer.push(counted("adafactor-factors", elements, ab, { optimizer: "adafactor" }));
    } else {
      const perParam = optimizerBytesPerParam(req.optimizer, ab);
      if (perParam > 0)
        terms.optimizer.push(counted("optimizer-states", trainable, perParam, { optimizer: req.optimizer }));
    }
  } else {
    const weightBytes = method === "full" ? rb.weights : req.regime === "amp" ? 6 : computeBytes(req.precision);
    const dtype = weightBytes === 6 ? "fp32+bf16" : weightBytes === 4 ? "fp32" : req.precision;
    terms.weights.push(counted("weights", m.params, weightBytes, { dtype }));
    terms.gradients.push(
      counted("gradients", trainable, rb.gradients, { dtype: rb.gradients === 4 ? "fp32" : "bf16" }),
    );
    if (req.optimizer === "adafactor") {
      const share = trainable / m.params;
      const bytes = adafactorBytes(m, rb.stateElement) * (m.params / m.parts.total) * share;
      terms.optimizer.push({ kind: "adafactor-factors", bytes, optimizer: "adafactor", each: rb.stateElement });
    } else {
      const perParam = optimizerBytesPerParam(req.optimizer, rb.stateElement);
      if (perParam > 0)
        terms.optimizer.push(counted("optimizer-states", trainable, perParam, { optimizer: req.optimizer }));
    }
    if (rb.master > 0) terms.optimizer.push(counted("master-weights", trainable, rb.master, { dtype: "fp32" }));
  }

  const p = computeBytes(req.precision);
  const checkpointing = checkpointingFor(req, method);
  const trainedLayers = method === "freeze" ? Math.min(req.trainLayers, m.layers) : m.layers;
  const build = buildOf(req.framework);
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
    adapterDropout: isAdapter && req.loraDropout > 0,
    adapters: isAdapter ? targetedLinears(m, targetsFor(req, method)).map((l) => l.name) : [],
    rank: req.rank,
    loss: req.loss,
    compile: req.compile,
    autocast: autocastOn(req),
    build,
  });
  const tokens = { batch: req.batch, seq: req.seq };
  const a = terms.activations;
  // Activation offloading (torchtune training/_activation_offloading.py OffloadActivations; Unsloth's "unsloth" gradient
  // checkpointing): each saved tensor is copied to pinned host memory as the forward leaves its block and brought back
  // one block ahead of the backward. On the GPU stay the block being copied out or used and the one prefetched: two.
  const onGpuLayers = req.offloadActivations ? Math.min(OFFLOAD_IN_FLIGHT_BLOCKS, trainedLayers) : trainedLayers;
  const perBlock = req.batch * req.seq * act.perTokenPerBlock;
  const host = (trainedLayers - onGpuLayers) * perBlock;
  a.push(
    counted(
      checkpointing ? "checkpointed-inputs" : "layer-activations",
      onGpuLayers * req.batch * req.seq,
      act.perTokenPerBlock,
      {
        layers: onGpuLayers,
        ...tokens,
      },
    ),
  );
  if (host > 0)
    a.push({ kind: "offloaded", bytes: 0, hostBytes: host, layers: trainedLayers - onGpuLayers, ...tokens });
  if (act.head > 0) a.push({ kind: "head-input", bytes: act.head, ...tokens });
  // LitGPT's chunked loss keeps the 16-bit log-softmax beside the 16-bit logits, and its backward gradients are 16-bit.
  const chunkSoftmax = req.loss === "chunked" && build.chunkLogSoftmax;
  const logitsDtype = chunkSoftmax ? "16-bit+log-softmax" : req.loss === "chunked" ? "16-bit" : "fp32";
  if (act.logitsKept > 0) a.push({ kind: "logits", bytes: act.logitsKept, dtype: logitsDtype, ...tokens });
  // The backward's largest transient: the loss gradients at its start, or a block's working set, whichever is larger.
  if (act.logitsTransient >= act.working)
    a.push({
      kind: "backward-logits",
      bytes: act.logitsTransient,
      dtype: chunkSoftmax ? "16-bit" : "fp32",
      ...tokens,
    });
  else a.push({ kind: "backward-working", bytes: act.working, ...tokens });
  // QLoRA dequantizes one weight at a time to 16-bit for its matmul (bitsandbytes dequantize_4bit).
  if (method === "qlora") a.push(counted("dequant-buffer", largestLinearElements(m), 2));
  // The largest trained parameter bounds what a per-parameter step holds (step=loop, step=inbackward).
  const perParameterStep = req.optimStep === "loop" || req.optimStep === "inbackward";
  const largestTrained = perParameterStep
    ? largestParameter(m, method, isAdapter ? targetsFor(req, method) : undefined, req.rank)
    : 0;
  const stepTemp = stepTemporary(
    req,
    trainable,
    largestTrained,
    isAdapter ? adapterBytes(req) : rb.stateElement,
    isAdapter,
  );
  // The LM head's backward comes first: its weight gradient (the tied embedding's, when tied) is the first one created.
  const headGradient = method === "full" ? m.vocab * m.hidden * rb.gradients : 0;
  // A tied embedding gets its second gradient last, from the embedding's backward (a dense V×h tensor,
  // embedding_dense_backward), and AccumulateGrad sums it into the LM head's (torch/csrc/autograd/functions/
  // accumulate_grad.h): the new gradient and the sum exist beside the old one, 2 × V·h extra at the backward's end.
  // Measured on an H200 (bench/gpu/results): tied Llama-3.2-1B and Qwen2.5-1.5B peak at gradients + 2·V·h·2 B at the end
  // of the backward; the untied Llama-3.1-8B at the gradients.
  const tiedSum = method === "full" && m.tiedEmbeddings ? 2 * m.vocab * m.hidden * rb.gradients : 0;
  if (req.optimStep === "inbackward") {
    // torchtune optimizer_in_bwd / PyTorch's "fuse the optimizer step into the backward" tutorial: a post-accumulate-grad
    // hook steps each parameter as soon as its gradient is complete and frees it, so one parameter's gradient exists at
    // a time — the largest (embedding, LM head or a block's widest linear).
    const g = terms.gradients[0]!;
    const largest = Math.min(trainable, largestTrained);
    terms.gradients = [counted("gradient-in-flight", largest, g.each ?? 2, g.dtype ? { dtype: g.dtype } : {})];
  }
  const loadTransient = loadTransientTerms(m, req, method);
  return {
    terms,
    trainable,
    stepTemp,
    working: act.working,
    tiedSum: req.optimStep === "inbackward" ? 0 : tiedSum,
    headGradient: req.optimStep === "inbackward" ? 0 : headGradient,
    host,
    loadTransient,
    ...(baseDtype ? { baseDtype } : {}),
  };
}

/** Elements of the largest single trainable parameter of a method. */
function largestParameter(m: ResolvedModel, method: Method, targets: Targets | undefined, rank: number): number {
  if (targets !== undefined) {
    return Math.max(...targetedLinears(m, targets).map((l) => rank * Math.max(l.dIn, l.dOut)));
  }
  const linear = largestLinearElements(m);
  return method === "full" ? Math.max(m.vocab * m.hidden, linear) : linear;
}

function inferenceParts(m: ResolvedModel, req: EstimationRequest): Parts {
  const terms = emptyTerms();
  const base = baseWeightTerms(m, req, "inference");
  const kvDtype = req.kvPrecision ?? (req.precision === "fp32" ? "fp32" : "bf16");
  const kvElement = ELEMENT_BYTES[kvDtype];
  terms.weights.push(...base.terms);
  const kv = kvCacheBytes(m, req.batch, req.seq, kvElement);
  if (kv > 0) {
    terms.kvCache.push({
      kind: "kv-cache",
      bytes: kv,
      // Elements cached (K and V, or MLA's latent, over every layer and token, windows applied) × bytes each.
      count: kv / kvElement,
      layers: m.layers,
      batch: req.batch,
      seq: req.seq,
      each: kvElement,
      dtype: kvDtype,
      ...(m.kvLatentDim ? { latent: m.kvLatentDim } : { kvHeads: m.kvHeads, headDim: m.headDim }),
      ...(m.slidingWindow ? { window: m.slidingWindow.window, windowLayers: m.slidingWindow.layers } : {}),
    });
  }
  const p = computeBytes(req.precision);
  // vLLM's activations are its profile run's, at the engine's own batch sizes, which the card sets (advisor/serving.ts).
  if (req.engine !== "vllm") {
    const working = inferenceWorkingBytes(m, p, req.batch, req.seq, req.flashAttention);
    terms.activations.push({ kind: "prefill-working", bytes: working, batch: req.batch, seq: req.seq });
  }
  const loadTransient = loadTransientTerms(m, req, "inference");
  return {
    terms,
    trainable: 0,
    stepTemp: { count: 0, each: 0 },
    working: 0,
    tiedSum: 0,
    headGradient: 0,
    host: 0,
    loadTransient,
    baseDtype: base.dtype,
    kvDtype,
  };
}

/** Move a component's terms to host memory; returns the bytes moved. */
function offload(terms: Term[]): { terms: Term[]; host: number } {
  const host = sumBytes(terms);
  return { terms: host > 0 ? [{ kind: "offloaded", bytes: 0, hostBytes: host }] : [], host };
}

/**
 * The peak while the model loads: every weight already on the GPU (the last one still being quantized: counted as
 * loaded, a slight overstatement of 0.5 B per element of one weight) and the quantizer's transient, with the CUDA context
 * and the dynamic slack of the transient. Nothing else exists yet: no gradients, states or activations.
 */
function loadPeak(t: ComponentTerms, transient: readonly Term[]): AtLoad | undefined {
  if (transient.length === 0) return undefined;
  // Split across GPUs, each holds its share of the weights but quantizes a whole weight at a time (counted whole).
  const weights = sumBytes(t.weights);
  const bytes = sumBytes(transient);
  const overhead = CUDA_CONTEXT_BYTES + DYNAMIC_SLACK * bytes + STATIC_SLACK * weights;
  return {
    bytes: Math.round(weights + bytes + overhead),
    weights: Math.round(weights),
    transient: Math.round(bytes),
    overhead: Math.round(overhead),
    terms: [...transient],
  };
}

/** What one GPU holds for `method` when the job runs on `gpuCount` GPUs. */
export function estimateScenario(m: ResolvedModel, req: EstimationRequest, method: Method, gpuCount = 1): Scenario {
  const parts = method === "inference" ? inferenceParts(m, req) : trainingParts(m, req, method);
  const N = Math.max(1, gpuCount);
  const zero = zeroStage(req, method, N);
  const t = parts.terms;
  let host = parts.host;

  if (method === "inference" && N > 1) {
    // Model split across GPUs (tensor or pipeline parallel): weights and KV cache divide, working memory does not.
    t.weights = t.weights.map((x) => sharded(x, N));
    t.kvCache = t.kvCache.map((x) => sharded(x, N));
  } else if (method !== "inference") {
    // DDP copies gradients into flat all-reduce buckets (gradient_as_bucket_view=False by default).
    if (N > 1 && zero === 0) t.gradients.push({ kind: "ddp-buckets", bytes: sumBytes(t.gradients) });
    // ZeRO (Rajbhandari et al. 2020): stage 1 shards optimizer states, 2 also gradients, 3 also weights.
    if (zero >= 1 && N > 1) t.optimizer = t.optimizer.map((x) => sharded(x, N));
    if (zero >= 2 && N > 1) t.gradients = t.gradients.map((x) => sharded(x, N));
    // FSDP/ZeRO-3 gathers one block at a time (and prefetches the next) in 16-bit.
    const gathered = zero >= 3 ? counted("gathered-blocks", 2 * m.parts.largestLayer, 2, { dtype: "bf16" }) : undefined;
    if (gathered && N > 1) t.weights = t.weights.map((x) => sharded(x, N));
    if (req.offload === "cpu") {
      // ZeRO-Offload (Ren et al. 2021): optimizer states and gradients live on the host; stage 3 offloads parameters too.
      for (const k of ["optimizer", "gradients", ...(zero >= 3 ? (["weights"] as const) : [])] as const) {
        const moved = offload(t[k]);
        t[k] = moved.terms;
        host += moved.host;
      }
    }
    if (gathered) t.weights.push(gathered);
  }

  const activations = sumBytes(t.activations);
  const shards = zero >= 1 && N > 1 ? N : 1;
  const gradShards = zero >= 2 && N > 1 ? N : 1;
  const grads = t.gradients.find((x) => x.kind === "gradients");
  const gradBytes = grads?.bytes ?? 0;
  // When do gradients and activations meet? Accumulating (accum unset or ≥ 2), the previous micro-batches' gradients
  // are there through the whole backward: all of them beside all the activations. With one micro-batch per step and
  // zero_grad(set_to_none=True) (torch's default since 2.0, the HF Trainer's and torchtune's), the step starts with no
  // gradients: the backward creates each block's weight gradients as it frees that block's saved activations, so both
  // are linear in the blocks done and the backward's peak is at one of its ends — at the start, all activations plus the
  // LM head's gradient; at the end, all gradients plus the last block's working set.
  const oneMicroBatch = req.accum === 1 && method !== "inference" && gradBytes > 0;
  const start = activations + (oneMicroBatch ? parts.headGradient / gradShards : gradBytes);
  const end = gradBytes + Math.max(parts.working, parts.tiedSum / gradShards);
  const backwardPeak = Math.max(start, end);
  if (backwardPeak > activations + gradBytes) {
    // Only a tied embedding's sum outgrows what the activations held (a short sequence): the excess is its own term.
    t.gradients.push({
      kind: "tied-gradient-sum",
      bytes: backwardPeak - activations - gradBytes,
      ...(grads?.dtype ? { dtype: grads.dtype } : {}),
    });
  } else if (oneMicroBatch && grads) {
    const freed = activations + gradBytes - backwardPeak;
    if (freed > 0) {
      t.gradients = t.gradients.map((x) => (x === grads ? { ...x, bytes: x.bytes - freed, freed } : x));
    }
  }
  // The step runs after the backward has freed the activations: its temporary only counts where it outgrows the room
  // they left (all of the activations when accumulating; with accum=1, the backward's peak beside the gradients).
  const room = backwardPeak - gradBytes;
  const temp = (parts.stepTemp.count * parts.stepTemp.each) / shards;
  const stepTemporaryBytes = req.offload === "cpu" ? 0 : temp;
  if (stepTemporaryBytes > room) {
    t.optimizer.push({
      kind: "step-temporary",
      bytes: stepTemporaryBytes - room,
      count: parts.stepTemp.count,
      each: parts.stepTemp.each,
      step: req.optimStep === "loop" ? "loop" : "foreach",
      ...(shards > 1 ? { shards } : {}),
      freed: room,
    });
  }
  const staticBytes = sumBytes(t.weights) + sumBytes(t.gradients) + sumBytes(t.optimizer);
  const dynamicBytes = activations + sumBytes(t.kvCache);
  // Runtime overhead: the CUDA context and the caching allocator's slack (overhead.ts gives the sources). vLLM
  // allocates its KV cache once, as one tensor per layer, and budgets on the measured peak: no slack of its own.
  const vllm = method === "inference" && req.engine === "vllm";
  t.overhead = vllm
    ? [{ kind: "cuda-context", bytes: CUDA_CONTEXT_BYTES }]
    : [
        { kind: "cuda-context", bytes: CUDA_CONTEXT_BYTES },
        { kind: "static-slack", bytes: STATIC_SLACK * staticBytes, share: STATIC_SLACK, of: staticBytes },
        { kind: "dynamic-slack", bytes: DYNAMIC_SLACK * dynamicBytes, share: DYNAMIC_SLACK, of: dynamicBytes },
      ];
  const bytes = {
    weights: Math.round(sumBytes(t.weights)),
    gradients: Math.round(sumBytes(t.gradients)),
    optimizer: Math.round(sumBytes(t.optimizer)),
    activations: Math.round(activations),
    kvCache: Math.round(sumBytes(t.kvCache)),
    overhead: Math.round(sumBytes(t.overhead)),
    total: 0,
  };
  bytes.total = bytes.weights + bytes.gradients + bytes.optimizer + bytes.activations + bytes.kvCache + bytes.overhead;
  const atLoad = loadPeak(t, parts.loadTransient);
  const checkpointing = method !== "inference" && checkpointingFor(req, method);
  const adapter = method === "lora" || method === "qlora";
  return {
    method,
    trainableParams: Math.round(parts.trainable),
    gpuCount: N,
    zero,
    gradientCheckpointing: checkpointing,
    bytes,
    hostBytes: Math.round(host),
    terms: t,
    ...(atLoad && atLoad.bytes > bytes.total ? { atLoad } : {}),
    setup: {
      ...(adapter ? { targets: targetsFor(req, method), rank: req.rank, adapterBytes: adapterBytes(req) } : {}),
      ...(parts.baseDtype ? { baseDtype: parts.baseDtype } : {}),
      ...(parts.kvDtype ? { kvDtype: parts.kvDtype } : {}),
      stepTemporaryBytes,
      ...(vllm ? { vllm: vllmInputs(m, req, N) } : {}),
    },
  };
}
