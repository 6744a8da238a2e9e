import type { Installation, InstallationQuery, InstallationStore } from "@slack/bolt";
import type pino from "pino";
import type { Db } from "./db.js";
import { InstallationRow } from "./schema.js";
import type { TokenCipher } from "./secrets.js";

/** No installation for the workspace a request names: it never installed the app, or uninstalled it. */
export class NotInstalledError extends Error {
  readonly code = "vram_not_installed";
  constructor(readonly teamId: string | undefined) {
    super(teamId ? `workspace ${teamId} has not installed the app` : "the request names no workspace");
  }
}

/** An org-wide (Enterprise Grid) install: the app is installed one workspace at a time, and says so. */
export class OrgInstallError extends Error {
  readonly code = "vram_org_install_unsupported";
  constructor() {
    super("org-wide installs are not supported: install the app in each workspace");
  }
}

/** The columns whose values are sealed. */
const SEALED = ["bot_token", "bot_refresh_token", "user_token", "user_refresh_token"] as const;
type SealedColumn = (typeof SEALED)[number];
type Plain = Record<SealedColumn, string | undefined>;

/** What each sealed value is bound to: its workspace and its column. A value copied elsewhere does not open. */
export const aadFor = (teamId: string, column: SealedColumn): string =>
  `vram-advisor/installations/${teamId}/${column}`;

/** Slack gives expiry as seconds since the epoch; rows keep ISO-8601 text like every other table. */
const isoOf = (seconds: number | undefined): string | null =>
  seconds === undefined ? null : new Date(seconds * 1000).toISOString();
const secondsOf = (iso: string | null): number | undefined =>
  iso === null ? undefined : Math.floor(Date.parse(iso) / 1000);
const list = (scopes: string | null): string[] | undefined => (scopes === null ? undefined : scopes.split(","));

/**
 * An installation read is used for this long without reading the database again: Bolt authorizes every request,
 * and the acknowledgement must not wait on a database round trip (and an AES-GCM open) each time. A reinstall or an
 * uninstall on this replica is seen at once; on another, within a minute (meanwhile Slack refuses a revoked token,
 * and the request is logged like any refused call).
 */
export const INSTALLATION_FRESH_MS = 60_000;
/** Workspaces remembered; the least recently used go first. */
const MAX_CACHED = 10_000;

export interface RekeyResult {
  /** Rows now sealed under the current key. */
  rekeyed: number;
  /** Workspaces whose rows no key given opens (see the README on rotation). */
  unreadable: string[];
}

/**
 * Bolt's InstallationStore on the app's database: one row per workspace, keyed by its team id, tokens sealed with
 * AES-256-GCM. A row under an older key (TOKEN_ENCRYPTION_KEYS_OLD) is read, then sealed again under the current
 * key. Enterprise Grid org-wide installs are refused; a workspace inside a grid installs like any other.
 */
export class InstallationsStore implements InstallationStore {
  private readonly cached = new Map<string, { installation: Installation<"v2", false>; at: number }>();

