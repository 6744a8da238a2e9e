import { type Block, LIMITS } from "./blockkit.js";

/**
 * Our own text that may quote a user's words in code spans (parser messages and notes): &, < and > are escaped
 * (api.slack.com/reference/surfaces/formatting#escaping) so `<!channel>` or `<@U123>` cannot ping. Text a user
 * typed is otherwise only echoed as plain_text, which Slack never formats.
 */
export function escapeText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Cut text to `max` characters on a line boundary where possible, saying that it was cut. */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  const room = max - 2;
  const cut = s.lastIndexOf("\n", room);
  return `${s.slice(0, cut > room / 2 ? cut : room)} …`;
}

/** A section of our own mrkdwn, cut to Slack's 3,000 characters. */
export const mrkdwnSection = (text: string): Block => ({
  type: "section",
  text: { type: "mrkdwn", text: clip(text, LIMITS.sectionText) },
});

/** A context line (grey, small) of our own mrkdwn, cut to Slack's limit. */
export const mrkdwnContext = (text: string): Block => ({
  type: "context",
  elements: [{ type: "mrkdwn", text: clip(text, LIMITS.sectionText) }],
});
