/**
 * DeepSpeed's ZeRO model-states estimators (deepspeedai/DeepSpeed at 02aa38c: deepspeed/runtime/zero/stage_1_and_2.py
 * `estimate_zero2_model_states_mem_needs`, deepspeed/runtime/zero/stage3.py `estimate_zero3_model_states_mem_needs`;
 * docs/code-docs/source/memory.rst; estimators survey §3.3). The per-GPU figure only: parameters, gradients and Adam
 * states of full fine-tuning in 16-bit mixed precision — no activations, no temporary buffers ("could take the same
 * amount as params+grads+optim_states", memory.rst), no LoRA, no optimizer but Adam, no fp32 training, no ZeRO-1.
 *
 * Its inputs: total_params (and largest_layer_params for stage 3), num_gpus_per_node, num_nodes, cpu_offload
 * (and cpu_offload_params, zero_init for stage 3). A case runs on one node of `gpus` GPUs.
 */
import { zeroStage } from "../../../src/estimator/estimate.js";
import { blockLinears } from "../../../src/estimator/linears.js";
import type { Peer, PeerCase } from "./types.js";

// stage_1_and_2.py estimate_zero2_model_states_mem_needs:
//   total_gpus = num_nodes · num_gpus_per_node
//   cpu_offload:  gpu = 2P;  cpu = P · max(4·total_gpus, 16) · additional_buffer_factor
//   else:         gpu = 2P + int(18P / total_gpus)   (2 fp16 params | 2 fp16 grads + 4 fp32 grads + 4 fp32 params + 8 Adam)
//                 cpu = P · 4 · num_gpus_per_node · additional_buffer_factor
export function estimateZero2ModelStatesMemNeeds(
  totalParams: number,
  numGpusPerNode = 1,
  numNodes = 1,
  cpuOffload = true,
  additionalBufferFactor = 1.5,
): { cpuMem: number; gpuMem: number } {
  const totalGpus = numNodes * numGpusPerNode;
  let gpuMem: number;
  let cpuMem: number;
  if (cpuOffload) {
    gpuMem = 2 * totalParams;
    cpuMem = totalParams * Math.max(4 * totalGpus, 16) * additionalBufferFactor;
  } else {
    gpuMem = 2 * totalParams + Math.trunc((18 * totalParams) / totalGpus);
    cpuMem = totalParams * 4 * numGpusPerNode * additionalBufferFactor;
  }
  return { cpuMem: Math.trunc(cpuMem), gpuMem: Math.trunc(gpuMem) };
}

// stage3.py estimate_zero3_model_states_mem_needs (gpus_factor = 1 / num_nodes; LL = 4 · largest_layer_params, the
// gathered fp16 params + grads of the largest module):
//   cpu_offload and cpu_offload_params:  gpu = LL;                 cpu = P·18·gpus_factor·1.5 (zero_init)
//                                                                     or P·max(4·gpus_per_node, 18·gpus_factor)·1.5
//   cpu_offload only:                    gpu = LL + int(2P / N);   cpu = P·16·gpus_factor·1.5 (zero_init)
//                                                                     or P·max(4·gpus_per_node, 16·gpus_factor)·1.5
//   no offload:                          gpu = LL + int(18P / N);  cpu = largest_layer·4·gpus_per_node·1.5 (zero_init)
//                                                                     or P·4·gpus_per_node·1.5
export function estimateZero3ModelStatesMemNeeds(
  totalParams: number,
  largestLayerParams: number,
  numGpusPerNode = 1,
  numNodes = 1,
  cpuOffload = true,
  cpuOffloadParams = true,
  zeroInit = true,
  additionalBufferFactor = 1.5,
): { cpuMem: number; gpuMem: number; largestLayerMemory: number } {
  const totalGpus = numNodes * numGpusPerNode;
  const gpusFactor = 1 / numNodes;
  const largestLayerMemory = 4 * largestLayerParams;
  let gpuMem: number;
  let cpuMem: number;
  if (cpuOffload) {
    if (cpuOffloadParams) {
      gpuMem = largestLayerMemory;
      cpuMem = zeroInit
        ? totalParams * 18 * gpusFactor * additionalBufferFactor
        : totalParams * Math.max(4 * numGpusPerNode, 18 * gpusFactor) * additionalBufferFactor;
    } else {
      gpuMem = largestLayerMemory + Math.trunc((2 * totalParams) / totalGpus);
      cpuMem = zeroInit
        ? totalParams * 16 * gpusFactor * additionalBufferFactor
        : totalParams * Math.max(4 * numGpusPerNode, 16 * gpusFactor) * additionalBufferFactor;
    }
  } else {
    gpuMem = largestLayerMemory + Math.trunc((18 * totalParams) / totalGpus);
    cpuMem = zeroInit
      ? largestLayerParams * 4 * numGpusPerNode * additionalBufferFactor
      : totalParams * 4 * numGpusPerNode * additionalBufferFactor;
  }
  return { cpuMem: Math.trunc(cpuMem), gpuMem: Math.trunc(gpuMem), largestLayerMemory };
}

// stage3.py model_to_params: largest_layer_params = max over modules of sum(p.numel() for p in
// m.parameters(recurse=False)) — the largest single module (an embedding, the LM head or one Linear), not a block.
export function largestLayerParams(x: PeerCase): number {
  const m = x.model;
  const linears = blockLinears(m).map((l) => l.dIn * l.dOut);
  return Math.max(m.vocab * m.hidden, ...linears);
}

export function predict(x: PeerCase): number | undefined {
  // Full fine-tuning model states with Adam in 16-bit mixed precision are all the estimators size.
  if (x.method !== "full" || x.req.optimizer !== "adamw") return undefined;
  if (x.req.precision !== "bf16" && x.req.precision !== "fp16") return undefined;
  const stage = zeroStage(x.req, x.method, x.gpus);
  const offload = x.req.offload === "cpu";
  const P = x.model.params;
  // One GPU without ZeRO is ZeRO-2 on one GPU (nothing to partition, the same states); ZeRO-1, or ZeRO-0 across
  // several GPUs, has no estimator (DeepSpeed #5102).
  if (stage === 2 || (stage === 0 && x.gpus === 1 && !offload))
    return estimateZero2ModelStatesMemNeeds(P, x.gpus, 1, offload).gpuMem;
  // Our offload=cpu on stage 3 moves the parameters too (ZeRO-Infinity's offload_param + offload_optimizer).
  if (stage === 3)
    return estimateZero3ModelStatesMemNeeds(P, largestLayerParams(x), x.gpus, 1, offload, offload).gpuMem;
  return undefined;
}

export const deepspeed: Peer = {
  id: "deepspeed",
  name: "DeepSpeed ZeRO estimators",
  source: "deepspeedai/DeepSpeed deepspeed/runtime/zero/stage_1_and_2.py, stage3.py",
  overheadBytes: 0,
  predict,
};
