import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Inflight } from "./inflight.js";

/**
 * Slack's side of the HTTP server: the receiver's listener, and the intake that reads and checks each of Slack's
 * POSTs before it (intake.ts; our app's receiver verifies nothing itself, so it is served only together with it).
 */
export interface SlackHttp {
  listener: RequestListener;
  intake?: ((req: IncomingMessage, res: ServerResponse, next: () => void) => Promise<void>) | undefined;
}

export interface HttpOptions {
  port: number;
  host?: string;
  /** Slack's endpoint; absent in Socket Mode, where only /healthz (and charts) are served. */
  slack?: SlackHttp | undefined;
  /** Whether the app is ready (initialised, not shutting down): /healthz answers 200 then, 503 otherwise. */
  ready: () => boolean;
  inflight: Inflight;
  /** The answers' charts (GET /charts/v1/…), served in either mode when PUBLIC_URL is set. */
  charts?: { handle(req: IncomingMessage, res: ServerResponse): boolean } | undefined;
}

function health(res: ServerResponse, ok: boolean): void {
  res.writeHead(ok ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify({ status: ok ? "ok" : "starting or stopping" }));
}

/** The process's HTTP server: GET /healthz, and Slack's requests counted in flight until their response closes. */
export function listen(opts: HttpOptions): Promise<{ server: Server; port: number }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/healthz" && (req.method === "GET" || req.method === "HEAD")) return health(res, opts.ready());
    if (opts.charts?.handle(req, res)) return;
    if (!opts.slack) {
      res.writeHead(404).end();
      return;
    }
    // Until the app is initialised (and once it is stopping) Slack gets 503 and retries elsewhere or later,
    // instead of an empty 200 that would acknowledge an event nobody handled.
    if (!opts.ready()) {
      res.writeHead(503, { "retry-after": "5" }).end();
      return;
    }
    opts.inflight.begin();
    res.once("close", () => opts.inflight.end());
    const { listener, intake } = opts.slack;
    const toSlack = (): void => {
      try {
        listener(req, res);
      } catch (err) {
        // Bolt's receiver throws for any path it does not serve (a scanner's GET /): that is a 404, never a crash.
        const deferred = (err as { code?: unknown }).code === "slack_bolt_http_receiver_deferred_request_error";
        if (!res.headersSent) res.writeHead(deferred ? 404 : 500).end();
      }
    };
    if (!intake) return toSlack();
    intake(req, res, toSlack).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  // Slack waits 3 s for an acknowledgement; a client that trickles its request for longer is cut off.
  server.requestTimeout = 10_000;
  server.headersTimeout = 10_000;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => {
      server.off("error", reject);
      resolve({ server, port: (server.address() as AddressInfo).port });
    });
  });
}

/** Stop accepting connections (idle keep-alive ones are closed) without waiting for the open ones. */
export function stopAccepting(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
