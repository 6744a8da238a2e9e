import type { ResolvedModel } from "./model.js";

/**
 * KV cache of a decoder at `seq` tokens: 2 (K and V) · layers · batch · seq · kv_heads · head_dim · bytes,
 * with GQA's KV heads and the config's head_dim; sliding-window layers stop at their window (Mistral, Gemma 2);
 * multi-head latent attention (DeepSeek-V2/V3) caches one compressed latent per token and layer.
 */
export function kvCacheBytes(m: ResolvedModel, batch: number, seq: number, elementBytes: number): number {
  if (m.arch === "encoder") return 0;
  if (m.kvLatentDim) return m.layers * batch * seq * m.kvLatentDim * elementBytes;
  const perTokenPerLayer = 2 * m.kvHeads * m.headDim * elementBytes * batch;
  const windowed = m.slidingWindow ? Math.min(m.slidingWindow.layers, m.layers) : 0;
  const windowTokens = m.slidingWindow ? Math.min(seq, m.slidingWindow.window) : seq;
  return perTokenPerLayer * ((m.layers - windowed) * seq + windowed * windowTokens);
}
