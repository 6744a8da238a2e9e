/**
 * The bot scopes the install asks Slack for: manifest.yml's oauth_config.scopes.bot, kept here as a constant so
 * the app reads no file at start (test/slack/manifest.test.ts fails if the two differ).
 */
export const BOT_SCOPES = ["commands", "app_mentions:read", "chat:write", "im:history"] as const;
