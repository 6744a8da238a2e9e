import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { models } from "../../src/catalog/index.js";
import { parseRequest } from "../../src/parse/grammar.js";

const spellings = JSON.parse(readFileSync(new URL("../fixtures/names.json", import.meta.url), "utf8")) as {
  text: string;
  id?: string;
  size?: number;
}[];

describe("names as people type them", () => {
  for (const s of spellings) {
    it(`reads “${s.text}” as ${s.id ?? `a ${s.size} size`}`, () => {
      const p = parseRequest(s.text);
      if (p.kind !== "request") throw new Error(`${s.text}: ${p.kind === "error" ? p.error.message : p.kind}`);
      if (s.id) expect(p.request.model).toEqual({ kind: "catalog", id: s.id });
      else expect(p.request.model).toMatchObject({ kind: "size", params: s.size });
    });
  }
});

describe("every catalog model by its exact Hub id, offline", () => {
  it("resolves each model's own repository id (any case) to that model, never to another", () => {
    const wrong: string[] = [];
    for (const m of models) {
      for (const id of [m.hfRepo, m.hfRepo.toUpperCase(), `https://huggingface.co/${m.hfRepo}`]) {
        const p = parseRequest(`${id} lora`);
        const got = p.kind === "request" ? p.request.model : undefined;
        if (got?.kind !== "catalog" || got.id !== m.id) wrong.push(`${id} → ${JSON.stringify(got)}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
