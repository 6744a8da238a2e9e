import type { App } from "@slack/bolt";
import type { Deps } from "../../deps.js";
import { directMessage } from "./direct-message.js";
import { homeOpened } from "./home.js";
import { appMention } from "./mention.js";

export function registerEvents(app: App, deps: Deps): void {
  app.event("app_mention", appMention(deps));
  app.event("message", directMessage(deps));
  app.event("app_home_opened", homeOpened(deps));
}
