import { FORM } from "../../../render/slack/ids.js";
import type { ParseError } from "../../../parse/result.js";

/** The shape of view.state.values Slack sends for our form (only the fields we read). */
export type FormValues = Record<
  string,
  Record<string, { value?: string | null; selected_option?: { value: string } | null }>
>;

const read = (values: FormValues, id: string): string => {
  const v = values[id]?.[id];
  return (v?.selected_option?.value ?? v?.value ?? "").trim();
};

/** The form's fields as one request in the request language, so the form and the command can never disagree. */
export function formText(values: FormValues): string {
  const words = [read(values, FORM.model)];
  const method = read(values, FORM.method);
  if (method && method !== "compare") words.push(method);
  const precision = read(values, FORM.precision);
  if (precision) words.push(precision);
  const seq = read(values, FORM.seq);
  if (seq) words.push(`seq=${seq.replace(/\s+/g, "")}`);
  const batch = read(values, FORM.batch);
  if (batch) words.push(`batch=${batch}`);
  const gpu = read(values, FORM.gpu);
  if (gpu) words.push(`gpu=${gpu.replace(/\s+/g, "")}`);
  return words.filter((w) => w !== "").join(" ");
}

/** Which field a parser error is about, so Slack shows it under that input. */
export function fieldOf(error: ParseError, values: FormValues): string {
  const token = error.token?.toLowerCase();
  if (token) {
    for (const id of [FORM.seq, FORM.gpu, FORM.batch, FORM.model]) {
      const v = read(values, id).toLowerCase();
      if (v !== "" && (v.includes(token) || token.includes(v.replace(/\s+/g, "")))) return id;
    }
    if (/^(seq|ctx)=/.test(token)) return FORM.seq;
    if (/^gpus?=/.test(token)) return FORM.gpu;
    if (/^batch=/.test(token)) return FORM.batch;
  }
  return FORM.model;
}
