import { randomBytes } from "node:crypto";
import type { Installation } from "@slack/bolt";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FleetStore } from "../../src/store/index.js";
import {
  INSTALLATION_FRESH_MS,
  InstallationsStore,
  NotInstalledError,
  OrgInstallError,
} from "../../src/store/installations.js";
import { TokenCipher, TokenDecryptError } from "../../src/store/secrets.js";
import { PendingStore } from "../../src/store/pending.js";
import { forgetWorkspace, WORKSPACE_TABLES } from "../../src/store/workspace.js";
import { engines, type TestDb } from "../support/stores.js";

/** What @slack/oauth builds from oauth.v2.access for a workspace install with a bot. */
function install(team: string, token: string, extra: Partial<Installation> = {}): Installation {
  return {
    team: { id: team, name: `Team ${team}` },
    enterprise: undefined,
    user: { id: "U0ADMIN", token: undefined, scopes: undefined },
    bot: { id: `B${team.slice(1)}`, userId: `U${team.slice(1)}`, token, scopes: ["commands", "chat:write"] },
    appId: "A0APP",
    tokenType: "bot",
    isEnterpriseInstall: false,
    authVersion: "v2",
    ...extra,
  };
}
const query = (teamId: string) => ({ teamId, enterpriseId: undefined, isEnterpriseInstall: false as const });

