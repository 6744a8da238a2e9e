import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { applyChange, CHANGES } from "../../src/advisor/change.js";
import { parseRequest } from "../../src/parse/grammar.js";
import { decodeState, encodeState, type AnswerState } from "../../src/render/slack/state.js";

const phrasings = (
  JSON.parse(readFileSync(new URL("../fixtures/phrasings.json", import.meta.url), "utf8")) as { text: string }[]
).map((p) => p.text);

describe("the state a button carries", () => {
  it("decodes to exactly the request it was made from, for every phrasing and every one-click change", () => {
    let checked = 0;
    for (const text of phrasings) {
      const parsed = parseRequest(text);
      if (parsed.kind !== "request") continue;
      for (const request of [parsed.request, ...CHANGES.map((c) => applyChange(parsed.request, c))]) {
        const state: AnswerState = {
          request,
          why: checked % 2 === 0,
          shareable: checked % 3 === 0,
          ask: parsed.ask,
          notes: parsed.notes.slice(0, 5),
        };
        const value = encodeState(state);
        expect(value).toBeDefined();
        expect(value!.length).toBeLessThanOrEqual(2000);
        expect(decodeState(value)).toEqual({ ...state, request: { ...request, query: request.query.slice(0, 300) } });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it("is small: a typical answer's button is a few hundred characters at most", () => {
    const parsed = parseRequest("llama-3.1-8b qlora gpu=4090 seq=4k");
    if (parsed.kind !== "request") throw new Error("does not parse");
    expect(encodeState({ request: parsed.request, why: false, shareable: true, notes: [] })!.length).toBeLessThan(200);
  });

  it("refuses malformed and tampered values", () => {
    for (const v of [
      undefined,
      "",
      "{",
      "[]",
      '{"q":"fp17"}',
      '{"r":{"model":{"kind":"size","params":-1}}}',
      '{"e":"x"}',
      "x".repeat(2001),
    ])
      expect(decodeState(v)).toBeUndefined();
  });
});
