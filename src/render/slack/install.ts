import type { Message } from "./blockkit.js";

/**
 * A request from a workspace with no installation on record (its row was lost, or an uninstall was processed
 * here first): said privately to whoever asked, with the way to fix it when the app knows its public address.
 */
export function notInstalledMessage(installUrl: string | undefined): Message {
  const fix = installUrl
    ? ` A workspace admin can install it again: <${installUrl}|Add VRAM Advisor to Slack>.`
    : " A workspace admin can install it again from the app's install page (/slack/install).";
  const text = `VRAM Advisor has no installation on record for this workspace, so it cannot answer here.${fix}`;
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text: `:wave: ${text}` } }] };
}

/** The installation could not be read (the database is down, or its key is not configured). */
export function installationUnavailableMessage(ref: string): Message {
  const text = `Sorry, I cannot reach this workspace's installation right now, so I cannot answer. Try again in a minute; if it keeps happening, tell the app's admins the reference \`${ref}\`.`;
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text: `:warning: ${text}` } }] };
}
