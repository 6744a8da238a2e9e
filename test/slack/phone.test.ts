import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Block, Message } from "../../src/render/slack/blockkit.js";
import { PHONE_MONO } from "../../src/render/slack/answer.js";
import { helpMessage } from "../../src/render/slack/messages.js";
import { replyTo } from "../../src/render/slack/reply.js";
import { homeView } from "../../src/render/slack/views.js";

const phrasings = (
  JSON.parse(readFileSync(new URL("../fixtures/phrasings.json", import.meta.url), "utf8")) as { text: string }[]
).map((p) => p.text);

const answers = phrasings.flatMap((text) => {
  const r = replyTo(text, { prefix: "/vram", shareable: true });
  return r.outcome === "answer" ? [{ text, message: r.message }] : [];
});

/** Every text a person sees in a message (buttons' values aside). */
function visible(m: Message): string[] {
  const out: string[] = [];
  const walk = (b: Block) => {
    if (b.type === "header") out.push(b.text.text);
    if (b.type === "section") {
      if (b.text) out.push(b.text.text);
      for (const f of b.fields ?? []) out.push(f.text);
    }
    if (b.type === "context") for (const e of b.elements) if ("text" in e) out.push(e.text);
  };
  for (const b of m.blocks) walk(b);
  return out;
}

/** Lines set in monospace: inside ``` blocks, and inline `code` spans. */
function monospaceLines(text: string): string[] {
  const blocks = [...text.matchAll(/```\n?([\s\S]*?)```/g)].flatMap((m) => m[1]!.split("\n"));
  const inline = [...text.replace(/```[\s\S]*?```/g, "").matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);
  return [...blocks, ...inline];
}

describe("answers a phone can read", () => {
  it("answers most of the corpus (the checks below run over them)", () => {
    expect(answers.length).toBeGreaterThan(250);
  });

  it(`sets no monospace line over ${PHONE_MONO} characters`, () => {
    const long = answers.flatMap(({ text, message }) =>
      visible(message)
        .flatMap(monospaceLines)
        .filter((l) => [...l].length > PHONE_MONO)
        .map((l) => `${text}: ${l}`),
    );
    expect(long).toEqual([]);
  });

  it("puts the verdict, with a number, in the first section", () => {
    for (const { text, message } of answers) {
      const first = message.blocks.find((b) => b.type === "section");
      const words = first?.type === "section" ? (first.text?.text ?? "") : "";
      expect(words, text).toMatch(/^(✅|⚠️|❌|💡|📏)/);
      expect(words, text).toMatch(/\d/);
    }
  });

  it("keeps the visible text of an answer within 1,400 characters before Why?", () => {
    const over = answers
      .map(({ text, message }) => ({ text, n: visible(message).join("\n").length }))
      .filter((x) => x.n > 1400);
    expect(over).toEqual([]);
  });

  it("offers at most five buttons", () => {
    for (const { text, message } of answers) {
      const actions = message.blocks.filter((b) => b.type === "actions");
      const n = actions.reduce((s, b) => s + (b.type === "actions" ? b.elements.length : 0), 0);
      expect(n, text).toBeLessThanOrEqual(5);
    }
  });
});

describe("help a phone can read", () => {
  it("fits help in one screen (1,200 characters, no long monospace line) and points to Home for every word", () => {
    const help = helpMessage("/vram");
    const text = visible(help).join("\n");
    expect(text.length).toBeLessThanOrEqual(1200);
    expect(
      visible(help)
        .flatMap(monospaceLines)
        .filter((l) => [...l].length > PHONE_MONO),
    ).toEqual([]);
    expect(text).toContain("Home");
  });
  it("lists every word of the request language on the Home tab, as text rather than monospace", () => {
    const home = visible({ text: "", blocks: homeView().blocks as Message["blocks"] }).join("\n");
    for (const word of ["precision", "optim=", "regime=", "loss=chunked", "basis=", "org/name"])
      expect(home).toContain(word);
    expect(home).not.toContain("```");
  });
});