  constructor(
    private readonly db: Db,
    private readonly cipher: TokenCipher,
    private readonly log?: pino.Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** What memory holds of a workspace's installation goes (it was deleted, or replaced). */
  forget(teamId: string): void {
    this.cached.delete(teamId);
  }

  async storeInstallation(installation: Installation): Promise<void> {
    if (installation.isEnterpriseInstall || !installation.team) throw new OrgInstallError();
    // The app asks for bot scopes only; an install without a bot could answer nothing.
    if (!installation.bot) throw new Error("the installation has no bot token: the app needs its bot scopes");
    const { team, bot, user } = installation;
    const at = this.now().toISOString();
    const row = this.sealed(
      {
        team_id: team.id,
        enterprise_id: installation.enterprise?.id ?? null,
        team_name: team.name ?? null,
        app_id: installation.appId ?? null,
        installer_id: user.id,
        bot_id: bot.id,
        bot_user_id: bot.userId,
        bot_scopes: bot.scopes.join(","),
        bot_token_expires_at: isoOf(bot.expiresAt),
        user_scopes: user.token && user.scopes ? user.scopes.join(",") : null,
        user_token_expires_at: isoOf(user.expiresAt),
        installed_at: at,
        updated_at: at,
      },
      {
        bot_token: bot.token,
        bot_refresh_token: bot.refreshToken,
        user_token: user.token,
        user_refresh_token: user.refreshToken,
      },
    );
    await this.db.ready();
    const { team_id: _, installed_at: __, ...update } = row;
    // A reinstall (new scopes, a new token) replaces the row and keeps when it was first installed.
    await this.db.kysely
      .insertInto("installations")
      .values(row)
      .onConflict((oc) => oc.column("team_id").doUpdateSet(update))
      .execute();
    this.forget(team.id);
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation<"v2", false>> {
    if (query.isEnterpriseInstall) throw new OrgInstallError();
    if (!query.teamId) throw new NotInstalledError(undefined);
    const hit = this.cached.get(query.teamId);
    if (hit && this.now().getTime() - hit.at < INSTALLATION_FRESH_MS) return hit.installation;
    await this.db.ready();
    const found = await this.db.kysely
      .selectFrom("installations")
      .selectAll()
      .where("team_id", "=", query.teamId)
      .executeTakeFirst();
    if (!found) throw new NotInstalledError(query.teamId);
    const row = InstallationRow.parse(found);
    const plain = this.opened(row);
    if (row.key_id !== this.cipher.currentKeyId) await this.reseal(row, plain);
    const installation = installationOf(row, plain);
    this.cached.delete(row.team_id);
    this.cached.set(row.team_id, { installation, at: this.now().getTime() });
    if (this.cached.size > MAX_CACHED) this.cached.delete(this.cached.keys().next().value as string);
    return installation;
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    if (!query.teamId) return;
    await this.db.ready();
    await this.db.kysely.deleteFrom("installations").where("team_id", "=", query.teamId).execute();
    this.forget(query.teamId);
  }

  /**
   * Seal every row still under an older key with the current one (run at start after a rotation; rows are also
   * resealed one by one as they are read). Rows no key opens are listed, never changed.
   */
  async rekey(): Promise<RekeyResult> {
    await this.db.ready();
    const rows = await this.db.kysely
      .selectFrom("installations")
      .selectAll()
      .where("key_id", "!=", this.cipher.currentKeyId)
      .execute();
    const result: RekeyResult = { rekeyed: 0, unreadable: [] };
    for (const found of rows) {
      const row = InstallationRow.parse(found);
      let plain: Plain;
      try {
        plain = this.opened(row);
      } catch {
        result.unreadable.push(row.team_id);
        continue;
      }
      if (await this.reseal(row, plain)) result.rekeyed++;
    }
    return result;
  }

  /** The row with its tokens sealed under the current key, each bound to this workspace and column. */
  private sealed(clear: Omit<InstallationRow, SealedColumn | "key_id">, plain: Plain): InstallationRow {
    const seal = (column: SealedColumn): string | null => {
      const value = plain[column];
      return value === undefined ? null : this.cipher.seal(value, aadFor(clear.team_id, column));
    };
    return InstallationRow.parse({
      ...clear,
      bot_token: seal("bot_token"),
      bot_refresh_token: seal("bot_refresh_token"),
      user_token: seal("user_token"),
      user_refresh_token: seal("user_refresh_token"),
      key_id: this.cipher.currentKeyId,
    });
  }

  private opened(row: InstallationRow): Plain {
    const open = (column: SealedColumn): string | undefined => {
      const value = row[column];
      return value === null ? undefined : this.cipher.open(value, row.key_id, aadFor(row.team_id, column));
    };
    return {
      bot_token: open("bot_token"),
      bot_refresh_token: open("bot_refresh_token"),
      user_token: open("user_token"),
      user_refresh_token: open("user_refresh_token"),
    };
  }

  /**
   * Write the row again under the current key, only if it is still the one read (same key, same sealed token: a
   * reinstall meanwhile wins). A failure is logged and harmless: the row stays readable under its old key.
   */
  private async reseal(row: InstallationRow, plain: Plain): Promise<boolean> {
    const { team_id, key_id, bot_token } = row;
    const next = this.sealed({ ...row, updated_at: this.now().toISOString() }, plain);
    try {
      const done = await this.db.kysely
        .updateTable("installations")
        .set({
          bot_token: next.bot_token,
          bot_refresh_token: next.bot_refresh_token,
          user_token: next.user_token,
          user_refresh_token: next.user_refresh_token,
          key_id: next.key_id,
          updated_at: next.updated_at,
        })
        .where("team_id", "=", team_id)
        .where("key_id", "=", key_id)
        .where("bot_token", "=", bot_token)
        .executeTakeFirst();
      const changed = done.numUpdatedRows > 0n;
      if (changed)
        this.log?.info(
          { team: team_id, from: key_id, to: next.key_id },
          "installation re-encrypted under the current key",
        );
      return changed;
    } catch (err) {
      this.log?.warn({ err, team: team_id }, "installation could not be re-encrypted now (it stays readable)");
      return false;
    }
  }
}

function installationOf(row: InstallationRow, plain: Plain): Installation<"v2", false> {
  return {
    team: { id: row.team_id, ...(row.team_name !== null ? { name: row.team_name } : {}) },
    enterprise: row.enterprise_id !== null ? { id: row.enterprise_id } : undefined,
    user: {
      id: row.installer_id,
      token: plain.user_token,
      refreshToken: plain.user_refresh_token,
      expiresAt: secondsOf(row.user_token_expires_at),
      scopes: list(row.user_scopes),
    },
    bot: {
      id: row.bot_id,
      userId: row.bot_user_id,
      scopes: list(row.bot_scopes) ?? [],
      // The schema requires a sealed bot token, so it opened to a string.
      token: plain.bot_token ?? "",
      ...(plain.bot_refresh_token !== undefined ? { refreshToken: plain.bot_refresh_token } : {}),
      ...(row.bot_token_expires_at !== null ? { expiresAt: secondsOf(row.bot_token_expires_at) } : {}),
    },
    ...(row.app_id !== null ? { appId: row.app_id } : {}),
    tokenType: "bot",
    isEnterpriseInstall: false,
    authVersion: "v2",
  };
}
