/** vLLM on a card, in words: its budget, what it gives the KV cache, and how many sequences that holds. */
import type { Serving } from "../advisor/serving.js";
import type { GpuTarget } from "../advisor/verdict.js";
import type { Answer } from "../answer/schema.js";
import type { Unit } from "../estimator/request.js";
import { formatBytes, formatTokens } from "./units.js";

/** "54 concurrent 8k-token sequences", "one 128k-token sequence". */
export function sequencesText(n: number, seq: number): string {
  const tokens = `${formatTokens(seq)}-token`;
  return n === 1 ? `one ${tokens} sequence` : `${n.toLocaleString("en-US")} concurrent ${tokens} sequences`;
}

/** The answer's vLLM numbers: on the card its inference breakdown is for (the one named, else the smallest fit). */
export function servedOf(a: Pick<Answer, "scenarios">): { target: GpuTarget; serving: Serving } | undefined {
  return a.scenarios.find((s) => s.method === "inference")?.servedOn;
}

/** "util=0.95 would hold it." where a higher gpu_memory_utilization the card allows would. */
function utilHint(f: Serving): string {
  if (f.minUtil === null || f.minUtil <= f.gpuUtil) return "";
  return ` util=${f.minUtil} would hold ${f.batch > 1 ? `${f.batch} of them` : "it"}.`;
}

/** vLLM on one card in one or two sentences, every number from `f` (computed once in the answer). */
export function servingText(f: Serving, t: Pick<GpuTarget, "short" | "count" | "memoryBytes">, u: Unit): string {
  const card = t.count > 1 ? `each ${t.short}` : `the ${t.short}`;
  const takes = `vLLM (gpu_memory_utilization ${f.gpuUtil}) takes ${formatBytes(f.budgetBytes, u)} of ${card}'s ${formatBytes(t.memoryBytes, u)}`;
  const rest = formatBytes(f.nonTorchBytes + f.graphBytes, u);
  const after = `after ${formatBytes(f.weightsBytes, u)} of weights, ${formatBytes(f.profileBytes, u)} for its profiling run and ${rest} outside torch and in CUDA graphs`;
  const pool = formatBytes(Math.max(0, f.kvPoolBytes), u);
  const blocks = `${f.blocks.toLocaleString("en-US")} blocks of ${f.blockTokens} tokens`;
  switch (f.problem) {
    case "none":
    case "batch": {
      const fewer = f.problem === "batch" ? `, fewer than the ${f.batch} asked (the others wait in vLLM's queue)` : "";
      const cap = f.sequences > f.maxNumSeqs ? ` (it runs at most ${f.maxNumSeqs} at once: max_num_seqs)` : "";
      return `${takes}; ${after}, ${pool} is left for the KV cache: ${blocks}, which hold ${sequencesText(f.sequences, f.seq)}${fewer}${cap}.${f.problem === "batch" ? utilHint(f) : ""}`;
    }
    case "context":
      return `${takes}; ${after}, ${pool} is left for the KV cache: ${blocks}, and one ${formatTokens(f.seq)}-token sequence takes ${f.blocksPerSeq.toLocaleString("en-US")}: vLLM refuses to start at max_model_len ${f.seq}.${utilHint(f)}`;
    case "fixed":
      return `${takes}; ${formatBytes(f.weightsBytes, u)} of weights, ${formatBytes(f.profileBytes, u)} for its profiling run and ${rest} outside torch and in CUDA graphs already take more: nothing is left for the KV cache.${utilHint(f)}`;
    case "startup":
      return `${takes}, more than the card has free at start (less its CUDA context): vLLM refuses to start; util=${f.maxUtil} is the most it can take there.`;
  }
}

/** A plan's vLLM result in a few words: "holds 3 concurrent 8k-token sequences". */
export function servingShort(f: Serving): string {
  return `holds ${sequencesText(f.sequences, f.seq)}`;
}
