import type { IncomingMessage, ServerResponse } from "node:http";
import { parse } from "node:querystring";
import { HTTPModuleFunctions, isValidSlackRequest } from "@slack/bolt";
import type pino from "pino";
import type { z } from "zod";
import { EventsEnvelope, Interaction, SlashCommand } from "./payloads.js";
import type { PendingWork } from "./pending.js";

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
 * a 500 or reaches a listener half-formed. Unsigned requests and Slack's `ssl_check` go to Bolt, which answers
 * them as it always has (401; 200).
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
    const signed =
      typeof signature === "string" &&
      isValidSlackRequest({
        signingSecret: opts.signingSecret,
        body: text,
        headers: { "x-slack-signature": signature, "x-slack-request-timestamp": timestamp },
      });
    if (!signed) return next();
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
