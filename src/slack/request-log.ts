import { randomUUID } from "node:crypto";
import type { AnyMiddlewareArgs, Context, Middleware } from "@slack/bolt";
import type pino from "pino";
import type { Inflight } from "./inflight.js";

/** What a listener reports about the request it handled; read by the request log. */
export interface Outcome {
  outcome?: string;
  reqId?: string;
}

/** A short reference for a request (8 hex digits); randomUUID draws from a cached entropy pool, so it is cheap. */
export const newRef = (): string => randomUUID().slice(0, 8);

export function outcomeOf(context: Context): Outcome {
  return context as Context & Outcome;
}

/** "command:/vram", "event:app_mention", "action:vram_why", "view:vram_form" … */
export function kindOf(body: AnyMiddlewareArgs["body"]): string {
  const b = body as Record<string, unknown>;
  if (typeof b.command === "string") return `command:${b.command}`;
  const event = b.event as { type?: unknown } | undefined;
  if (b.type === "event_callback" && typeof event?.type === "string") return `event:${event.type}`;
  if (b.type === "block_actions") {
    const first = (b.actions as { action_id?: unknown }[] | undefined)?.[0];
    return `action:${typeof first?.action_id === "string" ? first.action_id.split(":")[0] : "?"}`;
  }
  if (b.type === "view_submission" || b.type === "view_closed")
    return `view:${String((b.view as { callback_id?: unknown } | undefined)?.callback_id ?? "?")}`;
  return typeof b.type === "string" ? b.type : "unknown";
}

/**
 * One log line per request with its kind, latency and outcome; counts it in flight while it runs. `settled` runs
 * once the request's work is over (pending.ts forgets a recorded request there): one global middleware, not two
 * (each of Bolt's global middleware costs every request).
 */
export function requestLog(
  log: pino.Logger,
  inflight: Inflight,
  settled?: (body: AnyMiddlewareArgs["body"], outcome: string | undefined) => Promise<void>,
): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const started = performance.now();
    const o = outcomeOf(context);
    o.reqId = newRef();
    inflight.begin();
    try {
      await next();
      if (settled) await settled(body, o.outcome);
    } finally {
      inflight.end();
      const b = body as { team_id?: unknown; team?: { id?: unknown } };
      log.info(
        {
          reqId: o.reqId,
          kind: kindOf(body),
          latencyMs: Math.round((performance.now() - started) * 10) / 10,
          outcome: o.outcome ?? "ok",
          team: b.team_id ?? b.team?.id,
        },
        "request",
      );
    }
  };
}
