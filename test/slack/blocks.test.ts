import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_GPUS } from "../../src/advisor/targets.js";
import { Block, HomeView, LIMITS, Message, ModalView } from "../../src/render/slack/blockkit.js";
import { helpMessage, internalErrorMessage } from "../../src/render/slack/messages.js";
import { escapeText } from "../../src/render/slack/mrkdwn.js";
import { replyTo } from "../../src/render/slack/reply.js";
import { encodeState } from "../../src/render/slack/state.js";
import { formView, homeView } from "../../src/render/slack/views.js";
import { toCanonical } from "../../src/parse/canonical.js";
import { EstimationRequest } from "../../src/estimator/request.js";

const phrasings = (
  JSON.parse(readFileSync(new URL("../fixtures/phrasings.json", import.meta.url), "utf8")) as { text: string }[]
).map((p) => p.text);

const issuesOf = (m: unknown) => {
  const r = Message.safeParse(m);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("Block Kit limits", () => {
  it(`holds for the reply to every phrasing of the corpus (${phrasings.length}), slash and mention alike`, () => {
    const bad: string[] = [];
    for (const text of phrasings) {
      for (const opts of [
        { prefix: "/vram", shareable: true },
        { prefix: "@VRAM Advisor", shareable: false },
      ]) {
        const issues = issuesOf(replyTo(text, opts).message);
        if (issues.length) bad.push(`${text}: ${issues.join("; ")}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("summarises an answer over every catalog GPU instead of breaking a limit", () => {
    const gpus = [
      "4090",
      "3090",
      "a100",
      "a100-80",
      "h100",
      "h200",
      "l40s",
      "l4",
      "a10",
      "t4",
      "v100",
      "mi300x",
      "rtx 6000 ada",
      "5090",
    ];
    const reply = replyTo(`llama-3.1-8b ${gpus.map((g) => `gpu=${g.replace(/ /g, "")}`).join(" ")} seq=128k`, {
      prefix: "/vram",
      shareable: true,
    });
    expect(issuesOf(reply.message)).toEqual([]);
    expect(JSON.stringify(reply.message.blocks)).toContain("more GPUs");
  });

  it("keeps a 4,000-character question within every limit", () => {
    const long =
      `can I fine-tune llama 3.1 8b on a 4090 ${"and also please consider my very long story ".repeat(90)}`.slice(
        0,
        4000,
      );
    expect(issuesOf(replyTo(long, { prefix: "/vram", shareable: true }).message)).toEqual([]);
  });

  it("rejects what Slack would reject: a header over 150 characters, 51 blocks, 26 buttons", () => {
    expect(Block.safeParse({ type: "header", text: { type: "plain_text", text: "x".repeat(151) } }).success).toBe(
      false,
    );
    const divider = { type: "divider" } as const;
    expect(
      Message.safeParse({ text: "t", blocks: Array.from({ length: LIMITS.messageBlocks + 1 }, () => divider) }).success,
    ).toBe(false);
    const button = { type: "button", text: { type: "plain_text", text: "b" }, action_id: "a" };
    expect(Block.safeParse({ type: "actions", elements: Array.from({ length: 26 }, () => button) }).success).toBe(
      false,
    );
    expect(Block.safeParse({ type: "section", text: { type: "mrkdwn", text: "x".repeat(3001) } }).success).toBe(false);
  });

  it("keeps a button's value within Slack's 2,000 characters even for a long question over many GPUs", () => {
    const request = EstimationRequest.parse({
      model: { kind: "size", params: 7e9 },
      query: "q".repeat(4000),
      gpus: DEFAULT_GPUS.map((id) => ({ id, count: 1 })),
    });
    const state = { request: toCanonical(request), query: request.query.slice(0, 300), why: false, shareable: true };
    const value = encodeState({ ...state, notes: ["n".repeat(300)] });
    expect(value).toBeDefined();
    expect(value!.length).toBeLessThanOrEqual(LIMITS.buttonValue);
  });

  it("validates the help, error, Home tab and form surfaces", () => {
    expect(issuesOf(helpMessage("/vram"))).toEqual([]);
    expect(issuesOf(internalErrorMessage("deadbeef"))).toEqual([]);
    expect(HomeView.safeParse(homeView()).success).toBe(true);
    expect(
      ModalView.safeParse(formView(JSON.stringify({ responseUrl: "https://hooks.slack.com/commands/T/1/x" }))).success,
    ).toBe(true);
  });
});

describe("text a user typed cannot ping or restyle anything", () => {
  const hostile = "can I fine-tune llama 3.1 8b on a 4090 <!channel> <!here> <@U999> *bold* _it_ ~s~ `code`";

  it("echoes a question only as plain_text, so Slack renders it literally", () => {
    const m = replyTo(hostile, { prefix: "/vram", shareable: true }).message;
    const echo = m.blocks.find((b) => b.type === "context" && JSON.stringify(b).includes("You asked"));
    expect(echo?.type === "context" && echo.elements[0]?.type).toBe("plain_text");
    const mrkdwn = m.blocks.flatMap((b) =>
      b.type === "section" && b.text?.type === "mrkdwn"
        ? [b.text.text]
        : b.type === "context"
          ? b.elements.filter((e) => e.type === "mrkdwn").map((e) => e.text)
          : [],
    );
    for (const t of [...mrkdwn, m.text]) {
      expect(t).not.toContain("<!channel>");
      expect(t).not.toContain("<!here>");
      expect(t).not.toContain("<@U999>");
    }
  });

  it("escapes an unreadable word in an error so it cannot ping or break out of its code span", () => {
    for (const word of ["<!channel>fp17", "`*x*`fp17", "<@U999>qlroa"]) {
      const m = replyTo(`7B ${word}`, { prefix: "/vram", shareable: true }).message;
      const all = JSON.stringify(m);
      expect(all).not.toContain("<!channel>");
      expect(all).not.toContain("<@U999>");
      expect(issuesOf(m)).toEqual([]);
    }
  });

  it("escapes the control characters of mrkdwn", () => {
    expect(escapeText("<!channel> & <@U1>")).toBe("&lt;!channel&gt; &amp; &lt;@U1&gt;");
  });
});
