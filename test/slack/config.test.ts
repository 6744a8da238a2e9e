import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createLogger, scrub } from "../../src/slack/logger.js";

describe("configuration from the environment", () => {
  it("chooses HTTP with a signing secret and Socket Mode when an app token is set", () => {
    const http = loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "abc", PORT: "8080" });
    expect(http.ok && http.config).toMatchObject({ mode: "http", port: 8080, logLevel: "info" });
    const socket = loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" });
    expect(socket.ok && socket.config.mode).toBe("socket");
  });

  it("names every missing or malformed variable and says where to find it", () => {
    const r = loadConfig({ SLACK_BOT_TOKEN: "xoxp-user-token", PORT: "http", SLACK_API_URL: "not a url" });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toContain("SLACK_BOT_TOKEN must be a bot token starting with xoxb-");
    expect(r.message).toContain("SLACK_SIGNING_SECRET is not set");
    expect(r.message).toContain("PORT");
    expect(r.message).toContain("SLACK_API_URL");
    expect(r.message).toContain("npm run -s vram");
    expect(r.message).not.toContain("xoxp-user-token");
  });

  it("draws charts only for an HTTPS PUBLIC_URL, keyed by CHART_SECRET or else the Slack secret", () => {
    const base = { SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "signing-secret" };
    expect(loadConfig(base).ok && loadConfig(base)).toMatchObject({ config: { charts: undefined } });
    const https = loadConfig({ ...base, PUBLIC_URL: "https://vram.example.com" });
    expect(https.ok && https.config.charts).toEqual({
      publicUrl: "https://vram.example.com",
      secret: "signing-secret",
    });
    const own = loadConfig({ ...base, PUBLIC_URL: "https://vram.example.com", CHART_SECRET: "0123456789abcdef-x" });
    expect(own.ok && own.config.charts?.secret).toBe("0123456789abcdef-x");
    const socket = loadConfig({
      SLACK_BOT_TOKEN: "xoxb-1",
      SLACK_APP_TOKEN: "xapp-1",
      PUBLIC_URL: "https://v.example",
    });
    expect(socket.ok && socket.config.charts?.secret).toBe("xapp-1");
    const http = loadConfig({ ...base, PUBLIC_URL: "http://vram.example.com" });
    expect(http.ok).toBe(false);
    expect(!http.ok && http.message).toContain("PUBLIC_URL must be https://");
    expect(loadConfig({ ...base, PUBLIC_URL: "http://localhost:3000" }).ok).toBe(true);
    const short = loadConfig({ ...base, PUBLIC_URL: "https://v.example", CHART_SECRET: "short" });
    expect(!short.ok && short.message).toContain("CHART_SECRET must be at least 16 characters");
  });

  it("treats empty variables as unset", () => {
    const r = loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s", SLACK_APP_TOKEN: "", PORT: "" });
    expect(r.ok && r.config).toMatchObject({ mode: "http", port: 3000 });
  });
});

describe("logs", () => {
  it("redact tokens and secrets wherever they appear", () => {
    const lines: string[] = [];
    const log = createLogger({
      level: "debug",
      secrets: ["signing-secret-value"],
      destination: { write: (s: string) => void lines.push(s) },
    });
    log.info(
      {
        token: "xoxb-123-456-abc",
        headers: { authorization: "Bearer xoxb-9" },
        response_url: "https://hooks.slack.com/x",
      },
      "calling with xoxb-123-456-abc",
    );
    log.error({ err: new Error("bad signing-secret-value and xapp-1-A-2-b") }, "failed");
    log.warn("free text with xoxp-777-888 inside");
    const all = lines.join("\n");
    for (const secret of ["xoxb-123", "xoxb-9", "signing-secret-value", "xapp-1", "xoxp-777", "hooks.slack.com/x"])
      expect(all).not.toContain(secret);
    expect(all).toContain("[redacted]");
  });

  it("scrub token-shaped strings", () => {
    expect(scrub("a xoxb-1-2-abc b xapp-1-A1-xyz c")).toBe("a [redacted] b [redacted] c");
  });
});
