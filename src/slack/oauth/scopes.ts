import type { EditorPolicy } from "../editors.js";
/**
 * The bot scopes the install asks Slack for: manifest.yml's oauth_config.scopes.bot, kept here as a constant so
 * the app reads no file at start (test/slack/manifest.test.ts fails if the two differ).
 */
export const BOT_SCOPES = ["commands", "app_mentions:read", "chat:write", "im:history"] as const;

/** FLEET_EDITORS=admins reads each editor's role with users.info: installs then ask for users:read too, and only then. */
export const ADMIN_CHECK_SCOPE = "users:read";

export const installScopes = (editors: EditorPolicy): string[] =>
  editors === "admins" ? [...BOT_SCOPES, ADMIN_CHECK_SCOPE] : [...BOT_SCOPES];
