import { z } from "zod";
import { HubEnv } from "./models/hub/index.js";
import { parseKey } from "./store/secrets.js";
import { DatabaseUrl } from "./store/url.js";
import { EDITOR_POLICIES } from "./slack/editors.js";

const NO_MODE = "is not set (needed for HTTP mode; or set SLACK_APP_TOKEN for Socket Mode)";
const KEY_FORMAT = "must be 32 random bytes as base64 (openssl rand -base64 32) or as 64 hex characters";
/** SLACK_CLIENT_ID's name in the messages below, for the mode it switches on. */
const WITH_OAUTH = "with SLACK_CLIENT_ID (installing in many workspaces)";

/**
 * Rules across variables, on which are set (not on their values): the schema applies them, and loadConfig does too
 * when a field failed (the schema then stops before them), so one run lists everything to fix.
 */
function modeProblems(env: Record<string, unknown>): { variable: string; message: string }[] {
  const set = (name: string) => env[name] !== undefined && env[name] !== "";
  const problems: { variable: string; message: string }[] = [];
  const problem = (variable: string, message: string) => problems.push({ variable, message });
  if (!set("SLACK_APP_TOKEN") && !set("SLACK_SIGNING_SECRET")) problem("SLACK_SIGNING_SECRET", NO_MODE);
  if (!set("SLACK_CLIENT_ID") && !set("SLACK_CLIENT_SECRET")) {
    if (!set("SLACK_BOT_TOKEN")) {
      problem(
        "SLACK_BOT_TOKEN",
        "is not set (or set SLACK_CLIENT_ID and the rest below to install in many workspaces)",
      );
    }
    return problems;
  }
  // Multi-workspace mode: Slack's install flow, each workspace's token kept (encrypted) in the database.
  if (!set("SLACK_CLIENT_ID")) problem("SLACK_CLIENT_ID", "is not set (needed with SLACK_CLIENT_SECRET)");
  if (!set("SLACK_CLIENT_SECRET")) problem("SLACK_CLIENT_SECRET", `is not set (needed ${WITH_OAUTH})`);
  if (!set("SLACK_STATE_SECRET")) {
    problem("SLACK_STATE_SECRET", `is not set (needed ${WITH_OAUTH}: any long random string, openssl rand -hex 32)`);
  }
  if (!set("TOKEN_ENCRYPTION_KEY")) {
    problem("TOKEN_ENCRYPTION_KEY", `is not set (needed ${WITH_OAUTH}: it encrypts each workspace's token)`);
  }
  if (set("SLACK_APP_TOKEN")) {
    problem("SLACK_APP_TOKEN", `cannot be used ${WITH_OAUTH}: installs run in HTTP mode; unset it`);
    if (!set("SLACK_SIGNING_SECRET")) problem("SLACK_SIGNING_SECRET", `is not set (needed ${WITH_OAUTH})`);
  }
  if (set("SLACK_BOT_TOKEN")) {
    problem(
      "SLACK_BOT_TOKEN",
      `must not be set ${WITH_OAUTH}: each workspace's token comes from its install (unset one or the other)`,
    );
  }
  return problems;
}

/** https anywhere; http only to this machine (tests, a local tunnel's origin). */
function publicEnough(url: string): boolean {
  const u = new URL(url);
  return (
    u.protocol === "https:" || (u.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(u.hostname))
  );
}

