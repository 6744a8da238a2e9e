import { describe, expect, it } from "vitest";
import { isFleetCommand, parseFleet } from "../../src/parse/fleet.js";

describe("fleet commands", () => {
  it("reads the ways people name a group of GPUs", () => {
    expect(parseFleet("fleet")).toEqual({ kind: "show" });
    expect(parseFleet("fleet list")).toEqual({ kind: "show" });
    const orion = { kind: "add", name: "orion", gpuId: "a100-40gb", count: 8 };
    expect(parseFleet("fleet add 8x a100-40 as orion")).toEqual(orion);
    expect(parseFleet("fleet add 8 a100-40 as orion")).toEqual(orion);
    expect(parseFleet("fleet add 8 x a100 40gb as orion")).toEqual(orion);
    expect(parseFleet("FLEET ADD 8× A100-40 AS orion")).toEqual(orion);
    expect(parseFleet("fleet add 4090 as lyra")).toEqual({ kind: "add", name: "lyra", gpuId: "rtx-4090", count: 1 });
    expect(parseFleet("fleet add 2x4090s as lyra")).toEqual({ kind: "add", name: "lyra", gpuId: "rtx-4090", count: 2 });
    expect(parseFleet("fleet add 1,024x h100 as big-box")).toMatchObject({ count: 1024, name: "big-box" });
    expect(parseFleet("fleet remove orion")).toEqual({ kind: "remove", name: "orion" });
    expect(isFleetCommand("fleet add x")).toBe(true);
    expect(isFleetCommand("fleetwood-7b lora")).toBe(false);
  });

  it("names the wrong word and corrects the command in the user's words", () => {
    const card = parseFleet("fleet add 8x a100-41 as orion");
    expect(card).toMatchObject({ kind: "error", word: "a100-41" });
    expect(card.kind === "error" && card.example).toMatch(/^fleet add 8x a100.* as orion$/);
    const zero = parseFleet("fleet add 0x h100 as spare");
    expect(zero).toMatchObject({ kind: "error", word: "0", example: "fleet add 1x h100 as spare" });
    expect(parseFleet("fleet add -2x h100 as spare")).toMatchObject({ kind: "error", word: "-2" });
    expect(parseFleet("fleet add 100001x h100 as spare")).toMatchObject({
      kind: "error",
      message: expect.stringContaining("100,000"),
      example: "fleet add 8x h100 as spare",
    });
    expect(parseFleet("fleet add 8x h100")).toMatchObject({ kind: "error", example: "fleet add 8x h100 as orion" });
    expect(parseFleet(`fleet add 8x h100 as ${"a".repeat(41)}`)).toMatchObject({
      kind: "error",
      message: expect.stringContaining("40 characters"),
    });
    for (const hostile of ["<!channel>", "`rm`", "a b", "*bold*", "<@U0ADMIN>"]) {
      expect(parseFleet(`fleet add 8x h100 as ${hostile}`).kind, hostile).toBe("error");
    }
    expect(parseFleet("fleet nuke")).toMatchObject({ kind: "error", word: "nuke" });
    expect(parseFleet("fleet remove")).toMatchObject({ kind: "error", example: "fleet remove orion" });
  });
});
