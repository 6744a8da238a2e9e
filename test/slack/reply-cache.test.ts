import { describe, expect, it } from "vitest";
import { ReplyCache } from "../../src/render/slack/reply-cache.js";
import { replyTo } from "../../src/render/slack/reply.js";

const opts = { prefix: "/vram", shareable: true };

describe("the reply cache", () => {
  it("returns the same reply as computing it afresh, and the same object for the same question", () => {
    const cache = new ReplyCache(4);
    const first = cache.reply("7B lora gpu=4090", opts);
    const fresh = replyTo("7B lora gpu=4090", opts);
    const { chart, ...rest } = first;
    const { chart: freshChart, ...freshRest } = fresh;
    expect(rest).toEqual(freshRest);
    // The chart update is the same message with the same picture.
    const url = "https://vram.example.com/charts/v1/x.y.png";
    expect(chart?.request).toBe(freshChart?.request);
    expect(chart?.attach(url)).toEqual(freshChart?.attach(url));
    expect(cache.reply("7B lora gpu=4090", opts)).toBe(first);
  });

  it("keeps questions from different places and people apart", () => {
    const cache = new ReplyCache(8);
    const slash = cache.reply("7B lora", opts);
    expect(cache.reply("7B lora", { prefix: "@VRAM Advisor", shareable: false })).not.toBe(slash);
    expect(cache.reply("7B lora", { ...opts, asker: "U0ONE" })).not.toBe(
      cache.reply("7B lora", { ...opts, asker: "U0TWO" }),
    );
  });

  it("holds at most its bound, dropping the least recently used", () => {
    const cache = new ReplyCache(3);
    const a = cache.reply("7B", opts);
    cache.reply("13B", opts);
    cache.reply("70B", opts);
    cache.reply("7B", opts); // used again: now the most recent
    cache.reply("1.5B", opts); // evicts 13B
    expect(cache.size).toBe(3);
    expect(cache.reply("7B", opts)).toBe(a);
  });

  it("hands out frozen replies, so no caller can change what the next one gets", () => {
    const r = new ReplyCache().reply("7B", opts);
    expect(Object.isFrozen(r.message.blocks)).toBe(true);
    expect(() => (r.message.blocks as unknown[]).push({})).toThrow(TypeError);
  });
});
