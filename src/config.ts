import { z } from "zod";
import { HubEnv } from "./models/hub/index.js";
import { DatabaseUrl } from "./store/url.js";

const NO_MODE = "is not set (needed for HTTP mode; or set SLACK_APP_TOKEN for Socket Mode)";

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
    SLACK_BOT_TOKEN: z.string({ error: "is not set" }).regex(/^xoxb-/, "must be a bot token starting with xoxb-"),
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
  })
  .extend(HubEnv.shape)
  .superRefine((env, ctx) => {
    if (env.SLACK_APP_TOKEN === undefined && env.SLACK_SIGNING_SECRET === undefined) {
      ctx.addIssue({ code: "custom", path: ["SLACK_SIGNING_SECRET"], message: NO_MODE });
    }
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
  // The cross-field check only runs once every field parsed; say it anyway so one run lists everything to fix.
  if (
    cleaned.SLACK_APP_TOKEN === undefined &&
    cleaned.SLACK_SIGNING_SECRET === undefined &&
    !parsed.error.issues.some((i) => i.path[0] === "SLACK_SIGNING_SECRET")
  ) {
    problems.push(`  • SLACK_SIGNING_SECRET ${NO_MODE}`);
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
      "  HF_ENDPOINT (default https://huggingface.co), HF_TOKEN (optional, for gated and private Hub models)",
      'The README\'s "Connect it to Slack" walks through it. Without Slack, try the terminal: npm run -s vram -- 7B fp16 seq=2048',
    ].join("\n"),
  };
}
