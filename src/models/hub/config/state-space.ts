/**
 * Model types whose memory is not a transformer's: state-space and recurrent layers (alone or mixed with
 * attention) keep a fixed-size state per layer instead of a KV cache growing with the context. Estimating
 * them as transformers would be wrong in both directions, so they are reported as unsupported with what an
 * honest estimate would need.
 */

const MAMBA = "the recurrent state per layer (Mamba's d_state × d_inner) and the convolution state";

const NEEDS: ReadonlyMap<string, string> = new Map([
  ["mamba", MAMBA],
  ["mamba2", `${MAMBA}, per head group`],
  ["falcon_mamba", MAMBA],
  ["codestral_mamba", MAMBA],
  ["jamba", `which layers are attention and which Mamba, and ${MAMBA}`],
  ["zamba", `the shared attention blocks' placement and ${MAMBA}`],
  ["zamba2", `the shared attention blocks' placement and ${MAMBA}`],
  ["bamba", `which layers are attention and which Mamba-2, and ${MAMBA}`],
  ["falcon_h1", `the parallel attention and Mamba-2 heads, and ${MAMBA}`],
  ["nemotron_h", `which layers are attention and which Mamba-2, and ${MAMBA}`],
  ["granitemoehybrid", `which layers are attention and which Mamba-2, and ${MAMBA}`],
  ["recurrent_gemma", "the RG-LRU recurrent state per layer and the local-attention window of the others"],
  ["rwkv", "the RWKV time-mix and channel-mix state per layer"],
  ["xlstm", "the mLSTM matrix memory per layer"],
]);

/** What an estimate of this model type would need, or undefined when it is not a state-space model. */
export function stateSpaceNeeds(modelType: string): string | undefined {
  return NEEDS.get(modelType);
}
