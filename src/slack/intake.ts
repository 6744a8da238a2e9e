import type { IncomingMessage, ServerResponse } from "node:http";
import { parse } from "node:querystring";
import { createHmac, timingSafeEqual } from "node:crypto";
import { HTTPModuleFunctions } from "@slack/bolt";
import type pino from "pino";
import type { z } from "zod";
import { EventsEnvelope, Interaction, SlashCommand } from "./payloads.js";
import type { PendingWork } from "./pending.js";

/** Slack refuses to count a request signed more than 5 minutes away from now (a replay). */
const MAX_SKEW_S = 5 * 60;

/**
 * Slack's request signature (https://docs.slack.dev/authentication/verifying-requests-from-slack): `v0=` and the
 * hex HMAC-SHA256 of `v0:<timestamp>:<body>` under the signing secret, within 5 minutes of now, compared in
 * constant time. The same rule as Bolt's verifySlackRequest, with one HMAC instead of tsscmp's three.
 */
export function validSignature(
  secret: string,
  signature: string,
  timestampS: number,
  body: string,
  nowMs = Date.now(),
): boolean {
  if (!secret || !Number.isFinite(timestampS) || Math.abs(nowMs / 1000 - timestampS) > MAX_SKEW_S) return false;
  if (!signature.startsWith("v0=")) return false;
  const ours = Buffer.from(`v0=${createHmac("sha256", secret).update(`v0:${timestampS}:${body}`).digest("hex")}`);
  const theirs = Buffer.from(signature);
  return ours.length === theirs.length && timingSafeEqual(ours, theirs);
}

/** Where Slack posts everything (manifest.yml's Request URLs). */
export const EVENTS_PATH = "/slack/events";

/** What a signed body is: a request the app handles (and its parsed body, as Bolt will read it), or why not. */
type Verdict = { ok: true; body: unknown } | { ok: false; kind: string; why: string };

const firstIssue = (e: z.ZodError): string => {
  const i = e.issues[0];
  return i ? `${i.path.join(".") || "body"}: ${i.message}` : "unreadable";
};

function readJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** What kind of request a signed body is, and whether it is one Slack sends and the app handles. */
export function classify(contentType: string | undefined, text: string, command: string): Verdict {
  if (contentType?.startsWith("application/x-www-form-urlencoded")) {
    const form = parse(text);
    if (typeof form.payload === "string") {
      const json = readJson(form.payload);
      if (!json.ok) return { ok: false, kind: "interaction", why: "payload is not JSON" };
      const r = Interaction.safeParse(json.value);
      return r.success ? { ok: true, body: json.value } : { ok: false, kind: "interaction", why: firstIssue(r.error) };
    }
    const r = SlashCommand.safeParse(form);
    if (!r.success) return { ok: false, kind: "command", why: firstIssue(r.error) };
    return r.data.command === command
      ? { ok: true, body: form }
      : { ok: false, kind: "command", why: `not ${command}` };
  }
  if (contentType?.startsWith("application/json")) {
    const json = readJson(text);
    if (!json.ok) return { ok: false, kind: "event", why: "body is not JSON" };
    const r = EventsEnvelope.safeParse(json.value);
    return r.success ? { ok: true, body: json.value } : { ok: false, kind: "event", why: firstIssue(r.error) };
  }
  return { ok: false, kind: "unknown", why: `content-type ${contentType ?? "none"}` };
}

/**
 * The door before Bolt's receiver, for POST /slack/events: reads the body once (Bolt then uses the same buffer),
 * and for a correctly signed request that is not something Slack sends or the app handles (JSON `null`, `[]`, a
 * number; a button that is not ours; a form with another callback or without its state; a button without its
 * user) acknowledges it at once with an empty 200 and logs why, so nothing hangs until Slack gives up, fails with
 * a 500 or reaches a listener half-formed. It is the one place signatures are checked (Bolt's receiver is told not
 * to check them again): unsigned, stale or forged requests get 401; Slack's unsigned `ssl_check` goes to Bolt.
 */
export function createIntake(opts: {
  signingSecret: string;
  bodyLimit: number;
  command: string;
  log: pino.Logger;
  /** Work acknowledged before it is done is recorded here first (pending.ts). */
  pending?: PendingWork | undefined;
}) {
  return async (req: IncomingMessage, res: ServerResponse, next: () => void): Promise<void> => {
    if (req.method !== "POST" || (req.url ?? "").split("?")[0] !== EVENTS_PATH) return next();
    let raw: Buffer;
    try {
      raw = (await HTTPModuleFunctions.bufferIncomingMessage(req, opts.bodyLimit)).rawBody;
    } catch (err) {
      if (!res.headersSent) res.writeHead(HTTPModuleFunctions.isRawBodyError(err) ? 413 : 400).end();
      return;
    }
    const text = raw.toString();
    const type = req.headers["content-type"];
    const signature = req.headers["x-slack-signature"];
    const timestamp = Number(req.headers["x-slack-request-timestamp"]);
    const signed = typeof signature === "string" && validSignature(opts.signingSecret, signature, timestamp, text);
    if (!signed) {
      // Slack's ssl_check is the one request it sends unsigned (Bolt answers it); anything else unsigned is refused.
      if (type?.startsWith("application/x-www-form-urlencoded") && parse(text).ssl_check === "1") return next();
      res.writeHead(401).end();
      return;
    }
    const verdict = classify(type, text, opts.command);
    if (verdict.ok) {
      // Recorded before Bolt acknowledges it: if this process dies before answering, another answers it.
      await opts.pending?.record(verdict.body, type ?? "", text);
      return next();
    }
    opts.log.warn(
      { kind: verdict.kind, why: verdict.why.slice(0, 200) },
      "acknowledged and ignored a request Slack would never send",
    );
    res.writeHead(200, { "content-type": "text/plain" }).end();
  };
}