/** The environment the Slack app runs from; Socket Mode when SLACK_APP_TOKEN is set, HTTP otherwise. */
export const Env = z
  .object({
    /** One workspace: its bot token. Unset in multi-workspace mode (SLACK_CLIENT_ID), where each install has one. */
    SLACK_BOT_TOKEN: z
      .string()
      .regex(/^xoxb-/, "must be a bot token starting with xoxb-")
      .optional(),
    SLACK_SIGNING_SECRET: z.string().min(1, "is empty").optional(),
    SLACK_APP_TOKEN: z
      .string()
      .regex(/^xapp-/, "must be an app-level token starting with xapp-")
      .optional(),
    PORT: z.coerce.number({ error: "must be a port number" }).int().min(0).max(65_535).default(3000),
    LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
    /** Web API base URL (GovSlack, a proxy, loopback tests), e.g. https://slack-gov.com/api/ */
    SLACK_API_URL: z.url({ error: "must be a URL such as https://slack.com/api/" }).optional(),
    /**
     * Where Slack can reach this app from the internet (https://vram.example.com): answers get their chart, which
     * Slack fetches from <PUBLIC_URL>/charts/v1/…. Unset: no charts in Slack (the terminal's --chart still works).
     */
    PUBLIC_URL: z
      .url({ error: "must be a URL such as https://vram.example.com" })
      .refine(publicEnough, "must be https:// (Slack fetches images over HTTPS only; http:// is for localhost tests)")
      .optional(),
    /** Key for the chart links (any long random string, the same on every replica); default: the Slack secret. */
    CHART_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
    /** Where the team's GPUs and settings live: unset → ./data/vram-advisor.db; file:… (SQLite); postgres://… */
    DATABASE_URL: DatabaseUrl,
    /** How long SIGTERM waits for work in flight (keep it under the orchestrator's grace, e.g. Kubernetes' 30 s). */
    SHUTDOWN_GRACE_MS: z.coerce
      .number({ error: "must be a number of milliseconds" })
      .int()
      .min(0)
      .max(600_000)
      .default(10_000),
    /** Who may change the workspace's GPUs and defaults: anyone (default), or admins and owners (needs users:read). */
    FLEET_EDITORS: z.enum(EDITOR_POLICIES, { error: "must be anyone or admins" }).default("anyone"),
    /** Multi-workspace mode ("Add to Slack", HTTP only): Basic Information → App Credentials. */
    SLACK_CLIENT_ID: z
      .string()
      .regex(/^\d+\.\d+$/, "must be the app's Client ID, digits.digits (Basic Information → App Credentials)")
      .optional(),
    SLACK_CLIENT_SECRET: z.string().min(1, "is empty").optional(),
    /** Signs the install flow's state parameter (CSRF protection); the same on every replica. */
    SLACK_STATE_SECRET: z.string().min(16, "must be at least 16 characters (openssl rand -hex 32)").optional(),
    /** Encrypts the workspaces' tokens at rest (AES-256-GCM); the same on every replica. */
    TOKEN_ENCRYPTION_KEY: z
      .string()
      .refine((k) => parseKey(k) !== undefined, KEY_FORMAT)
      .optional(),
    /** Keys used before a rotation, comma-separated: rows under them are still read, and re-encrypted. */
    TOKEN_ENCRYPTION_KEYS_OLD: z
      .string()
      .optional()
      .transform((s) =>
        (s ?? "")
          .split(",")
          .map((k) => k.trim())
          .filter((k) => k !== ""),
      )
      .refine(
        (keys) => keys.every((k) => parseKey(k) !== undefined),
        `must be earlier TOKEN_ENCRYPTION_KEY values separated by commas; each ${KEY_FORMAT}`,
      ),
  })
  .extend(HubEnv.shape)
  .superRefine((env, ctx) => {
    for (const p of modeProblems(env)) ctx.addIssue({ code: "custom", path: [p.variable], message: p.message });
  })
  .transform((env) => ({
    botToken: env.SLACK_BOT_TOKEN,
    signingSecret: env.SLACK_SIGNING_SECRET,
    appToken: env.SLACK_APP_TOKEN,
    mode: env.SLACK_APP_TOKEN !== undefined ? ("socket" as const) : ("http" as const),
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    apiUrl: env.SLACK_API_URL,
    hub: { endpoint: env.HF_ENDPOINT, token: env.HF_TOKEN },
    database: env.DATABASE_URL,
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
    editors: env.FLEET_EDITORS,
    /** Set in multi-workspace mode: Bolt's install flow on /slack/install, tokens from the database. */
    oauth:
      env.SLACK_CLIENT_ID && env.SLACK_CLIENT_SECRET && env.SLACK_STATE_SECRET && env.TOKEN_ENCRYPTION_KEY
        ? {
            clientId: env.SLACK_CLIENT_ID,
            clientSecret: env.SLACK_CLIENT_SECRET,
            stateSecret: env.SLACK_STATE_SECRET,
            tokenKey: env.TOKEN_ENCRYPTION_KEY,
            previousTokenKeys: env.TOKEN_ENCRYPTION_KEYS_OLD,
          }
        : undefined,
    charts: env.PUBLIC_URL
      ? {
          publicUrl: env.PUBLIC_URL,
          // Every replica of one app shares its Slack secrets, so links signed by one are drawn by any other.
          secret: env.CHART_SECRET ?? env.SLACK_SIGNING_SECRET ?? env.SLACK_APP_TOKEN ?? "",
        }
      : undefined,
  }));
