import { describe, it, expect } from "vitest";
import { GPUS } from "../../src/catalog/gpus.data.js";
import { GpuSpec } from "../../src/catalog/schema.js";

const MiB = 2 ** 20;
const SEGMENTS = ["consumer", "workstation", "datacenter", "apple"] as const;

function entry(id: string): GpuSpec {
  const found = GPUS.find((g) => g.id === id);
  if (!found) throw new Error(`no catalog entry ${id}`);
  return GpuSpec.parse(found);
}

/** Which entry a typed name resolves to: its id or one of its aliases. */
function owner(name: string): string | undefined {
  return GPUS.find((g) => g.id === name || (g.aliases ?? []).includes(name))?.id;
}

describe("GPU catalog", () => {
  it("every entry is a valid GpuSpec", () => {
    for (const gpu of GPUS) {
      expect(() => GpuSpec.parse(gpu), gpu.id).not.toThrow();
    }
  });

  it("ids are unique", () => {
    const ids = GPUS.map((g) => g.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("every alias names exactly one entry and never another entry's id", () => {
    const ids = new Set(GPUS.map((g) => g.id));
    const seen = new Map<string, string>();
    for (const gpu of GPUS) {
      for (const alias of gpu.aliases ?? []) {
        expect(seen.get(alias), `alias "${alias}" of ${gpu.id}`).toBeUndefined();
        seen.set(alias, gpu.id);
        expect(ids.has(alias) && alias !== gpu.id, `alias "${alias}" of ${gpu.id} is another id`).toBe(false);
      }
    }
  });

  it("aliases are lower-case and trimmed, as the parser will match them", () => {
    for (const gpu of GPUS) {
      for (const alias of gpu.aliases ?? []) {
        expect(alias, gpu.id).toBe(alias.toLowerCase().trim());
        expect(alias.length, gpu.id).toBeGreaterThan(0);
      }
    }
  });

  it("covers every segment well enough to answer common questions", () => {
    const count = (segment: string) => GPUS.filter((g) => g.segment === segment).length;
    expect(GPUS.length).toBeGreaterThanOrEqual(34);
    expect(count("consumer")).toBeGreaterThanOrEqual(8);
    expect(count("workstation")).toBeGreaterThanOrEqual(4);
    expect(count("datacenter")).toBeGreaterThanOrEqual(12);
    expect(count("apple")).toBeGreaterThanOrEqual(3);
  });

  it("is ordered by segment, then marketed memory", () => {
    const key = (g: (typeof GPUS)[number]) => [SEGMENTS.indexOf(g.segment), g.marketingGB] as const;
    for (let i = 1; i < GPUS.length; i++) {
      const [prevSeg, prevGB] = key(GPUS[i - 1]!);
      const [seg, gb] = key(GPUS[i]!);
      const inOrder = prevSeg < seg || (prevSeg === seg && prevGB <= gb);
      expect(inOrder, `${GPUS[i - 1]!.id} before ${GPUS[i]!.id}`).toBe(true);
    }
  });

  it("an 80 GB H100 reports 81,559 MiB", () => {
    expect(entry("h100-sxm").memoryBytes).toBe(81559 * MiB);
    expect(entry("h100-pcie").memoryBytes).toBe(81559 * MiB);
  });

  it("uses the capacities the driver reports, not the marketing number", () => {
    expect(entry("rtx-4090").memoryBytes).toBe(24564 * MiB);
    expect(entry("rtx-3090").memoryBytes).toBe(24576 * MiB);
    expect(entry("a100-80gb").memoryBytes).toBe(81920 * MiB);
    expect(entry("a100-40gb").memoryBytes).toBe(40960 * MiB);
    expect(entry("h200").memoryBytes).toBe(143771 * MiB);
    expect(entry("l4").memoryBytes).toBe(23034 * MiB);
    expect(entry("a10g").memoryBytes).toBe(23028 * MiB);
    expect(entry("t4").memoryBytes).toBe(15360 * MiB);
    expect(entry("l40s").memoryBytes).toBe(46068 * MiB);
    expect(entry("rtx-a6000").memoryBytes).toBe(49140 * MiB);
    expect(entry("mi300x").memoryBytes).toBe(205822885888);
  });

  it("keeps every capacity within 10% of the marketed GB (catches GiB/MiB/GB slips)", () => {
    for (const gpu of GPUS) {
      const marketed = gpu.marketingGB * 1e9;
      expect(gpu.memoryBytes, gpu.id).toBeLessThanOrEqual(marketed * 1.1);
      expect(gpu.memoryBytes, gpu.id).toBeGreaterThanOrEqual(marketed * 0.9);
    }
  });

  it("lets a GPU job use only part of an Apple machine's unified memory, and all of a discrete card's", () => {
    for (const gpu of GPUS.map((g) => GpuSpec.parse(g))) {
      if (gpu.segment === "apple") {
        expect(gpu.vendor, gpu.id).toBe("apple");
        expect(gpu.usableShare, gpu.id).toBeLessThan(1);
        expect(gpu.usableShare, gpu.id).toBeGreaterThanOrEqual(0.5);
      } else {
        expect(gpu.usableShare, gpu.id).toBe(1);
      }
    }
  });

  it("claims fp8 only where bf16 is also native", () => {
    for (const gpu of GPUS) {
      if (gpu.fp8) expect(gpu.bf16, gpu.id).toBe(true);
    }
  });

  it("cites an https source for every entry", () => {
    for (const gpu of GPUS) expect(gpu.source, gpu.id).toMatch(/^https:\/\//);
  });

  it("resolves the bare names people type to one deliberate entry each", () => {
    expect(owner("4090")).toBe("rtx-4090");
    expect(owner("geforce rtx 4090")).toBe("rtx-4090");
    expect(owner("a100")).toBe("a100-80gb");
    expect(owner("a100-80")).toBe("a100-80gb");
    expect(owner("a100-sxm4-80gb")).toBe("a100-80gb");
    expect(owner("a100-40")).toBe("a100-40gb");
    expect(owner("h100")).toBe("h100-sxm");
    expect(owner("v100")).toBe("v100-16gb");
    expect(owner("a6000")).toBe("rtx-a6000");
    expect(owner("6000 ada")).toBe("rtx-6000-ada");
    expect(owner("mi300")).toBe("mi300x");
    expect(owner("m2 ultra")).toBe("m2-ultra-192gb");
    expect(owner("rtx 6000")).toBeUndefined();
  });

  it("models the MI250X both as the 128 GB package and as the 64 GB device a framework sees", () => {
    const pkg = entry("mi250x");
    const gcd = entry("mi250x-gcd");
    expect(pkg.memoryBytes).toBe(2 * gcd.memoryBytes);
    expect(gcd.marketingGB).toBe(64);
  });
});
