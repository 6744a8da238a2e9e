import { DEFAULTS, FRAMEWORKS } from "../estimator/request.js";
import { EXAMPLES, PROSE_EXAMPLES } from "../parse/result.js";
import { formatTokens } from "./units.js";

const D = DEFAULTS;

/** The words of the request language, one line each (the terminal's help and the Home tab's list). */
export function grammarLines(): string[] {
  return helpText("")
    .split("\n")
    .slice(helpText("").split("\n").indexOf("Words, in any order (defaults in brackets):") + 1)
    .map((l) => l.trim());
}

/** Usage, shared by the terminal and Slack. `prefix` is how the command is typed there. */
export function helpText(prefix: string): string {
  return [
    "VRAM Advisor: will this model train, fine-tune or serve on that GPU?",
    "",
    "Examples:",
    ...EXAMPLES.map((e) => `  ${prefix} ${e}`),
    "",
    "Or ask in plain English:",
    ...PROSE_EXAMPLES.map((e) => `  ${prefix} ${e}`),
    "",
    "Words, in any order (defaults in brackets):",
    "  model      a size (7B, 1.5b, 350M) or a name (llama-3.1-8b, qwen2.5-7b, mistral-7b, mixtral-8x7b …)",
    "  method     full | lora | qlora | freeze | inference   (none: compare full, LoRA, QLoRA and inference)",
    `  precision  fp32 | fp16 | bf16 | fp8 | int8 | int4 | nf4   [${D.precision}]`,
    `  seq=2048   tokens per sequence (also ctx=, 4k, 32k, 128k)   [${formatTokens(D.seq)}]`,
    `  batch=4    micro-batch per GPU   [${D.batch}]`,
    "  gpu=4090   a card (a100-80, h100, l40s, 2xh100, 24gb)        gpus=8    how many",
    `  rank=16 targets=qv|qkv|attn|mlp|all      LoRA adapters   [r=${D.rank}; q,v for LoRA, all for QLoRA]`,
    `  dropout=0.05   LoRA dropout (each adapter keeps its dropped-out input and a 1-byte mask)   [${D.loraDropout}]`,
    `  optim=adamw|adamw8bit|paged_adamw8bit|sgd|sgd_momentum|adafactor|lion   [${D.optimizer}]`,
    `  step=foreach|fused|loop|inbackward (torch AdamW step; loop = foreach=False; inbackward = torchtune's optimizer_in_bwd)   [${D.optimStep}]`,
    "  accum=1    gradient accumulation steps (1: gradients appear as activations free)   [unset: accumulating]",
    "  compile    torch.compile   offload=activations (saved activations in host memory)   quant=torchao (torchtune's NF4 at load)",
    "  autocast   a 16-bit autocast over 16-bit weights (the HF Trainer's bf16=True; regime=amp has its own)",
    `  ckpt (gradient checkpointing)  flash=on|off [${D.flashAttention ? "on" : "off"}]  zero=0..3 (fsdp = zero=3)  offload=cpu [${D.offload}]`,
    `  regime=seed|mixed|amp|pure (bytes per parameter of full fine-tuning: 12, 16, 18, 8)  master=fp32   [${D.regime}]`,
    `  loss=chunked (fused cross-entropy) [${D.loss}]  kv=fp8 (KV-cache precision)  quant=nodq (QLoRA without double quantization)`,
    `  framework=torchtune   its defaults fill what you leave out, your words override: ${FRAMEWORKS.join(", ")}`,
    `  engine=vllm util=0.95   serve as vLLM: it takes util × the card, the rest holds KV cache   [${D.engine}; util ${D.gpuUtil}]`,
    `  layers=2   freeze: how many of the last layers train   [${D.trainLayers}]`,
    "  5B basis=llama-3.2-3b   a size with a catalog model's shape (what `llama 5b` reads as)",
    "  org/name   any Hugging Face model id or link (looked up on the Hub)",
    `  unit=gib   sizes in GiB (2^30 bytes, as nvidia-smi) instead of GB (10^9)   [${D.unit}]`,
  ].join("\n");
}
