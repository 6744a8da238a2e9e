import type { App } from "@slack/bolt";
import { VIEW } from "../../../render/slack/ids.js";
import type { Deps } from "../../deps.js";
import { formSubmitted } from "./form.js";
import { fleetSubmitted } from "./fleet.js";

export function registerViews(app: App, deps: Deps): void {
  app.view(VIEW.form, formSubmitted(deps));
  app.view(VIEW.fleet, fleetSubmitted(deps));
}
