import { formView } from "../../../render/slack/views.js";
import { slackModal, type Deps } from "../../deps.js";
import { guarded } from "../../guard.js";
import { outcomeOf } from "../../request-log.js";
import type { ButtonArgs } from "./button-state.js";

/** The Home tab's "Open the form": the answer will come to the user's DM with the app. */
export function openForm(deps: Deps) {
  return async ({ ack, body, context }: ButtonArgs): Promise<void> => {
    await ack();
    const calls = deps.lanes.for(context.botToken);
    await guarded(
      deps.log,
      context,
      async () => {
        await calls.viewsOpen({ trigger_id: body.trigger_id, view: slackModal(formView("{}")) });
        outcomeOf(context).outcome = "form";
      },
      (m) => calls.post({ channel: body.user.id, text: m.text }),
    );
  };
}
