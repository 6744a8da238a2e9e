import { z } from "zod";
import { EstimationRequest } from "../estimator/request.js";

/** What kind of mistake an error is about; lets callers and tests tell them apart without reading prose. */
export const ERROR_CODES = [
  "unknown-word",
  "unknown-option",
  "bad-value",
  "out-of-range",
  "contradiction",
  "missing-model",
  "ambiguous",
  /** A Hub repository that could not be read (not found, gated, unsupported, the Hub down). */
  "model-unavailable",
] as const;
export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** What went wrong, in words for a person, with a corrected example. */
export const ParseError = z.object({
  message: z.string().min(1),
  hint: z.string().min(1),
  /** The word that could not be read, when there is one. */
  token: z.string().optional(),
  code: ErrorCode.optional(),
});
export type ParseError = z.infer<typeof ParseError>;

/** What the person wants to learn beyond "does it fit": the largest batch or the longest sequence that fits. */
export const ASKS = ["max-batch", "max-seq"] as const;
export const Ask = z.enum(ASKS);
export type Ask = z.infer<typeof Ask>;

/** A request field the person set themselves (the others are defaults, and answers call them so). */
export const RequestField = EstimationRequest.keyof();
export type RequestField = z.infer<typeof RequestField>;

export const ParsedRequest = z.object({
  kind: z.literal("request"),
  request: EstimationRequest,
  /** Fields the text set (model and query aside); every other field holds its default. */
  typed: z.array(RequestField),
  /** What the parser said about the model when it is not exactly the one typed. */
  modelNote: z.string().optional(),
  /** Readings the parser chose and says so ("you named two methods: comparing both"). */
  notes: z.array(z.string()),
  ask: Ask.optional(),
});
export type ParsedRequest = z.infer<typeof ParsedRequest>;

export const ParseResult = z.discriminatedUnion("kind", [
  ParsedRequest,
  z.object({ kind: z.literal("help") }),
  z.object({ kind: z.literal("error"), error: ParseError }),
]);
export type ParseResult = z.infer<typeof ParseResult>;

export const EXAMPLES = [
  "7B fp16 seq=2048",
  "llama-3.1-8b qlora gpu=4090 seq=4k",
  "70b inference int4 ctx=32k gpu=2xh100 batch=4",
  "mixtral-8x7b lora r=64 targets=all zero=3 gpus=8",
  "qwen2.5-1.5b full bf16 regime=pure ckpt gpu=a100-80",
] as const;

/** Plain-English forms the parser also reads (shown in help). */
export const PROSE_EXAMPLES = [
  "can I fine-tune llama 3.1 8b with qlora on a 4090 at 4k context?",
  "how much vram do I need to serve mixtral with 32k context on 2 a100s",
  "what's the biggest batch I can use for lora on qwen 7b on an L4",
] as const;
