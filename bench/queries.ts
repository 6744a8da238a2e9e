/** Requests the benchmarks use: slash-command forms, as people type them. */
export const SLASH_QUERIES = [
  "7B fp16 seq=2048",
  "llama-3.1-8b qlora gpu=4090 seq=4k",
  "70b inference int4 ctx=32k gpu=2xh100 batch=4",
  "mixtral-8x7b lora r=64 targets=all zero=3 gpus=8",
  "qwen2.5-1.5b full bf16 regime=pure ckpt gpu=a100-80",
  "deepseek-v3 inference fp8 ctx=128k gpus=8 gpu=h200",
  "gemma-2-9b lora batch=8 seq=8k flash=off",
  "1.5B full optim=adamw8bit loss=chunked gpu=24gb",
] as const;

/** Questions as people type them in mentions and DMs. */
export const PROSE_QUERIES = [
  "can I fine-tune llama 3.1 8b with qlora on a 4090 at 4k context?",
  "how much vram do I need to serve mixtral with 32k context on 2 a100s",
  "will full fine-tuning a 1.5B model in bf16 fit in 24gb?",
  "what's the biggest batch I can use for lora on qwen 7b on an L4",
  "<@U0123ABC> hey, could I serve deepseek v3 in fp8 on 8 h200s with 32k context?",
] as const;
