import { LogLevel, type Logger } from "@slack/bolt";
import pino from "pino";

/** Where secrets can sit in what we log; pino replaces them (github.com/pinojs/pino/blob/main/docs/redaction.md). */
export const REDACT_PATHS = [
  "token",
  "*.token",
  "botToken",
  "appToken",
  "signingSecret",
  "*.botToken",
  "*.appToken",
  "*.signingSecret",
  "headers.authorization",
  "*.headers.authorization",
  'headers["x-slack-signature"]',
  'req.headers["x-slack-signature"]',
  "response_url",
  "*.response_url",
  "trigger_id",
  "*.trigger_id",
];

/** Token-shaped strings anywhere in a message (xoxb-, xoxp-, xapp-, …, and Hugging Face hf_ tokens). */
const TOKEN = /\b(?:(?:xox[abposre]|xapp)-[A-Za-z0-9-]+|hf_[A-Za-z0-9]{20,})/g;
/** A response_url lets anyone holding it post to the channel for 30 minutes: as secret as a token. */
const RESPONSE_URL = /https:\/\/hooks\.slack(-gov)?\.com\/[^\s"']*/g;

/** Fields of raw payloads that Socket Mode's debug lines print as JSON text: the legacy verification token, trigger ids. */
const PAYLOAD_SECRET = /("(?:token|trigger_id|response_url)"\s*:\s*")[^"]*"/g;

export function scrub(s: string, secrets: readonly string[] = []): string {
  let out = s
    .replace(TOKEN, "[redacted]")
    .replace(RESPONSE_URL, "[redacted response_url]")
    .replace(PAYLOAD_SECRET, '$1[redacted]"');
  for (const secret of secrets) if (secret.length >= 8) out = out.split(secret).join("[redacted]");
  return out;
}

export interface LoggerOptions {
  level?: string;
  /** Values that must never be printed (the signing secret), scrubbed from every string logged. */
  secrets?: readonly string[];
  destination?: pino.DestinationStream;
}

export function createLogger(opts: LoggerOptions = {}): pino.Logger {
  const secrets = opts.secrets ?? [];
  const options: pino.LoggerOptions = {
    level: opts.level ?? "info",
    base: { app: "vram-advisor" },
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    hooks: {
      logMethod(args, method) {
        const clean = args.map((a: unknown) => (typeof a === "string" ? scrub(a, secrets) : a)) as Parameters<
          typeof method
        >;
        method.apply(this, clean);
      },
    },
    // pino's own error serializer (type, message, stack, cause, code …), with secrets scrubbed from its text.
    serializers: {
      err: (e: unknown) => {
        if (!(e instanceof Error)) return e;
        // Every field is scrubbed, not only message and stack: Slack client errors carry the response in `data`.
        return JSON.parse(scrub(JSON.stringify(pino.stdSerializers.err(e)), secrets)) as unknown;
      },
    },
  };
  return opts.destination ? pino(options, opts.destination) : pino(options);
}

const BOLT_LEVEL: Record<string, LogLevel> = {
  trace: LogLevel.DEBUG,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
};

/** Bolt's Logger on top of pino. setLevel is a no-op: the App sets levels of its own, ours come from LOG_LEVEL. */
export function boltLogger(log: pino.Logger): Logger {
  const text = (msg: unknown[]) =>
    msg.map((m) => (typeof m === "string" ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(" ");
  const bolt = log.child({ component: "bolt" });
  return {
    debug: (...msg) => bolt.debug(text(msg)),
    info: (...msg) => bolt.info(text(msg)),
    warn: (...msg) => bolt.warn(text(msg)),
    error: (...msg) => bolt.error(text(msg)),
    setLevel: () => undefined,
    getLevel: () => BOLT_LEVEL[log.level] ?? LogLevel.ERROR,
    setName: () => undefined,
  };
}
