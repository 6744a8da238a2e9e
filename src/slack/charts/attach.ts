import type pino from "pino";
import type { Message } from "../../render/slack/blockkit.js";
import type { ChartAttachment } from "../../render/slack/reply.js";
import type { ChartLinks } from "./links.js";

/**
 * The chart arrives in an update of an answer Slack already shows: the acknowledgement and the answer never wait
 * for it, and an update Slack refuses (it could not fetch the image: PUBLIC_URL unreachable from the internet)
 * leaves the answer as it was. Returns whether the chart was attached.
 */
export async function attachChart(
  links: ChartLinks | undefined,
  chart: ChartAttachment | undefined,
  update: (m: Message) => Promise<unknown>,
  log: pino.Logger,
  reqId: string | undefined,
): Promise<boolean> {
  if (!links || !chart) return false;
  const url = links.urlFor(chart.request);
  if (!url) return false;
  try {
    await update(chart.attach(url));
    return true;
  } catch (err) {
    log.warn({ reqId, err }, "the chart could not be attached (is PUBLIC_URL reachable by Slack?); the answer stands");
    return false;
  }
}
