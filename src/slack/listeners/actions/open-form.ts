import { formView } from "../../../render/slack/views.js";
import { slackModal, type Deps } from "../../deps.js";
import { guarded } from "../../guard.js";
import { outcomeOf } from "../../request-log.js";
import type { ButtonArgs } from "./button-state.js";

/** The Home tab's "Open the form": the answer will come to the user's DM with the app. */
export function openForm(deps: Deps) {
  return async ({ ack, body, client, context }: ButtonArgs): Promise<void> => {
    await ack();
    await guarded(
      deps.log,
      context,
      async () => {
        await client.views.open({ trigger_id: body.trigger_id, view: slackModal(formView("{}")) });
        outcomeOf(context).outcome = "form";
      },
      (m) => client.chat.postMessage({ channel: body.user.id, text: m.text }),
    );
  };
}
