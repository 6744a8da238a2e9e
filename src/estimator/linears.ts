import type { Shape } from "./architecture.js";
import { moeLayerCount } from "./architecture.js";
import type { Targets } from "./request.js";

/** One kind of linear layer inside a transformer block. */
export interface Linear {
  name: "q" | "k" | "v" | "o" | "gate" | "up" | "down";
  dIn: number;
  dOut: number;
  /** Copies of this linear across the whole model (layers × experts). */
  count: number;
  /** Copies one token passes through (MoE: only the active experts). */
  activeCount: number;
}

const TARGET_NAMES: Record<Targets, readonly Linear["name"][]> = {
  qv: ["q", "v"],
  qkv: ["q", "k", "v"],
  attn: ["q", "k", "v", "o"],
  mlp: ["gate", "up", "down"],
  all: ["q", "k", "v", "o", "gate", "up", "down"],
};

/** A shape's linears never change: computed once per shape object (the estimator asks for them on every call). */
const linearsOf = new WeakMap<Shape, readonly Linear[]>();

/** Elements of the largest single weight among the block linears (the one quantized, dequantized or cast at a time). */
export function largestLinearElements(s: Shape): number {
  return Math.max(...blockLinears(s).map((l) => l.dIn * l.dOut));
}

/** Every linear of every block (embeddings and LM head excluded). */
export function blockLinears(s: Shape): readonly Linear[] {
  let out = linearsOf.get(s);
  if (!out) {
    out = computeLinears(s);
    linearsOf.set(s, out);
  }
  return out;
}

function computeLinears(s: Shape): Linear[] {
  const L = s.layers;
  const qDim = s.heads * s.headDim;
  const kvDim = s.kvHeads * s.headDim;
  const out: Linear[] = [
    { name: "q", dIn: s.hidden, dOut: qDim, count: L, activeCount: L },
    { name: "k", dIn: s.hidden, dOut: kvDim, count: L, activeCount: L },
    { name: "v", dIn: s.hidden, dOut: kvDim, count: L, activeCount: L },
    { name: "o", dIn: qDim, dOut: s.hidden, count: L, activeCount: L },
  ];
  const moeLayers = moeLayerCount(s);
  const denseLayers = L - moeLayers;
  const mlp = (width: number, count: number, activeCount: number): void => {
    if (count <= 0) return;
    if (s.ffn === "gated") out.push({ name: "gate", dIn: s.hidden, dOut: width, count, activeCount });
    out.push({ name: "up", dIn: s.hidden, dOut: width, count, activeCount });
    out.push({ name: "down", dIn: width, dOut: s.hidden, count, activeCount });
  };
  mlp(s.intermediate, denseLayers, denseLayers);
  if (s.moe && moeLayers > 0) {
    mlp(s.moe.expertIntermediate, moeLayers * s.moe.experts, moeLayers * s.moe.activeExperts);
    const shared = s.moe.sharedExperts;
    mlp(s.moe.sharedIntermediate || s.moe.expertIntermediate, moeLayers * shared, moeLayers * shared);
  }
  return out;
}

export function targetedLinears(s: Shape, targets: Targets): readonly Linear[] {
  const names = TARGET_NAMES[targets];
  return blockLinears(s).filter((l) => names.includes(l.name));
}

/** LoRA (Hu et al. 2021): A is r×d_in, B is d_out×r, so r·(d_in + d_out) trainable parameters per adapted matrix. */
export function loraParams(s: Shape, targets: Targets, rank: number): number {
  return targetedLinears(s, targets).reduce((sum, l) => sum + rank * (l.dIn + l.dOut) * l.count, 0);
}
