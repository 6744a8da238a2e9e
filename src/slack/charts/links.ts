import { createHmac, timingSafeEqual } from "node:crypto";
import { LIMITS } from "../../render/slack/blockkit.js";

/**
 * Chart URLs: `<PUBLIC_URL>/charts/v1/<request>.<tag>.png`, where `request` is the canonical request text in
 * base64url and `tag` its HMAC-SHA256 under a key derived from the app's secret.
 *
 * The URL carries everything needed to draw the chart, so any replica draws it with no shared state and nothing is
 * stored; the tag means this host only ever draws charts of answers it gave (nobody can make it render arbitrary
 * requests), and a chart reveals no more than the answer it belongs to.
 */
export const CHART_PATH = "/charts/v1/";

/**
 * 16 bytes of the 32-byte HMAC: RFC 2104 §5 allows truncating to no less than half the output and 80 bits; 128 bits
 * keeps forgery out of reach while the URL stays short.
 */
const TAG_BYTES = 16;
/** Keys for other uses of the same secret differ from this one (domain separation). */
const KEY_LABEL = "vram-advisor chart links v1";

const b64 = (b: Buffer): string => b.toString("base64url");

export class ChartLinks {
  private readonly key: Buffer;
  private readonly base: string;

  constructor(publicUrl: string, secret: string) {
    this.key = createHmac("sha256", secret).update(KEY_LABEL).digest();
    this.base = publicUrl.replace(/\/+$/, "");
  }

  private tag(payload: string): Buffer {
    return createHmac("sha256", this.key).update(payload).digest().subarray(0, TAG_BYTES);
  }

  /** The chart's URL for a canonical request; undefined when it would pass Slack's 3,000 characters. */
  urlFor(request: string): string | undefined {
    const payload = b64(Buffer.from(request, "utf8"));
    const url = `${this.base}${CHART_PATH}${payload}.${b64(this.tag(payload))}.png`;
    return url.length <= LIMITS.imageUrl ? url : undefined;
  }

  /** A request path → the canonical request it was signed for; undefined for anything this app did not sign. */
  verify(path: string): string | undefined {
    if (!path.startsWith(CHART_PATH)) return undefined;
    const m = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.png$/.exec(path.slice(CHART_PATH.length));
    if (!m) return undefined;
    const [, payload, tag] = m as unknown as [string, string, string];
    const given = Buffer.from(tag, "base64url");
    const want = this.tag(payload);
    if (given.length !== want.length || !timingSafeEqual(given, want)) return undefined;
    return Buffer.from(payload, "base64url").toString("utf8");
  }
}
