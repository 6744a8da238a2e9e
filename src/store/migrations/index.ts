import type { Migration, MigrationProvider } from "kysely";
import * as fleet from "./0001-fleet.js";
import * as settings from "./0002-settings.js";
import * as installations from "./0003-installations.js";
import * as sharedState from "./0004-shared-state.js";
import * as pending from "./0005-pending.js";

/**
 * Every migration, in order, compiled into the app (no directory scan at run time, so the Docker image and the
 * tests run exactly these). Kysely's Migrator applies the ones a database lacks, under its lock, in a transaction
 * where the engine allows; a new migration is a new file here with the next number, never an edit of an old one.
 */
export const MIGRATIONS: Record<string, Migration> = {
  "0001-fleet": fleet,
  "0002-settings": settings,
  "0003-installations": installations,
  "0004-shared-state": sharedState,
  "0005-pending": pending,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
