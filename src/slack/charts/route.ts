import type { IncomingMessage, ServerResponse } from "node:http";
import type pino from "pino";
import { answerTextSettled } from "../../answer/index.js";
import type { HubCache } from "../../models/hub/cache.js";
import { chartPng } from "../../render/chart/index.js";
import { CHART_PATH, type ChartLinks } from "./links.js";

/**
 * Slack fetches an image once and serves it from its own proxy; a day is long enough for any re-fetch and short
 * enough that a corrected catalog reaches old charts.
 */
const CACHE_SECONDS = 86_400;
/** Rendered PNGs kept (about 30–60 kB each): the same popular answers are asked for again and again. */
const KEEP = 64;

/**
 * GET /charts/v1/… : the PNG of a signed request, drawn from the same pipeline as the answer (never stored; the
 * URL is the state). Anything unsigned or unreadable is 404 with no detail.
 */
export class ChartRoute {
  private readonly pngs = new Map<string, Buffer>();

  constructor(
    private readonly links: ChartLinks,
    private readonly log: pino.Logger,
    private readonly hub?: HubCache,
  ) {}

  /** True when the request was for a chart (and has been answered). */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (!path.startsWith(CHART_PATH)) return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return true;
    }
    const request = this.links.verify(path);
    if (request === undefined) {
      res.writeHead(404, { "cache-control": "no-store" }).end();
      return true;
    }
    this.png(request).then(
      (png) => {
        if (!png) {
          res.writeHead(404, { "cache-control": "no-store" }).end();
          return;
        }
        res.writeHead(200, {
          "content-type": "image/png",
          "content-length": png.length,
          "cache-control": `public, max-age=${CACHE_SECONDS}`,
          "x-content-type-options": "nosniff",
        });
        res.end(req.method === "HEAD" ? undefined : png);
      },
      (err: unknown) => {
        this.log.error({ err }, "chart could not be drawn");
        if (!res.headersSent) res.writeHead(500, { "cache-control": "no-store" }).end();
      },
    );
    return true;
  }

  private async png(request: string): Promise<Buffer | undefined> {
    const hit = this.pngs.get(request);
    if (hit) {
      this.pngs.delete(request);
      this.pngs.set(request, hit);
      return hit;
    }
    // A model from the Hub is in the Hub cache by now (the answer just looked it up); if not, it is looked up again.
    const result = await answerTextSettled(request, this.hub);
    if (result.kind !== "answer") return undefined;
    const png = chartPng(result.answer);
    this.pngs.set(request, png);
    if (this.pngs.size > KEEP) this.pngs.delete(this.pngs.keys().next().value as string);
    return png;
  }
}
