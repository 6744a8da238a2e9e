/** Which model a request is about: one only, though a name and its size may both be written. */
import { formatCount } from "../render/units.js";
import type { ModelRef } from "../estimator/request.js";
import type { ModelHit } from "./names.js";
import { paramsInRange } from "./ranges.js";
import { fail, note, type State } from "./state.js";

/** A size this close to a named model's size is the same model said twice ("llama 3.1 8b (8B)"). */
const SAME_MODEL = 0.1;

/** Does a size restate a catalog model (`gemma-7b` and `7B`: within 10%, or its name says 7b)? */
function restates(sizeText: string, sizeParams: number, name: string, id: string, params: number): boolean {
  const size = sizeText.toLowerCase();
  return (
    Math.abs(sizeParams - params) <= SAME_MODEL * Math.max(sizeParams, params) ||
    name.toLowerCase().includes(size) ||
    id.includes(size)
  );
}

function setModel(st: State, text: string, ref: ModelRef, params: number): void {
  if (st.modelText !== undefined && st.input.model !== undefined) {
    const prev = st.input.model;
    const bothSizes = prev.kind === "size" && ref.kind === "size";
    const prevParams = st.modelParams ?? 0;
    const prevText = st.modelText;
    const same =
      prev.kind === "catalog" && ref.kind === "catalog"
        ? prev.id === ref.id
        : bothSizes
          ? prevParams === params
          : prev.kind === "catalog"
            ? restates(text, params, prevText, prev.id, prevParams)
            : restates(prevText, prevParams, text, ref.kind === "catalog" ? ref.id : "", params);
    if (!same) {
      fail(
        "contradiction",
        `Two models in one request: \`${st.modelText}\` and \`${text}\`.`,
        `Ask about one model at a time, e.g. \`${ref.kind === "catalog" ? ref.id : text} lora gpu=4090\`.`,
        text,
      );
    }
    if (prev.kind === "catalog") return; // a size after a catalog name only restates it
  }
  st.modelText = text;
  st.modelParams = params;
  st.input.model = ref;
}

export function setSizeModel(st: State, params: number, text: string): void {
  setModel(st, text, { kind: "size", params }, params);
}

export function setModelHit(st: State, hit: ModelHit): void {
  const shown = hit.text.replace(/-/g, " ");
  switch (hit.kind) {
    case "catalog":
      setModel(st, hit.text, { kind: "catalog", id: hit.spec.id }, hit.spec.params);
      if (hit.chosen) note(st, `\`${shown}\`: using ${hit.spec.name} (\`${hit.spec.id}\`) from the catalog.`);
      return;
    case "unlisted":
      setSizeModel(st, paramsInRange(hit.params, hit.text), hit.text);
      note(
        st,
        `\`${shown}\` is not in the catalog: estimating a generic ${formatCount(hit.params).replace(/\.0+(?=[A-Z])/, "")} model of that size.`,
      );
      return;
    case "family":
      st.familyText ??= hit.text;
      return;
  }
}
