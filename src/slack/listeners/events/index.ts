import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from "@slack/bolt";
import type { Deps } from "../../deps.js";
import { directMessage } from "./direct-message.js";
import { homeOpened } from "./home.js";
import { appMention } from "./mention.js";
import { workspaceGone } from "./uninstall.js";

type EventArgs<T extends string> = SlackEventMiddlewareArgs<T> & AllMiddlewareArgs;

/**
 * The Events API types the app handles; manifest.yml subscribes to exactly these (message as message.im).
 * app_uninstalled and tokens_revoked delete the workspace's data.
 */
export const HANDLED_EVENTS = [
  "app_mention",
  "message",
  "app_home_opened",
  "app_uninstalled",
  "tokens_revoked",
] as const;

/**
 * One Bolt listener for our events, routing by type: Bolt runs every listener's matchers on every request, so a
 * router per kind keeps the cost of each request independent of how many events we handle.
 */
export function registerEvents(app: App, deps: Deps): void {
  const mention = appMention(deps);
  const dm = directMessage(deps);
  const home = homeOpened(deps);
  const gone = workspaceGone(deps);
  app.event(new RegExp(`^(?:${HANDLED_EVENTS.join("|")})$`), async (args) => {
    // Bolt types a pattern listener's arguments for any event; the switch on `type` is what narrows them, which
    // TypeScript cannot see through Bolt's generic, hence the casts (each one matches its case).
    switch (args.event.type) {
      case "app_mention":
        return mention(args as unknown as EventArgs<"app_mention">);
      case "message":
        return dm(args as unknown as EventArgs<"message">);
      case "app_home_opened":
        return home(args as unknown as EventArgs<"app_home_opened">);
      case "app_uninstalled":
        return gone(args as unknown as EventArgs<"app_uninstalled">);
      case "tokens_revoked":
        return gone(args as unknown as EventArgs<"tokens_revoked">);
    }
  });
}
