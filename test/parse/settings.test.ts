import { describe, expect, it } from "vitest";
import { isSettingsCommand, parseSettings } from "../../src/parse/settings.js";

describe("the settings command", () => {
  it.each(["set", "settings", "defaults", "  SET  "])("shows the defaults for `%s`", (text) => {
    expect(isSettingsCommand(text)).toBe(true);
    expect(parseSettings(text)).toEqual({ kind: "show" });
  });

  it("reads each value with the request parser and keeps it canonical", () => {
    expect(parseSettings("set gpu=4090 ctx=4k precision=fp16 regime=pure bs=4 units=GiB")).toEqual({
      kind: "set",
      scope: "personal",
      values: [
        { field: "gpu", value: "rtx-4090" },
        { field: "seq", value: "4096" },
        { field: "precision", value: "fp16" },
        { field: "regime", value: "pure" },
        { field: "batch", value: "4" },
        { field: "unit", value: "gib" },
      ],
    });
    expect(parseSettings("set gpu=2xh100")).toMatchObject({ values: [{ field: "gpu", value: "2xh100-sxm" }] });
    expect(parseSettings("set gpu=24gb")).toMatchObject({ values: [{ field: "gpu", value: "24gb" }] });
  });

  it("keeps a team's framework and serving engine, canonical, and refuses one it has no preset for", () => {
    expect(parseSettings("set workspace framework=llama-factory engine=vllm")).toEqual({
      kind: "set",
      scope: "workspace",
      values: [
        { field: "framework", value: "llamafactory" },
        { field: "engine", value: "vllm" },
      ],
    });
    const bad = parseSettings("set framework=megatron");
    expect(bad.kind).toBe("error");
  });

  it("sets and forgets the workspace's defaults with `workspace` (or `team`)", () => {
    expect(parseSettings("set workspace seq=8k")).toEqual({
      kind: "set",
      scope: "workspace",
      values: [{ field: "seq", value: "8192" }],
    });
    expect(parseSettings("unset team seq unit")).toEqual({
      kind: "unset",
      scope: "workspace",
      fields: ["seq", "unit"],
    });
    expect(parseSettings("unset all")).toMatchObject({ kind: "unset", scope: "personal" });
  });

  it.each([
    ["set gpu=4091", "4091", "set gpu=4090"],
    ["set colr=blue", "colr", "set gpu=blue"],
    ["set precison=fp16", "precison", "set precision=fp16"],
    ["set seq=", "a value", "set seq=4k"],
    ["set seq=-1", "seq", "set seq=4k"],
    ["set batch=0", "batch", "set batch=4"],
    ["set workspace gpu=h100", "fleet", "fleet add 8x h100 as orion"],
    ["set workspace", "for the workspace", "set workspace seq=4k"],
    ["unset", "which default", "unset gpu"],
    ["unset colour", "colour", "unset"],
    ["settings gpu=4090", "use `set`", "set gpu=4090"],
  ])("refuses `%s`, naming `%s`, with `%s`", (text, word, example) => {
    const r = parseSettings(text);
    expect(r.kind).toBe("error");
    if (r.kind !== "error") return;
    expect(r.message).toContain(word);
    expect(r.example).toContain(example);
  });

  it("is not fooled by a request that starts with a model called set-something", () => {
    expect(isSettingsCommand("setfit-7b lora")).toBe(false);
    expect(isSettingsCommand("7B fp16")).toBe(false);
  });
});
