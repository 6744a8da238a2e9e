/**
 * Parameters of the vision towers that load with a multimodal checkpoint and stay frozen when only the
 * language model is trained (`extraFrozenParams`), counted from `vision_config` the way the modeling code
 * builds them. Absent fields take the vision configuration class defaults. Counts are exact for the
 * published checkpoints up to the norms' few thousand parameters.
 */
import { Fields, HEADS, HIDDEN, LAYERS, MalformedField, PIXELS, WIDTH } from "./fields.js";

/** `image_size // patch_size`, for square images and patches. */
function patchesPerSide(f: Fields, image: number, patch: number): number {
  const side = Math.floor(image / patch);
  if (side < 1) throw new MalformedField(`${f.name("patch_size")}: ${patch} is larger than the image (${image})`);
  return side;
}

/** One ViT block with biased q, k, v, o, a plain two-matrix MLP with biases and two LayerNorms. */
function vitLayer(hidden: number, intermediate: number): number {
  const attention = 4 * (hidden * hidden + hidden);
  const mlp = hidden * intermediate + intermediate + intermediate * hidden + hidden;
  return attention + mlp + 2 * 2 * hidden;
}

/**
 * Gemma 3: a SigLIP vision tower (SiglipVisionConfig defaults: hidden 768, intermediate 3072, 12 layers,
 * 3 channels, image 224, patch 16, vision_use_head true) and Gemma3MultiModalProjector, whose
 * `mm_input_projection_weight` maps the vision width to the text width after an RMSNorm.
 */
export function gemma3Vision(f: Fields | undefined, textHidden: number): number {
  const v = f ?? Fields.root({});
  const hidden = v.int("hidden_size", HIDDEN, 768);
  const intermediate = v.int("intermediate_size", WIDTH, 3072);
  const layers = v.int("num_hidden_layers", LAYERS, 12);
  v.int("num_attention_heads", HEADS, 12);
  const channels = v.int("num_channels", PIXELS, 3);
  const image = v.int("image_size", PIXELS, 224);
  const patch = v.int("patch_size", PIXELS, 16);
  const side = patchesPerSide(v, image, patch);
  const patchEmbedding = channels * patch * patch * hidden + hidden;
  const positions = side * side * hidden;
  const postNorm = 2 * hidden;
  // MultiheadAttentionPoolingHead: a probe, torch MultiheadAttention (in/out projections), a LayerNorm, an MLP.
  const head = v.bool("vision_use_head", true)
    ? hidden + 4 * (hidden * hidden + hidden) + 2 * hidden + 2 * hidden * intermediate + intermediate + hidden
    : 0;
  const projector = hidden * textHidden + hidden;
  return patchEmbedding + positions + layers * vitLayer(hidden, intermediate) + postNorm + head + projector;
}

/**
 * Qwen2.5-VL: a ViT with a 3D patch embedding (no bias), RMSNorms, biased fused qkv and gated MLP blocks,
 * then PatchMerger, which concatenates spatial_merge_size² patches and projects them to the text width.
 * Qwen2_5_VLVisionConfig defaults: depth 32, hidden 3584, intermediate 3420, 3 channels, patch 14,
 * temporal patch 2, merge 2; out_hidden_size must equal the text width, so it defaults to that (the class
 * says 3584, the 7B's width).
 */
export function qwen25Vision(f: Fields | undefined, textHidden: number): number {
  const v = f ?? Fields.root({});
  const depth = v.int("depth", LAYERS, 32);
  const hidden = v.int("hidden_size", HIDDEN, 3584);
  const intermediate = v.int("intermediate_size", WIDTH, 3420);
  v.int("num_heads", HEADS, 16);
  const channels = v.int(["in_channels", "in_chans"], PIXELS, 3);
  const patch = v.int("patch_size", PIXELS, 14);
  const temporal = v.int("temporal_patch_size", PIXELS, 2);
  const merge = v.int("spatial_merge_size", PIXELS, 2);
  const out = v.int("out_hidden_size", HIDDEN, textHidden);
  const patchEmbedding = channels * temporal * patch * patch * hidden;
  const block =
    2 * hidden + // norm1, norm2
    3 * hidden * hidden +
    3 * hidden + // qkv
    hidden * hidden +
    hidden + // proj
    2 * (hidden * intermediate + intermediate) + // gate, up
    intermediate * hidden +
    hidden; // down
  const merged = hidden * merge * merge;
  const merger = hidden + merged * merged + merged + merged * out + out;
  return patchEmbedding + depth * block + merger;
}

/**
 * Llama 4: a ViT with an unfold-and-linear patch embedding (no bias), a class embedding, learned positions
 * for every patch and the class token, LayerNorms before and after, biased attention and MLP blocks; then the
 * pixel-shuffle adapter MLP (two bias-free linears: intermediate → projector_input_dim, projector_output_dim
 * → projector_output_dim) and the projector (vision_output_dim → text hidden, bias per
 * `multi_modal_projector_bias`). Llama4VisionConfig defaults: hidden 768, intermediate 5632, 34 layers,
 * 3 channels, image 448, patch 14, vision_output_dim 7680, projector dims 4096.
 */
export function llama4Vision(f: Fields | undefined, textHidden: number): number {
  const v = f ?? Fields.root({});
  const hidden = v.int("hidden_size", HIDDEN, 768);
  const intermediate = v.int("intermediate_size", WIDTH, 5632);
  const layers = v.int("num_hidden_layers", LAYERS, 34);
  v.int("num_attention_heads", HEADS, 16);
  const channels = v.int("num_channels", PIXELS, 3);
  const image = v.int("image_size", PIXELS, 448);
  const patch = v.int("patch_size", PIXELS, 14);
  const output = v.int("vision_output_dim", WIDTH, 7680);
  const projectorIn = v.int("projector_input_dim", WIDTH, 4096);
  const projectorOut = v.int("projector_output_dim", WIDTH, 4096);
  const side = patchesPerSide(v, image, patch);
  const embedding = channels * patch * patch * hidden + hidden + (side * side + 1) * hidden;
  const norms = 2 * 2 * hidden;
  const adapter = intermediate * projectorIn + projectorOut * projectorOut;
  const projector = output * textHidden + (v.bool("multi_modal_projector_bias", false) ? textHidden : 0);
  return embedding + norms + layers * vitLayer(hidden, intermediate) + adapter + projector;
}