for (const engine of engines()) {
  describe.skipIf(engine.missing !== undefined)(`installations on ${engine.name}`, () => {
    let t: TestDb;
    const key1 = randomBytes(32);
    const key2 = randomBytes(32);
    let store: InstallationsStore;
    const raw = async (team: string) =>
      t.db.kysely.selectFrom("installations").selectAll().where("team_id", "=", team).executeTakeFirstOrThrow();

    beforeAll(async () => {
      t = await engine.open();
      store = new InstallationsStore(t.db, new TokenCipher(key1));
    });
    afterAll(async () => {
      await t.drop();
    });

    it("stores an install and gives it back to Bolt's authorize, the token encrypted at rest", async () => {
      const token = "xoxb-111-aaa-secretvalueA";
      await store.storeInstallation(install("T0AAA", token));
      const back = await store.fetchInstallation(query("T0AAA"));
      expect(back).toMatchObject({
        team: { id: "T0AAA", name: "Team T0AAA" },
        bot: { id: "B0AAA", userId: "U0AAA", token, scopes: ["commands", "chat:write"] },
        user: { id: "U0ADMIN" },
        appId: "A0APP",
        isEnterpriseInstall: false,
        authVersion: "v2",
      });
      expect(back.user.token).toBeUndefined();
      const row = await raw("T0AAA");
      const text = JSON.stringify(row);
      expect(text).not.toContain(token);
      expect(text).not.toContain("xoxb-");
      expect(row.bot_token).toMatch(/^v1\./);
      expect(row.key_id).toBe(new TokenCipher(key1).currentKeyId);
      expect(row.user_token).toBeNull();
    });

    it("encrypts refresh and user tokens too when Slack gives them, and keeps when it was first installed", async () => {
      const first = (await raw("T0AAA")).installed_at;
      await store.storeInstallation(
        install("T0AAA", "xoxe.xoxb-1-rotated", {
          bot: {
            id: "B0AAA",
            userId: "U0AAA",
            token: "xoxe.xoxb-1-rotated",
            refreshToken: "xoxe-1-refreshbot",
            expiresAt: 1_900_000_000,
            scopes: ["commands"],
          },
          user: {
            id: "U0ADMIN",
            token: "xoxp-user-secret",
            refreshToken: "xoxe-1-refreshuser",
            expiresAt: 1_900_000_001,
            scopes: ["search:read"],
          },
        }),
      );
      const row = await raw("T0AAA");
      const text = JSON.stringify(row);
      for (const secret of ["xoxb", "xoxp", "xoxe", "refreshbot", "refreshuser", "rotated"]) {
        expect(text).not.toContain(secret);
      }
      expect(row.installed_at).toBe(first);
      const back = await store.fetchInstallation(query("T0AAA"));
      expect(back.bot).toMatchObject({ token: "xoxe.xoxb-1-rotated", refreshToken: "xoxe-1-refreshbot" });
      expect(back.bot?.expiresAt).toBe(1_900_000_000);
      expect(back.user).toMatchObject({ token: "xoxp-user-secret", refreshToken: "xoxe-1-refreshuser" });
      expect(back.user.expiresAt).toBe(1_900_000_001);
      expect(back.user.scopes).toEqual(["search:read"]);
      // Back to the plain install for the tests below.
      await store.storeInstallation(install("T0AAA", "xoxb-111-aaa-secretvalueA"));
      expect((await raw("T0AAA")).user_token).toBeNull();
    });

    it("refuses a workspace it has no installation for, and org-wide installs, clearly", async () => {
      await expect(store.fetchInstallation(query("T0NOBODY"))).rejects.toBeInstanceOf(NotInstalledError);
      await expect(store.fetchInstallation(query("T0NOBODY"))).rejects.toThrow("workspace T0NOBODY has not installed");
      await expect(
        store.fetchInstallation({ teamId: undefined, enterpriseId: "E0ORG", isEnterpriseInstall: true }),
      ).rejects.toBeInstanceOf(OrgInstallError);
      const org = install("T0ORG", "xoxb-org", {
        isEnterpriseInstall: true,
        enterprise: { id: "E0ORG" },
      });
      await expect(store.storeInstallation(org)).rejects.toThrow("org-wide installs are not supported");
      expect(await t.db.kysely.selectFrom("installations").select("team_id").execute()).toEqual([{ team_id: "T0AAA" }]);
    });

    it("keeps a workspace inside an Enterprise Grid under its own team id", async () => {
      await store.storeInstallation(install("T0GRID", "xoxb-grid", { enterprise: { id: "E0GRID", name: "Grid" } }));
      const back = await store.fetchInstallation({
        teamId: "T0GRID",
        enterpriseId: "E0GRID",
        isEnterpriseInstall: false,
      });
      expect(back.enterprise).toEqual({ id: "E0GRID" });
      expect(back.bot?.token).toBe("xoxb-grid");
      await store.deleteInstallation(query("T0GRID"));
      await expect(store.fetchInstallation(query("T0GRID"))).rejects.toBeInstanceOf(NotInstalledError);
    });

    it("fails a token moved into another workspace's row instead of handing it over", async () => {
      await store.storeInstallation(install("T0BBB", "xoxb-222-bbb-secretvalueB"));
      const a = await raw("T0AAA");
      const b = await raw("T0BBB");
      await t.db.kysely
        .updateTable("installations")
        .set({ bot_token: a.bot_token })
        .where("team_id", "=", "T0BBB")
        .execute();
      await expect(store.fetchInstallation(query("T0BBB"))).rejects.toBeInstanceOf(TokenDecryptError);
      await expect(store.fetchInstallation(query("T0BBB"))).rejects.not.toThrow("xoxb-111");
      await t.db.kysely
        .updateTable("installations")
        .set({ bot_token: b.bot_token })
        .where("team_id", "=", "T0BBB")
        .execute();
      expect((await store.fetchInstallation(query("T0BBB"))).bot?.token).toBe("xoxb-222-bbb-secretvalueB");
    });

    it("cannot read rows under a key it was not given", async () => {
      const stranger = new InstallationsStore(t.db, new TokenCipher(randomBytes(32)));
      await expect(stranger.fetchInstallation(query("T0AAA"))).rejects.toThrow(/TOKEN_ENCRYPTION_KEYS_OLD/);
      // Nothing was rewritten by the failed read.
      expect((await raw("T0AAA")).key_id).toBe(new TokenCipher(key1).currentKeyId);
    });

    it("after a rotation reads rows under the old key and re-encrypts them under the new one", async () => {
      const rotated = new InstallationsStore(t.db, new TokenCipher(key2, [key1]));
      const before = await raw("T0AAA");
      expect((await rotated.fetchInstallation(query("T0AAA"))).bot?.token).toBe("xoxb-111-aaa-secretvalueA");
      const after = await raw("T0AAA");
      expect(after.key_id).toBe(new TokenCipher(key2).currentKeyId);
      expect(after.bot_token).not.toBe(before.bot_token);
      expect(JSON.stringify(after)).not.toContain("xoxb-");
      // T0BBB was not read yet: the sweep does it, and reports what no key opens.
      await t.db.kysely
        .insertInto("installations")
        .values({ ...(await raw("T0BBB")), team_id: "T0LOST", key_id: "0123456789ab" })
        .execute();
      expect(await rotated.rekey()).toEqual({ rekeyed: 1, unreadable: ["T0LOST"] });
      expect(await rotated.rekey()).toEqual({ rekeyed: 0, unreadable: ["T0LOST"] });
      await t.db.kysely.deleteFrom("installations").where("team_id", "=", "T0LOST").execute();
      // The old key can now be dropped: the new key alone reads every row.
      const newOnly = new InstallationsStore(t.db, new TokenCipher(key2));
      expect((await newOnly.fetchInstallation(query("T0AAA"))).bot?.token).toBe("xoxb-111-aaa-secretvalueA");
      expect((await newOnly.fetchInstallation(query("T0BBB"))).bot?.token).toBe("xoxb-222-bbb-secretvalueB");
      store = newOnly;
    });

    it("forgets a workspace: its installation, GPUs, their history and settings, in one go, and no other's", async () => {
      const fleet = new FleetStore(t.db);
      for (const team of ["T0AAA", "T0BBB"]) {
        await fleet.add(team, { name: "orion", gpuId: "a100-40gb", count: 8 }, "U0ADMIN");
        await t.db.kysely
          .insertInto("settings")
          .values({
            team_id: team,
            user_id: "",
            field: "gpu",
            value: "h100",
            updated_by: "U0ADMIN",
            updated_at: new Date().toISOString(),
          })
          .execute();
        await new PendingStore(t.db).record(
          {
            id: `e:Ev${team}`,
            kind: "event:app_mention",
            team_id: team,
            user_id: "U0ADMIN",
            channel: "C0CHAN",
            content_type: "application/json",
            body: "{}",
          },
          "proc",
        );
      }
      expect(await forgetWorkspace(t.db, "T0AAA")).toEqual({
        fleet_groups: 1,
        fleet_changes: 1,
        settings: 1,
        installations: 1,
        pending_requests: 1,
      });
      for (const table of WORKSPACE_TABLES) {
        const left = await t.db.kysely.selectFrom(table).select("team_id").execute();
        expect(
          left.map((r) => r.team_id),
          table,
        ).toEqual(["T0BBB"]);
      }
      // The app forgets what memory holds with it (deps.forgetWorkspace); here the store is told directly.
      store.forget("T0AAA");
      await expect(store.fetchInstallation(query("T0AAA"))).rejects.toBeInstanceOf(NotInstalledError);
      expect((await store.fetchInstallation(query("T0BBB"))).bot?.token).toBe("xoxb-222-bbb-secretvalueB");
      // Again: nothing left, nothing fails (Slack sends app_uninstalled and tokens_revoked both).
      expect(Object.values(await forgetWorkspace(t.db, "T0AAA"))).toEqual(WORKSPACE_TABLES.map(() => 0));
    });

    it("reads an installation from memory for a minute, and again at once after a reinstall or an uninstall", async () => {
      let now = new Date("2026-12-02T10:00:00Z");
      const cached = new InstallationsStore(t.db, new TokenCipher(key1), undefined, () => now);
      await cached.storeInstallation(install("T0CCC", "xoxb-333-ccc-firsttokenvalue"));
      expect((await cached.fetchInstallation(query("T0CCC"))).bot?.token).toBe("xoxb-333-ccc-firsttokenvalue");
      // Another replica reinstalls: this one keeps its copy for up to INSTALLATION_FRESH_MS …
      await new InstallationsStore(t.db, new TokenCipher(key1)).storeInstallation(
        install("T0CCC", "xoxb-333-ccc-secondtokenval"),
      );
      expect((await cached.fetchInstallation(query("T0CCC"))).bot?.token).toBe("xoxb-333-ccc-firsttokenvalue");
      // … then reads it again.
      now = new Date(now.getTime() + INSTALLATION_FRESH_MS);
      expect((await cached.fetchInstallation(query("T0CCC"))).bot?.token).toBe("xoxb-333-ccc-secondtokenval");
      // Its own uninstall is seen at once.
      await cached.deleteInstallation(query("T0CCC"));
      await expect(cached.fetchInstallation(query("T0CCC"))).rejects.toBeInstanceOf(NotInstalledError);
    });

    it("knows every table that holds a workspace's data (a new one must be added to WORKSPACE_TABLES)", async () => {
      const tables =
        engine.name === "sqlite"
          ? await sql<{ name: string }>`
              select m.name as name from sqlite_master m, pragma_table_info(m.name) c
              where m.type = 'table' and c.name = 'team_id'`.execute(t.db.kysely)
          : await sql<{ name: string }>`
              select table_name as name from information_schema.columns
              where table_schema = current_schema() and column_name = 'team_id'`.execute(t.db.kysely);
      const missing = tables.rows
        .map((r) => r.name)
        .filter((n) => !(WORKSPACE_TABLES as readonly string[]).includes(n));
      expect(missing, "add these tables to WORKSPACE_TABLES in src/store/workspace.ts").toEqual([]);
    });
  });
}
