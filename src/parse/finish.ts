/** From everything read to one valid request: methods, precision and GPUs reconciled, the schema applied. */
import { findGpu } from "../catalog/index.js";
import { isQuantized } from "../estimator/precision.js";
import { EstimationRequest, type Method, type Precision } from "../estimator/request.js";
import { familyMembers } from "./names.js";
import type { ParseResult, RequestField } from "./result.js";
import { fail, note, type State } from "./state.js";
import { canonicalText } from "./canonical.js";
import { applyPreset } from "./preset.js";

const FOUR_BIT: ReadonlySet<Precision> = new Set(["int4", "nf4"]);
const SIXTEEN_BIT: ReadonlySet<Precision> = new Set(["bf16", "fp16", "fp32"]);

/** Quantized weights stay frozen: they can be served, or carry QLoRA adapters. fp8 trains. */
function frozenOnly(p: Precision | undefined): boolean {
  return p !== undefined && p !== "fp8" && isQuantized(p);
}

function resolvePrecision(st: State): Precision | undefined {
  const ps = st.precisions;
  if (ps.length <= 1) return ps[0]?.precision;
  const qloraish = st.methods.includes("qlora") || (st.methods.length === 0 && st.wantsTraining);
  const four = ps.find((p) => FOUR_BIT.has(p.precision));
  const sixteen = ps.find((p) => SIXTEEN_BIT.has(p.precision));
  if (ps.length === 2 && qloraish && four && sixteen) {
    if (!st.methods.includes("qlora")) st.methods.push("qlora");
    note(st, `QLoRA: the base is stored in 4 bits (\`${four.text}\`) and computes in \`${sixteen.text}\`.`);
    return sixteen.precision;
  }
  return fail(
    "contradiction",
    `Two precisions: \`${ps[0]!.text}\` and \`${ps[1]!.text}\`.`,
    "Name one precision, e.g. `bf16` for training or `int4` for serving.",
    ps[1]!.text,
  );
}

const listed = (xs: readonly string[]): string =>
  xs.length <= 2 ? xs.join(" and ") : `${xs.slice(0, -1).join(", ")} and ${xs.at(-1)}`;

function resolveMethods(st: State, precision: Precision | undefined): Method[] {
  let methods = [...st.methods];
  if (frozenOnly(precision)) {
    const p = st.precisions.find((x) => x.precision === precision)!.text;
    if (methods.includes("lora") && !methods.includes("qlora")) {
      methods = methods.map((m) => (m === "lora" ? "qlora" : m));
      note(st, `LoRA on a \`${p}\` base is QLoRA: estimating QLoRA.`);
    }
    const bad = methods.filter((m) => m === "full" || m === "freeze" || m === "lora");
    if (bad.length > 0) {
      fail(
        "contradiction",
        `\`${p}\` weights cannot be trained with ${bad.join("/")} fine-tuning: quantized weights stay frozen.`,
        "Use `qlora` for a 4-bit base with trainable adapters, or `bf16` for full/LoRA, e.g. `llama-3.1-8b qlora`.",
        p,
      );
    }
  }
  if (methods.length === 0 && st.wantsTraining) {
    methods = frozenOnly(precision) ? ["qlora"] : ["full", "lora", "qlora"];
    note(
      st,
      frozenOnly(precision)
        ? "Fine-tuning quantized weights: estimating QLoRA."
        : "No method named: comparing full fine-tuning, LoRA and QLoRA.",
    );
  } else if (methods.length === 0 && st.wantsRunning) {
    methods = ["inference"];
  } else if (methods.length > 1) {
    note(st, `You named ${methods.length} methods: comparing ${listed(methods)} side by side.`);
  }
  return methods;
}

function resolveGpus(st: State): void {
  if (st.gpuCount !== undefined) {
    if (st.gpus.length === 0) st.gpus.push({ count: st.gpuCount });
    else for (const g of st.gpus) g.count = st.gpuCount;
  }
  // "a 4090 with 24gb": the capacity restates the card.
  const named = st.gpus.flatMap((g) => (g.id ? [findGpu(g.id)?.marketingGB] : []));
  st.gpus = st.gpus.filter((g) => g.memoryBytes === undefined || !named.includes(g.memoryBytes / 1e9));
}

/** The fields the text set: present, and not an empty list. */
function typedFields(input: State["input"]): RequestField[] {
  return (Object.keys(input) as RequestField[]).filter((k) => {
    const v = input[k];
    return k !== "query" && k !== "model" && v !== undefined && !(Array.isArray(v) && v.length === 0);
  });
}

/** An optimizer stepped inside the backward frees each gradient at once: there is nothing to accumulate into. */
function checkAccumulation(st: State): void {
  const accum = st.input.accum;
  if (st.input.optimStep === "inbackward" && accum !== undefined && accum > 1) {
    fail(
      "contradiction",
      `\`step=inbackward\` frees each gradient as soon as it is applied, so it cannot accumulate ${accum} micro-batches.`,
      `Drop one of them, e.g. \`step=inbackward\` alone or \`accum=${accum}\` alone.`,
      `accum=${accum}`,
    );
  }
}

export function finish(st: State): ParseResult {
  if (st.input.model === undefined) {
    if (st.sawHelp || !st.sawContent) return { kind: "help" };
    if (st.familyText !== undefined) {
      const members = familyMembers(st.familyText);
      fail(
        "ambiguous",
        `Which \`${st.familyText.replace(/-/g, " ")}\`? Add the size.${members.length ? ` For example ${members.map((m) => `\`${m}\``).join(", ")}.` : ""}`,
        `For example \`${members[0] ?? "llama-3.1-8b"} lora gpu=4090\`.`,
        st.familyText,
      );
    }
    fail(
      "missing-model",
      "Which model? I need a size or a name.",
      `Add one, e.g. \`7B\` or \`llama-3.1-8b\`: \`${canonicalText({ ...st.input, model: { kind: "size", params: 7e9 } })}\`.`,
    );
  }
  if (st.basis !== undefined) {
    const m = st.input.model;
    if (m?.kind !== "size")
      fail(
        "contradiction",
        "`basis=` goes with a size, e.g. `5B basis=llama-3.2-3b`.",
        "Write a size before it, e.g. `5B basis=llama-3.2-3b`.",
        "basis",
      );
    else st.input.model = { ...m, basis: st.basis };
  }
  const precision = resolvePrecision(st);
  if (precision !== undefined) st.input.precision = precision;
  st.input.methods = resolveMethods(st, precision);
  resolveGpus(st);
  st.input.gpus = st.gpus;
  // `framework=`: its defaults fill what the text left unset (and count as typed by the question).
  applyPreset(st);
  checkAccumulation(st);
  const parsed = EstimationRequest.safeParse(st.input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail(
      "out-of-range",
      `Part of the request is out of range: ${issue?.path.join(".") ?? "value"} ${issue?.message ?? ""}.`,
      "Try `7B fp16 seq=2048`.",
    );
  }
  const typed = typedFields(st.input);
  const about = st.modelNote !== undefined ? { modelNote: st.modelNote } : {};
  return st.ask
    ? { kind: "request", request: parsed.data, typed, notes: st.notes, ask: st.ask, ...about }
    : { kind: "request", request: parsed.data, typed, notes: st.notes, ...about };
}
