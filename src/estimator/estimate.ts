import { activationBytes, inferenceWorkingBytes } from "./activations.js";
import { kvCacheBytes } from "./kvcache.js";
import { blockLinears, loraParams, targetedLinears } from "./linears.js";
import type { ResolvedModel } from "./model.js";
import { CUDA_CONTEXT_BYTES, DYNAMIC_SLACK, STATIC_SLACK } from "./overhead.js";
import { computeBytes, ELEMENT_BYTES, isQuantized, quantizedBytesPerWeight } from "./precision.js";
import { checkpointingFor, type EstimationRequest, type Method, type Precision, targetsFor } from "./request.js";
import type { ComponentTerms, Scenario } from "./result.js";
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
 */
function stepTemporary(req: EstimationRequest, trainable: number, stateElement: number, isAdapter: boolean) {
  if (req.optimizer !== "adamw" || req.optimStep === "fused") return { count: 0, each: 0 };
  const torchRegime = isAdapter || req.regime === "pure" || req.regime === "amp" || req.precision === "fp32";
  return torchRegime ? { count: trainable, each: stateElement } : { count: 0, each: 0 };
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
  // regime=amp keeps fp32 weights plus autocast's cached 16-bit copies.
  const amp = req.regime === "amp" && req.precision !== "fp32";
  const dtype = amp ? "fp32+bf16" : quant;
  return { dtype, terms: [counted("weights", m.params, amp ? 6 : ELEMENT_BYTES[quant], { dtype })] };
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
  const tokens = { batch: req.batch, seq: req.seq };
  const a = terms.activations;
  a.push(
    counted(
      checkpointing ? "checkpointed-inputs" : "layer-activations",
      trainedLayers * req.batch * req.seq,
      act.perTokenPerBlock,
      {
        layers: trainedLayers,
        ...tokens,
      },
    ),
  );
  if (act.head > 0) a.push({ kind: "head-input", bytes: act.head, ...tokens });
  if (act.logitsKept > 0) a.push({ kind: "logits", bytes: act.logitsKept, ...tokens });
  // The backward's largest transient: the loss gradients at its start, or a block's working set, whichever is larger.
  if (act.logitsTransient >= act.working) a.push({ kind: "backward-logits", bytes: act.logitsTransient, ...tokens });
  else a.push({ kind: "backward-working", bytes: act.working, ...tokens });
  // QLoRA dequantizes one weight at a time to 16-bit for its matmul (bitsandbytes dequantize_4bit).
  if (method === "qlora") a.push(counted("dequant-buffer", Math.max(...blockLinears(m).map((l) => l.dIn * l.dOut)), 2));
  const stepTemp = stepTemporary(req, trainable, isAdapter ? adapterBytes(req) : rb.stateElement, isAdapter);
  return { terms, trainable, stepTemp, ...(baseDtype ? { baseDtype } : {}) };
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
  const working = inferenceWorkingBytes(m, p, req.batch, req.seq, req.flashAttention);
  terms.activations.push({ kind: "prefill-working", bytes: working, batch: req.batch, seq: req.seq });
  return { terms, trainable: 0, stepTemp: { count: 0, each: 0 }, baseDtype: base.dtype, kvDtype };
}

/** Move a component's terms to host memory; returns the bytes moved. */
function offload(terms: Term[]): { terms: Term[]; host: number } {
  const host = sumBytes(terms);
  return { terms: host > 0 ? [{ kind: "offloaded", bytes: 0, hostBytes: host }] : [], host };
}

/** What one GPU holds for `method` when the job runs on `gpuCount` GPUs. */
export function estimateScenario(m: ResolvedModel, req: EstimationRequest, method: Method, gpuCount = 1): Scenario {
  const parts = method === "inference" ? inferenceParts(m, req) : trainingParts(m, req, method);
  const N = Math.max(1, gpuCount);
  const zero = zeroStage(req, method, N);
  const t = parts.terms;
  let host = 0;

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
  // The step runs after the backward has freed the activations: its temporary only counts where it outgrows them.
  const shards = zero >= 1 && N > 1 ? N : 1;
  const temp = (parts.stepTemp.count * parts.stepTemp.each) / shards;
  const stepTemporaryBytes = req.offload === "cpu" ? 0 : temp;
  if (stepTemporaryBytes > activations) {
    t.optimizer.push({
      kind: "step-temporary",
      bytes: stepTemporaryBytes - activations,
      count: parts.stepTemp.count,
      each: parts.stepTemp.each,
      ...(shards > 1 ? { shards } : {}),
      freed: activations,
    });
  }
  const staticBytes = sumBytes(t.weights) + sumBytes(t.gradients) + sumBytes(t.optimizer);
  const dynamicBytes = activations + sumBytes(t.kvCache);
  // Runtime overhead: the CUDA context and the caching allocator's slack (overhead.ts gives the sources).
  t.overhead = [
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
    setup: {
      ...(adapter ? { targets: targetsFor(req, method), rank: req.rank, adapterBytes: adapterBytes(req) } : {}),
      ...(parts.baseDtype ? { baseDtype: parts.baseDtype } : {}),
      ...(parts.kvDtype ? { kvDtype: parts.kvDtype } : {}),
      stepTemporaryBytes,
    },
  };
}
