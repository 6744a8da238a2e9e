import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { parseFleet } from "../../../parse/fleet.js";
import type { Message } from "../../../render/slack/blockkit.js";
import {
  fleetAddedMessage,
  fleetErrorMessage,
  fleetForbiddenMessage,
  roleUnknownMessage,
  fleetListMessage,
  fleetMissingMessage,
  fleetRemovedMessage,
  fleetTakenMessage,
  fleetUnavailableMessage,
} from "../../../render/slack/fleet.js";
import { slackMessage, type Deps } from "../../deps.js";
import { outcomeOf } from "../../request-log.js";
import { retryingRespond } from "../../retry.js";
import type { EditCheck } from "../../editors.js";

/**
 * `/vram fleet …`: the workspace's GPUs. A command that does not read is answered in the acknowledgement and
 * stores nothing; otherwise the acknowledgement comes first (the database may be slow or down, Slack waits 3 s)
 * and the result follows, privately. The workspace is the one Slack signed the request for, never one in the text.
 */
export async function fleetCommand(
  deps: Deps,
  { command, ack, respond, context }: SlackCommandMiddlewareArgs & AllMiddlewareArgs,
): Promise<void> {
  const parsed = parseFleet(command.text);
  const log = outcomeOf(context);
  if (parsed.kind === "error") {
    log.outcome = "fleet-error";
    await ack({ response_type: "ephemeral", ...slackMessage(fleetErrorMessage(parsed, deps.command)) });
    return;
  }
  await ack();
  const team = command.team_id;
  const user = command.user_id;
  const send = retryingRespond(respond, deps.retry, deps.log, log.reqId);
  const reply = (m: Message) => send({ response_type: "ephemeral", ...slackMessage(m) });
  let result: Message;
  // Anyone may look; a change is for those FLEET_EDITORS allows.
  const allowed: EditCheck =
    parsed.kind === "show" ? "yes" : await deps.editors.check(deps.lanes.for(context.botToken), team, user, log.reqId);
  try {
    if (parsed.kind === "show") {
      result = fleetListMessage(await deps.fleet.list(team), deps.command);
      log.outcome = "fleet";
    } else if (allowed !== "yes") {
      result = allowed === "no" ? fleetForbiddenMessage(deps.command) : roleUnknownMessage(log.reqId ?? "unknown");
      log.outcome = `fleet-${allowed === "no" ? "forbidden" : "role-unknown"}`;
    } else if (parsed.kind === "add") {
      const added = await deps.fleet.add(team, parsed, user);
      deps.fleets.forget(team);
      result =
        added.kind === "added" ? fleetAddedMessage(added.group) : fleetTakenMessage(added.existing, deps.command);
      log.outcome = added.kind === "added" ? "fleet-added" : "fleet-taken";
    } else {
      const removed = await deps.fleet.remove(team, parsed.name, user);
      deps.fleets.forget(team);
      result =
        removed.kind === "removed"
          ? fleetRemovedMessage(removed.group)
          : fleetMissingMessage(parsed.name, await deps.fleet.list(team), deps.command);
      log.outcome = removed.kind === "removed" ? "fleet-removed" : "fleet-missing";
    }
  } catch (err) {
    // The database, not the user: nothing was half-written (each change is one transaction), and they are told.
    log.outcome = "fleet-unavailable";
    deps.log.error({ reqId: log.reqId, err }, "fleet command failed: the database is unreachable or refused");
    result = fleetUnavailableMessage(log.reqId ?? "unknown");
  }
  await reply(result);
}
