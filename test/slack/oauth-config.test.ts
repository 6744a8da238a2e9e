import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";

const KEY = randomBytes(32).toString("base64");
const OAUTH = {
  SLACK_SIGNING_SECRET: "signing-secret",
  SLACK_CLIENT_ID: "1111111111.2222222222",
  SLACK_CLIENT_SECRET: "client-secret-value",
  SLACK_STATE_SECRET: "state-secret-0123456789",
  TOKEN_ENCRYPTION_KEY: KEY,
};

function problems(env: Record<string, string>): string {
  const r = loadConfig(env);
  if (r.ok) throw new Error("expected the configuration to be refused");
  return r.message;
}

describe("multi-workspace (OAuth) configuration", () => {
  it("switches on with the client id, secret, state secret and key, needing no SLACK_BOT_TOKEN", () => {
    const r = loadConfig(OAUTH);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.mode).toBe("http");
    expect(r.config.botToken).toBeUndefined();
    expect(r.config.oauth).toEqual({
      clientId: "1111111111.2222222222",
      clientSecret: "client-secret-value",
      stateSecret: "state-secret-0123456789",
      tokenKey: KEY,
      previousTokenKeys: [],
    });
  });

  it("keeps one workspace exactly as before: SLACK_BOT_TOKEN, no OAuth", () => {
    const r = loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" });
    expect(r.ok && r.config.oauth).toBeUndefined();
    expect(r.ok && r.config.botToken).toBe("xoxb-1");
    expect(problems({ SLACK_SIGNING_SECRET: "s" })).toContain("SLACK_BOT_TOKEN is not set");
  });

  it("reads previous keys for rotation, comma-separated, hex or base64", () => {
    const old1 = randomBytes(32).toString("hex");
    const old2 = randomBytes(32).toString("base64");
    const r = loadConfig({ ...OAUTH, TOKEN_ENCRYPTION_KEYS_OLD: ` ${old1}, ${old2} ,` });
    expect(r.ok && r.config.oauth?.previousTokenKeys).toEqual([old1, old2]);
  });

  it("names every variable the mode lacks, with how to make the secrets", () => {
    const message = problems({ SLACK_SIGNING_SECRET: "s", SLACK_CLIENT_ID: "1111111111.2222222222" });
    expect(message).toContain("SLACK_CLIENT_SECRET is not set");
    expect(message).toContain("SLACK_STATE_SECRET is not set");
    expect(message).toContain("openssl rand -hex 32");
    expect(message).toContain("TOKEN_ENCRYPTION_KEY is not set");
    expect(message).toContain("openssl rand -base64 32");
    expect(message).not.toContain("SLACK_BOT_TOKEN is not set");
    expect(message).toContain("Install in many workspaces (OAuth)");
    expect(problems({ SLACK_SIGNING_SECRET: "s", SLACK_CLIENT_SECRET: "x" })).toContain("SLACK_CLIENT_ID is not set");
  });

  it("refuses OAuth with Socket Mode, and a bot token beside a client id, saying which to unset", () => {
    const socket = problems({ ...OAUTH, SLACK_SIGNING_SECRET: "", SLACK_APP_TOKEN: "xapp-1-A-2-x" });
    expect(socket).toContain("SLACK_APP_TOKEN cannot be used with SLACK_CLIENT_ID");
    expect(socket).toContain("HTTP mode");
    expect(socket).toContain("SLACK_SIGNING_SECRET is not set");
    expect(problems({ ...OAUTH, SLACK_BOT_TOKEN: "xoxb-1" })).toContain(
      "SLACK_BOT_TOKEN must not be set with SLACK_CLIENT_ID",
    );
  });

  it("explains a malformed value without echoing it, and lists the cross-variable problems in the same run", () => {
    const shortKey = randomBytes(16).toString("base64");
    const oldBad = "not-a-key-at-all-0123456789";
    const message = problems({
      ...OAUTH,
      SLACK_CLIENT_ID: "my-app",
      SLACK_STATE_SECRET: "short",
      TOKEN_ENCRYPTION_KEY: shortKey,
      TOKEN_ENCRYPTION_KEYS_OLD: `${KEY},${oldBad}`,
      SLACK_APP_TOKEN: "xapp-1-A-2-x",
      PORT: "http",
    });
    expect(message).toContain("SLACK_CLIENT_ID must be the app's Client ID");
    expect(message).toContain("SLACK_STATE_SECRET must be at least 16 characters");
    expect(message).toContain("TOKEN_ENCRYPTION_KEY must be 32 random bytes as base64 (openssl rand -base64 32)");
    expect(message).toContain("TOKEN_ENCRYPTION_KEYS_OLD must be earlier TOKEN_ENCRYPTION_KEY values");
    expect(message).toContain("SLACK_APP_TOKEN cannot be used with SLACK_CLIENT_ID");
    expect(message).toContain("PORT");
    for (const secret of [shortKey, oldBad, KEY, "client-secret-value"]) {
      expect(message).not.toContain(secret);
    }
  });
});
