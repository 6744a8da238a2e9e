/** The app's state that outlives a process: one schema, versioned migrations, SQLite or PostgreSQL by DATABASE_URL. */
export { type Db, openDb } from "./db.js";
export { type AddResult, FleetStore, type NewGroup, type RemoveResult } from "./fleet.js";
export { CorruptRowError, HubConfigStore } from "./hub-configs.js";
export { InstallationsStore, NotInstalledError, OrgInstallError, type RekeyResult } from "./installations.js";
export { SeenEventStore } from "./seen-events.js";
export { type FleetChangeRow, FleetRow, SettingRow } from "./schema.js";
export { defaultsFor, SettingsStore, type TeamSettings, WORKSPACE } from "./settings.js";
export { keyIdOf, parseKey, TokenCipher, TokenDecryptError } from "./secrets.js";
export { DatabaseUrl, DEFAULT_SQLITE_PATH, describeTarget, type StoreTarget } from "./url.js";
export { type Forgotten, forgetWorkspace, WORKSPACE_TABLES, type WorkspaceTable } from "./workspace.js";
