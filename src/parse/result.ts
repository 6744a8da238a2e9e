import { z } from "zod";
import type { EstimationRequest } from "../estimator/request.js";

/** What went wrong, in words for a person, with a corrected example. */
export const ParseError = z.object({
  message: z.string().min(1),
  hint: z.string().min(1),
  /** The word that could not be read, when there is one. */
  token: z.string().optional(),
});
export type ParseError = z.infer<typeof ParseError>;

export type ParseResult =
  | { kind: "request"; request: EstimationRequest; notes: string[] }
  | { kind: "help" }
  | { kind: "error"; error: ParseError };

export const EXAMPLES = [
  "7B fp16 seq=2048",
  "llama-3.1-8b qlora gpu=4090 seq=4k",
  "70b inference int4 ctx=32k gpu=2xh100 batch=4",
  "mixtral-8x7b lora r=64 targets=all zero=3 gpus=8",
  "qwen2.5-1.5b full bf16 regime=pure ckpt gpu=a100-80",
] as const;
