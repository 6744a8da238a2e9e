/** What a parse has read so far, and the one way it stops: a ParseError thrown as `Fail`, caught by parseRequest. */
import type { EstimationRequestInput, GpuRef, Method, Precision } from "../estimator/request.js";
import type { Ask, ErrorCode, ParseError } from "./result.js";

export class Fail extends Error {
  constructor(readonly detail: ParseError) {
    super(detail.message);
  }
}

export function fail(code: ErrorCode, message: string, hint: string, token?: string): never {
  throw new Fail(token === undefined ? { message, hint, code } : { message, hint, token, code });
}

export interface State {
  /** The request text as read (markup stripped), for corrected examples. */
  text: string;
  input: Partial<EstimationRequestInput>;
  modelText?: string;
  /** Parameters of the model read so far (a size and a catalog name may both describe it). */
  modelParams?: number;
  /** A family named without a size (`llama`, `qwen2.5`), used only if nothing more precise comes. */
  familyText?: string;
  sawHelp: boolean;
  /** Anything read besides filler and prose; a text without it gets help rather than an error. */
  sawContent: boolean;
  /** Methods named exactly, in the order named. */
  methods: Method[];
  /** "fine-tune" / "train" without a method; "run" / "host" without a method. */
  wantsTraining: boolean;
  wantsRunning: boolean;
  /** Every precision word, in order (a 4-bit base plus a 16-bit compute dtype is a sensible QLoRA reading). */
  precisions: { text: string; precision: Precision }[];
  gpus: GpuRef[];
  gpuCount?: number;
  /** What the parser said about the model when it is not the one typed (a nearest size, a base's architecture). */
  modelNote?: string;
  /** `basis=`: the catalog model whose shape a bare size takes. */
  basis?: string;
  ask?: Ask;
  notes: string[];
}

export function newState(text: string): State {
  return {
    text,
    input: { query: text.trim().slice(0, 500) },
    methods: [],
    wantsTraining: false,
    wantsRunning: false,
    sawHelp: false,
    sawContent: false,
    precisions: [],
    gpus: [],
    notes: [],
  };
}

export function addMethod(st: State, m: Method): void {
  if (!st.methods.includes(m)) st.methods.push(m);
}

export function addPrecision(st: State, text: string, precision: Precision): void {
  if (!st.precisions.some((p) => p.precision === precision)) st.precisions.push({ text, precision });
}

export function note(st: State, text: string): void {
  if (!st.notes.includes(text)) st.notes.push(text);
}
