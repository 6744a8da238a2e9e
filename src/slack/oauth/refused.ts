import type { AnyMiddlewareArgs } from "@slack/bolt";
import type pino from "pino";
import { installationUnavailableMessage, notInstalledMessage } from "../../render/slack/install.js";
import { slackMessage } from "../deps.js";
import type { Inflight } from "../inflight.js";
import { kindOf, newRef } from "../request-log.js";
import { postToResponseUrl } from "../retry.js";

/** Bolt's code for a request whose workspace's token could not be found (authorize failed). */
const AUTHORIZATION_ERROR = "slack_bolt_authorization_error";

/** Bolt wraps the store's error twice (App, then InstallProvider); the store's own code says which case it is. */
function causes(err: unknown): { code?: unknown }[] {
  const chain: { code?: unknown }[] = [];
  let e = err as { code?: unknown; original?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    chain.push(e);
    e = (e.original ?? e.cause) as typeof e;
  }
  return chain;
}

/**
 * Requests Bolt could not authorize (no installation for the workspace, or it could not be read): Bolt has already
 * acknowledged them with an empty 200 (Slack does not retry, nothing loops) and called no listener. This logs one
 * line with the workspace and, for a command or a click, tells the person privately through its response_url.
 * Returns false for any other error, which the caller logs as it always has.
 */
export function refusedRequests(opts: {
  log: pino.Logger;
  inflight: Inflight;
  installUrl?: string | undefined;
  /** The app's outbound fetch (Slack's hosts only). */
  fetch: typeof fetch;
}) {
  return (error: unknown, body: AnyMiddlewareArgs["body"]): boolean => {
    const chain = causes(error);
    if (chain[0]?.code !== AUTHORIZATION_ERROR) return false;
    const notInstalled = chain.some((e) => e.code === "vram_not_installed");
    const ref = newRef();
    const b = body as { team_id?: unknown; team?: { id?: unknown } | null; response_url?: unknown };
    const team = b.team_id ?? b.team?.id;
    if (notInstalled) {
      opts.log.warn({ ref, team, kind: kindOf(body) }, "request refused: the workspace has no installation");
    } else {
      opts.log.error(
        { ref, team, kind: kindOf(body), err: error },
        "request refused: its installation could not be read",
      );
    }
    if (typeof b.response_url === "string") {
      const message = notInstalled ? notInstalledMessage(opts.installUrl) : installationUnavailableMessage(ref);
      opts.inflight.begin();
      // Not awaited: Bolt acknowledges only after this handler, and Slack allows 3 s for that.
      void postToResponseUrl(
        b.response_url,
        opts.fetch,
      )({ response_type: "ephemeral", ...slackMessage(message) })
        .catch((err: unknown) => opts.log.warn({ ref, err }, "could not tell the user the request was refused"))
        .finally(() => opts.inflight.end());
    }
    return true;
  };
}
