/**
 * Text that came from a user, made inert for Slack's mrkdwn (api.slack.com/reference/surfaces/formatting#escaping):
 * &, < and > are escaped so `<!channel>` or `<@U123>` cannot ping, and the formatting marks `*_~` and the backtick are
 * replaced by look-alikes so `*bold*` cannot restyle the reply.
 */
export function inert(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\*/g, "∗")
    .replace(/_/g, "ˍ")
    .replace(/~/g, "∼")
    .replace(/`/g, "ˋ");
}

/** Our own text that may contain user words in backticks (parser messages): escape what could ping, keep our code spans. */
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
