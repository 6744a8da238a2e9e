import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { VIEW } from "../../../render/slack/ids.js";
import type { Deps } from "../../deps.js";
import { ViewSubmission } from "../../payloads.js";
import { outcomeOf } from "../../request-log.js";
import { fleetSubmitted } from "./fleet.js";
import { formSubmitted } from "./form.js";

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * Each modal's submission, read through the schema first (the HTTP intake has; a Socket Mode payload has not): one
 * without its state, or with a value that is not text, is acknowledged (the modal closes) and goes no further.
 */
const checked =
  (handle: (args: ViewArgs) => Promise<void>) =>
  async (args: ViewArgs): Promise<void> => {
    if (!ViewSubmission.safeParse(args.body).success) {
      outcomeOf(args.context).outcome = "ignored";
      await args.ack();
      return;
    }
    await handle(args);
  };

export function registerViews(app: App, deps: Deps): void {
  app.view(VIEW.form, checked(formSubmitted(deps)));
  app.view(VIEW.fleet, checked(fleetSubmitted(deps)));
}