export type Config = z.output<typeof Env>;

export type ConfigResult = { ok: true; config: Config } | { ok: false; message: string };

/** Read the environment; on failure, a message that names each missing or wrong variable and how to fix it. */
export function loadConfig(env: Record<string, string | undefined>): ConfigResult {
  // Empty strings (`FOO=` in a .env file) mean "not set".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = Env.safeParse(cleaned);
  if (parsed.success) return { ok: true, config: parsed.data };
  const problems = parsed.error.issues.map((i) => `  • ${i.path.join(".") || "environment"} ${i.message}`);
  // The cross-field checks only run once every field parsed; say them anyway so one run lists everything to fix.
  for (const p of modeProblems(cleaned)) {
    if (!parsed.error.issues.some((i) => i.path[0] === p.variable)) problems.push(`  • ${p.variable} ${p.message}`);
  }
  return {
    ok: false,
    message: [
      "vram-advisor cannot start the Slack app:",
      ...problems,
      "",
      "Set these in the environment (or a .env file your process manager loads):",
      "  SLACK_BOT_TOKEN       xoxb-…  (OAuth & Permissions → Bot User OAuth Token)",
      "  SLACK_SIGNING_SECRET  …       (Basic Information → App Credentials), for HTTP mode",
      "  SLACK_APP_TOKEN       xapp-…  (Basic Information → App-Level Tokens, scope connections:write), for Socket Mode",
      "  PORT (default 3000), LOG_LEVEL (default info), SLACK_API_URL (optional)",
      "  PUBLIC_URL (optional: https://… where Slack can fetch answer charts), CHART_SECRET (optional)",
      "  DATABASE_URL (default ./data/vram-advisor.db; file:/path/to.db or postgres://user:pass@host/db)",
      "  SHUTDOWN_GRACE_MS (default 10000: how long SIGTERM waits for work in flight)",
      "  FLEET_EDITORS (default anyone; admins limits fleet and workspace-default edits to admins, needs users:read)",
      "  HF_ENDPOINT (default https://huggingface.co), HF_TOKEN (optional, for gated and private Hub models)",
      "Or, to install in many workspaces (HTTP mode, no SLACK_BOT_TOKEN):",
      "  SLACK_CLIENT_ID, SLACK_CLIENT_SECRET  (Basic Information → App Credentials)",
      "  SLACK_STATE_SECRET    any long random string (openssl rand -hex 32), the same on every replica",
      "  TOKEN_ENCRYPTION_KEY  32 bytes, base64 (openssl rand -base64 32) or 64 hex; TOKEN_ENCRYPTION_KEYS_OLD (rotation)",
      'The README\'s "Connect it to Slack" and "Install in many workspaces (OAuth)" walk through it. Without Slack, try the terminal: npm run -s vram -- 7B fp16 seq=2048',
    ].join("\n"),
  };
}
