import { describe, expect, it } from "vitest";
import { FRAMEWORK_PRESETS_DATA } from "../../src/catalog/frameworks.data.js";
import { FrameworkPreset, frameworkPresets, type PresetSetting } from "../../src/catalog/frameworks.js";
import { FRAMEWORKS } from "../../src/estimator/request.js";

const overlaps = (a: PresetSetting, b: PresetSetting): boolean => {
  const methods = !a.methods || !b.methods || a.methods.some((m) => b.methods!.includes(m));
  const devices = !a.devices || !b.devices || a.devices === b.devices;
  return methods && devices;
};

describe("framework presets", () => {
  it("has one preset per framework of the schema, each a valid FrameworkPreset", () => {
    expect(frameworkPresets.map((p) => p.id).sort()).toEqual([...FRAMEWORKS].sort());
    for (const p of FRAMEWORK_PRESETS_DATA) expect(FrameworkPreset.safeParse(p).success).toBe(true);
  });

  it("gives every preset entry a source and what that source says", () => {
    for (const p of frameworkPresets) {
      for (const s of [...p.settings, ...p.unset]) {
        expect(s.source, `${p.id} ${s.field}`).toMatch(/^https:\/\/[^/]+\/.+/);
      }
      for (const s of p.settings) expect(s.says.length, `${p.id} ${s.field}`).toBeGreaterThan(5);
      for (const u of p.unset) expect(u.why.length, `${p.id} ${u.field}`).toBeGreaterThan(5);
      for (const b of p.builds) {
        expect(b.source, `${p.id} ${b.trait}`).toMatch(/^https:\/\/github\.com\/.+\.py$/);
        expect(b.says.length, `${p.id} ${b.trait}`).toBeGreaterThan(20);
      }
    }
  });

  it("refuses a value the request field does not take", () => {
    const bad = {
      id: "hf",
      name: "x",
      version: "1",
      settings: [{ field: "regime", value: "fp8", source: "https://example.org/x", says: "made up", kind: "default" }],
    };
    expect(FrameworkPreset.safeParse(bad).success).toBe(false);
  });

  it("never sets one field twice for the same methods and GPUs", () => {
    for (const p of frameworkPresets) {
      p.settings.forEach((a, i) => {
        for (const b of p.settings.slice(i + 1))
          if (a.field === b.field) expect(overlaps(a, b), `${p.id} ${a.field}`).toBe(false);
      });
    }
  });

  it("puts an optimizer step in the backward only beside one micro-batch per step", () => {
    for (const p of frameworkPresets) {
      for (const s of p.settings.filter((x) => x.field === "optimStep" && x.value === "inbackward")) {
        const accum = p.settings.find((x) => x.field === "accum" && overlaps(x, s));
        expect(accum?.value, p.id).toBe(1);
      }
    }
  });

  it("leaves a field either set or unset, never both", () => {
    for (const p of frameworkPresets) {
      const set = new Set(p.settings.filter((s) => !s.methods && !s.devices).map((s) => s.field));
      for (const u of p.unset) expect(set.has(u.field), `${p.id} ${u.field}`).toBe(false);
    }
  });
});
