/** Which model a request is about: one only, though a name and its size may both be written. */
import { formatCount } from "../render/units.js";
import type { ModelSpec } from "../catalog/index.js";
import type { ModelRef } from "../estimator/request.js";
import type { ModelHit } from "./names.js";
import { paramsInRange } from "./ranges.js";
import { fail, note, type State } from "./state.js";

/** A note about the model, kept apart as well: `--json` carries it as `model.note`. */
function modelNote(st: State, text: string): void {
  note(st, text);
  st.modelNote = text;
}

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

/** The request's reference for a catalog or size hit (a Hub repository's fallback is one of these). */
function refOf(hit: Exclude<ModelHit, { kind: "family" | "hub" }>, text: string): ModelRef {
  if (hit.kind === "catalog") return { kind: "catalog", id: hit.spec.id };
  const params = paramsInRange(hit.params, text);
  return hit.basis ? { kind: "size", params, basis: hit.basis.id } : { kind: "size", params };
}

const squash = (s: string): string =>
  s
    .toLowerCase()
    .replace(/^.*\//, "")
    .replace(/[^a-z0-9]/g, "");

/** Does `org/name` name the catalog's own repository (or one of its listed Hub ids)? */
function sameOrg(text: string, spec: ModelSpec): boolean {
  const t = text.trim().toLowerCase();
  return t.split("/")[0] === spec.hfRepo.toLowerCase().split("/")[0] || spec.aliases.includes(t);
}

/** Is the name typed just a spelling of the model (its id, name or Hub repository, with an instruct/chat suffix)? */
function spelling(text: string, spec: ModelSpec): boolean {
  const typed = squash(text).replace(/(instruct|chat|base|hf|it|pt)$/, "");
  return [spec.id, spec.name, spec.hfRepo].some((n) => {
    const own = squash(n).replace(/(instruct|chat|base|hf|it|pt)$/, "");
    return typed === own || typed.startsWith(own) || own.startsWith(typed);
  });
}

/** Off by more than this, a family member chosen for a size is not that size, and the note says so. */
const SAME_SIZE = 0.05;

export function setModelHit(st: State, hit: ModelHit): void {
  const shown = hit.text.replace(/-/g, " ");
  switch (hit.kind) {
    case "catalog": {
      setModel(st, hit.text, refOf(hit, hit.text), hit.spec.params);
      const asked = /(\d+(?:\.\d+)?)\s*([bm])\b/i.exec(hit.text);
      const typed = asked ? Number(asked[1]) * (asked[2]!.toLowerCase() === "b" ? 1e9 : 1e6) : undefined;
      // The size as named (`llama-3.2-3b` for "3b") is that size; another is the nearest, and the note says so.
      const sizeNamed = asked ? hit.spec.id.endsWith(`-${asked[1]}${asked[2]!.toLowerCase()}`) : false;
      const off = typed !== undefined && !sizeNamed && Math.abs(hit.spec.params - typed) > SAME_SIZE * typed;
      if (hit.chosen && off) {
        modelNote(
          st,
          `\`${shown}\`: the catalog has no model of that size in this family; using the nearest, ${hit.spec.name} (${formatCount(hit.spec.params)}).`,
        );
      } else if (hit.chosen) {
        modelNote(st, `\`${shown}\`: using ${hit.spec.name} (\`${hit.spec.id}\`) from the catalog.`);
      } else if (hit.text.includes("/") && !sameOrg(hit.text, hit.spec)) {
        // `myorg/llama-3.1-8b`: perhaps a private fine-tune; answered for the catalog's architecture, said so.
        modelNote(
          st,
          `\`${hit.text}\`: answering for the catalog's ${hit.spec.name} (\`${hit.spec.hfRepo}\`), the architecture its name says.`,
        );
      } else if (!spelling(hit.text, hit.spec)) {
        // A fine-tune or a distill known by its own name: the answer is for its base's architecture, and says so.
        modelNote(st, `\`${shown}\` has the architecture of ${hit.spec.name}: answering for that shape.`);
      }
      return;
    }
    case "unlisted": {
      const ref = refOf(hit, hit.text);
      setModel(st, hit.text, ref, ref.kind === "size" ? ref.params : 0);
      const size = formatCount(hit.params).replace(/\.0+(?=[A-Z])/, "");
      modelNote(
        st,
        hit.basis
          ? `\`${shown}\` is not in the catalog: estimating a ${size} model with the shape of ${hit.basis.name}, the nearest of its family.`
          : `\`${shown}\` is not in the catalog: estimating a generic ${size} model of that size.`,
      );
      return;
    }
    case "hub": {
      const fallback = hit.fallback ? refOf(hit.fallback, hit.fallback.text) : undefined;
      setModel(
        st,
        hit.text,
        { kind: "hub", id: hit.id, ...(fallback?.kind === "size" || fallback?.kind === "catalog" ? { fallback } : {}) },
        fallback?.kind === "size" ? fallback.params : 0,
      );
      return;
    }
    case "family":
      st.familyText ??= hit.text;
      return;
  }
}
