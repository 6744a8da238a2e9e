import { fleetModal } from "../../../render/slack/views.js";
import { fleetUnavailableMessage } from "../../../render/slack/fleet.js";
import { slackMessage, slackModal, type Deps } from "../../deps.js";
import { guarded } from "../../guard.js";
import { outcomeOf } from "../../request-log.js";
import type { ButtonArgs } from "./button-state.js";

/** Home's "Edit" beside the team's GPUs: the modal to add and remove groups (who may save is checked on saving). */
export function editFleet(deps: Deps) {
  return async ({ ack, body, context }: ButtonArgs): Promise<void> => {
    await ack();
    const calls = deps.lanes.for(context.botToken);
    const reqId = outcomeOf(context).reqId;
    await guarded(
      deps.log,
      context,
      async () => {
        const team = context.teamId;
        if (!team) return;
        let groups: Awaited<ReturnType<Deps["fleet"]["list"]>>;
        try {
          groups = await deps.fleet.list(team);
        } catch (err) {
          deps.log.warn({ reqId, err }, "fleet modal not opened: database unreachable");
          outcomeOf(context).outcome = "fleet-unavailable";
          await calls.post({
            channel: body.user.id,
            ...slackMessage(fleetUnavailableMessage(reqId ?? "unknown")),
          });
          return;
        }
        await calls.viewsOpen({ trigger_id: body.trigger_id, view: slackModal(fleetModal(groups)) });
        outcomeOf(context).outcome = "fleet-form";
      },
      (m) => calls.post({ channel: body.user.id, ...slackMessage(m) }),
    );
  };
}
