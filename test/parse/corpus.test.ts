import { describe, expect, it } from "vitest";
import phrasings from "../fixtures/phrasings.json" with { type: "json" };
import type { GpuRef, ModelRef } from "../../src/estimator/request.js";
import { parseRequest } from "../../src/parse/grammar.js";

/** One phrasing and what it must give. Requests list only the fields that matter; models and GPUs in short form. */
interface Phrasing {
  text: string;
  form: string;
  expect:
    | ({ kind: "request"; model?: string | number; gpus?: string[]; note?: string; ask?: string } & Record<
        string,
        unknown
      >)
    | { kind: "error"; code: string; token?: string }
    | { kind: "help" };
}

const cases = phrasings as Phrasing[];

/** `llama-3.1-8b` → a catalog ref, `7000000000` → a size. */
const model = (m: string | number): ModelRef =>
  typeof m === "number" ? { kind: "size", params: m } : { kind: "catalog", id: m };

/** `2xh100-sxm`, `24gb`, `85899345920bytes`, `8x` (a count alone) → a GPU ref. */
function gpu(text: string): GpuRef {
  const m = /^(?:(\d+)x)?(.*)$/.exec(text)!;
  const count = m[1] ? Number(m[1]) : 1;
  const rest = m[2]!;
  if (rest === "") return { count };
  const gb = /^(\d+)gb$/.exec(rest);
  if (gb) return { memoryBytes: Number(gb[1]) * 1e9, count };
  const bytes = /^(\d+)bytes$/.exec(rest);
  if (bytes) return { memoryBytes: Number(bytes[1]), count };
  return { id: rest, count };
}

describe("the phrasing corpus", () => {
  it("has at least 200 phrasings covering every form", () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
    const forms = new Set(cases.map((c) => c.form));
    for (const f of [
      "slash",
      "sizes",
      "contexts",
      "gpus",
      "models",
      "methods",
      "precision",
      "questions",
      "slack-markup",
      "help",
      "errors",
    ])
      expect(forms).toContain(f);
  });

  it.each(cases.map((c) => [`${c.form}: ${c.text.replace(/\n/g, "⏎")}`, c] as const))("%s", (_, c) => {
    const r = parseRequest(c.text);
    const e = c.expect;
    if (e.kind !== r.kind) throw new Error(`expected ${e.kind}, got ${JSON.stringify(r)}`);
    if (e.kind === "request" && r.kind === "request") {
      const { kind: _k, model: m, gpus, note, ask, ...fields } = e;
      // A size may carry the family's basis shape ("falcon 180b" → Falcon 40B's); the size is what the corpus pins.
      if (m !== undefined) expect(r.request.model).toMatchObject(model(m));
      if (gpus !== undefined) expect(r.request.gpus).toEqual(gpus.map(gpu));
      if (note !== undefined) expect(r.notes.join(" ")).toContain(note);
      expect(r.ask).toBe(ask);
      expect(r.request).toMatchObject(fields);
    }
    if (e.kind === "error" && r.kind === "error") {
      expect(r.error.code).toBe(e.code);
      if (e.token !== undefined) expect(r.error.token).toBe(e.token);
      expect(r.error.message).toMatch(/`[^`]+`|\?/);
      expect(r.error.hint.length).toBeGreaterThan(0);
    }
  });
});
