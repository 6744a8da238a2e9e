import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { applyChange, CHANGES } from "../../src/advisor/change.js";
import { toCanonical } from "../../src/parse/canonical.js";
import { parseRequest } from "../../src/parse/grammar.js";
import { replyFromState } from "../../src/render/slack/reply.js";
import { decodeState, encodeState, type AnswerState } from "../../src/render/slack/state.js";

const phrasings = (
  JSON.parse(readFileSync(new URL("../fixtures/phrasings.json", import.meta.url), "utf8")) as { text: string }[]
).map((p) => p.text);

describe("the state a button carries", () => {
  it("carries canonical text that reads back to exactly the request, for every phrasing and every one-click change", () => {
    let checked = 0;
    for (const text of phrasings) {
      const parsed = parseRequest(text);
      if (parsed.kind !== "request") continue;
      for (const request of [parsed.request, ...CHANGES.map((c) => applyChange(parsed.request, c))]) {
        const canonical = toCanonical(request);
        const back = parseRequest(canonical);
        if (back.kind !== "request") throw new Error(`${canonical} (from ${text}) does not read back`);
        expect({ ...back.request, query: "" }, canonical).toEqual({ ...request, query: "" });
        const state: AnswerState = {
          request: canonical,
          query: request.query.slice(0, 300),
          why: checked % 2 === 0,
          shareable: checked % 3 === 0,
          notes: parsed.notes.slice(0, 5),
          ...(parsed.ask ? { ask: parsed.ask } : {}),
        };
        const value = encodeState(state);
        expect(value).toBeDefined();
        expect(value!.length).toBeLessThanOrEqual(2000);
        expect(decodeState(value)).toEqual(state);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it("is small: a typical answer's button is a few hundred characters at most", () => {
    const state = {
      request: "llama-3.1-8b qlora seq=4096 gpu=rtx-4090",
      query: "",
      why: false,
      shareable: true,
      notes: [],
    };
    expect(encodeState(state)!.length).toBeLessThan(200);
  });

  it("refuses malformed and tampered values", () => {
    for (const v of [undefined, "", "{", "[]", '{"q":7}', '{"e":"x"}', "x".repeat(2001)])
      expect(decodeState(v)).toBeUndefined();
  });

  it("decodes a request that no longer reads, and re-running it is refused as stale", async () => {
    const state = decodeState('{"q":"fp17"}');
    expect(state?.request).toBe("fp17");
    expect(await replyFromState(state!)).toEqual({ kind: "stale" });
  });
});
