import type { App } from "@slack/bolt";
import type { Deps } from "../../deps.js";
import { vramCommand } from "./vram.js";

export function registerCommands(app: App, deps: Deps): void {
  app.command(deps.command, vramCommand(deps));
}
