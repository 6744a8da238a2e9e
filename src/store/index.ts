/** The app's state that outlives a process: one schema, versioned migrations, SQLite or PostgreSQL by DATABASE_URL. */
export { type Db, openDb } from "./db.js";
export { type AddResult, FleetStore, type NewGroup, type RemoveResult } from "./fleet.js";
export { type FleetChangeRow, FleetRow } from "./schema.js";
export { DatabaseUrl, DEFAULT_SQLITE_PATH, describeTarget, type StoreTarget } from "./url.js";
