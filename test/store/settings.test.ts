import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SettingsStore } from "../../src/store/index.js";
import { engines, type TestDb } from "../support/stores.js";

for (const engine of engines()) {
  describe.skipIf(engine.missing !== undefined)(`saved defaults on ${engine.name}`, () => {
    let t: TestDb;
    let settings: SettingsStore;
    beforeAll(async () => {
      t = await engine.open();
      settings = new SettingsStore(t.db);
    });
    afterAll(async () => {
      await t.drop();
    });

    it("keeps a person's and the workspace's defaults apart, each with who set it and when", async () => {
      const at = new Date("2026-12-02T09:00:00Z");
      await settings.set("T0ACME", "personal", "U0ADA", [{ field: "gpu", value: "rtx-4090" }], at);
      await settings.set(
        "T0ACME",
        "workspace",
        "U0ADA",
        [
          { field: "seq", value: "4096" },
          { field: "unit", value: "gib" },
        ],
        at,
      );
      const rows = await settings.list("T0ACME");
      expect(rows.map((r) => [r.user_id, r.field, r.value, r.updated_by])).toEqual([
        ["", "seq", "4096", "U0ADA"],
        ["", "unit", "gib", "U0ADA"],
        ["U0ADA", "gpu", "rtx-4090", "U0ADA"],
      ]);
      expect(rows[0]!.updated_at).toBe("2026-12-02T09:00:00.000Z");
    });

    it("replaces a value set again, rather than keeping two", async () => {
      await settings.set("T0ACME", "personal", "U0ADA", [{ field: "gpu", value: "h100-sxm" }]);
      const mine = (await settings.list("T0ACME")).filter((r) => r.user_id === "U0ADA");
      expect(mine.map((r) => r.value)).toEqual(["h100-sxm"]);
    });

    it("forgets only what is named, and says which of those were set", async () => {
      expect(await settings.unset("T0ACME", "workspace", "U0BOB", ["seq", "batch"])).toEqual(["seq"]);
      expect(await settings.unset("T0ACME", "workspace", "U0BOB", ["seq"])).toEqual([]);
      expect((await settings.list("T0ACME")).map((r) => r.field)).toEqual(["unit", "gpu"]);
    });

    it("never reads or forgets another workspace's", async () => {
      expect(await settings.list("T0OTHER")).toEqual([]);
      expect(await settings.unset("T0OTHER", "personal", "U0ADA", ["gpu"])).toEqual([]);
      expect((await settings.list("T0ACME")).length).toBe(2);
    });

    it("saves all of a command's values or none: one that is not a setting refuses the whole command", async () => {
      await expect(
        settings.set("T0ACME", "personal", "U0CAROL", [
          { field: "seq", value: "8192" },
          { field: "seq", value: "x".repeat(81) },
        ]),
      ).rejects.toThrow();
      expect((await settings.list("T0ACME")).some((r) => r.user_id === "U0CAROL")).toBe(false);
    });
  });
}
