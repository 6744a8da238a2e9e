/**
 * Runtime overhead beside the tensors: the CUDA context with PyTorch's kernels and library handles
 * (287 MB with lazy module loading, pytorch/pytorch PR #86509; 0.3–0.6 GiB on current stacks), and the
 * caching allocator's slack (reserved minus allocated: blocks rounded to 2 MiB / 20 MiB segments and
 * fragments of freed activations, c10/cuda/CUDACachingAllocator.cpp).
 */
export const CUDA_CONTEXT_BYTES = 512 * 1024 * 1024;

/** Share of the memory that is allocated and freed every step (activations, KV cache) lost to fragmentation. */
export const DYNAMIC_SLACK = 0.08;

/** Share of long-lived tensors (weights, gradients, states) lost to segment rounding. */
export const STATIC_SLACK = 0.01;

/**
 * Blocks whose saved activations stay on the GPU under activation offloading: the one being copied out (forward) or
 * used (backward) and the one prefetched beside it on the side stream (torchtune training/_activation_offloading.py,
 * OffloadActivations with use_streams; Unsloth's offloaded gradient checkpointing reloads one block ahead).
 */
export const OFFLOAD_IN_FLIGHT_BLOCKS = 2;
