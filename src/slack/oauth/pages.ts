/**
 * The pages a person sees in their browser at the end of "Add to Slack": short, plain HTML (no scripts, no outside
 * resources), every value escaped. What went wrong is said in words, with the way forward, never a stack trace.
 */

export interface Page {
  status: number;
  html: string;
}

const escapeHtml = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

function page(status: number, title: string, paragraphs: string[]): Page {
  const body = paragraphs.map((p) => `<p>${p}</p>`).join("\n");
  return {
    status,
    html: `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · VRAM Advisor</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>
`,
  };
}

/** Where a new install starts (relative: the browser is already on this app's host). */
const again = (installPath: string) => `<a href="${escapeHtml(installPath)}">Start the install again</a>.`;

export function installedPage(team: { id: string; name?: string | undefined }, appId: string | undefined): Page {
  const where = team.name ? `in <strong>${escapeHtml(team.name)}</strong>` : "in your workspace";
  const open = appId
    ? `<a href="slack://app?team=${encodeURIComponent(team.id)}&amp;id=${encodeURIComponent(appId)}">Open it in Slack</a>, or `
    : "";
  return page(200, "VRAM Advisor is installed", [
    `VRAM Advisor is installed ${where}.`,
    `${open}type <code>/vram 7B fp16 seq=2048</code> in any channel, or mention <code>@VRAM Advisor</code> in a thread.`,
  ]);
}

/** The state did not match: a link from an old tab, another browser, or a forged one. Nothing was installed. */
export function staleLinkPage(installPath: string): Page {
  return page(400, "This install link has expired", [
    "Nothing was installed: the link was older than 10 minutes, or it was opened in another browser than the one that started the install.",
    again(installPath),
  ]);
}

export function cancelledPage(installPath: string): Page {
  return page(200, "Install cancelled", ["Nothing was installed, and nothing was stored.", again(installPath)]);
}

export function orgInstallPage(): Page {
  return page(400, "Install it in each workspace", [
    "VRAM Advisor is installed one workspace at a time; an install for a whole Enterprise Grid organisation is not supported. Nothing was stored.",
    "Ask an organisation admin to add it to the workspaces that want it, or install it from inside one workspace.",
  ]);
}

/** Slack refused to exchange the code (used already, expired, or a wrong client secret). */
export function slackRefusedPage(installPath: string): Page {
  return page(502, "Slack did not complete the install", [
    "Slack refused to finish the install, so nothing was stored. This happens when the page is reloaded or the link is used twice.",
    again(installPath),
  ]);
}

/** Our side failed (the database); the reference is in the app's logs. */
export function notSavedPage(installPath: string, ref: string): Page {
  return page(503, "The install could not be saved", [
    `Slack approved the install but this app could not save it, so it is not installed yet. Try again in a minute; if it keeps happening, give the app's admins the reference <code>${escapeHtml(ref)}</code>.`,
    again(installPath),
  ]);
}
