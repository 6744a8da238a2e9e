import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { parseSettings } from "../../../parse/settings.js";
import type { Message } from "../../../render/slack/blockkit.js";
import {
  settingsErrorMessage,
  settingsForbiddenMessage,
  settingsListMessage,
  settingsSavedMessage,
  settingsUnavailableMessage,
  settingsUnsetMessage,
} from "../../../render/slack/settings.js";
import { slackMessage, type Deps } from "../../deps.js";
import { outcomeOf } from "../../request-log.js";
import { retryingRespond } from "../../retry.js";
import type { EditCheck } from "../../editors.js";
import { roleUnknownMessage } from "../../../render/slack/fleet.js";

/**
 * `/vram set …`, `/vram unset …`, `/vram set`: saved defaults. A command that does not read is answered in the
 * acknowledgement and stores nothing; otherwise the acknowledgement comes first (the database may be slow or down)
 * and the result follows, privately. The workspace and the person are the ones Slack signed the request for.
 */
export async function settingsCommand(
  deps: Deps,
  { command, ack, respond, context }: SlackCommandMiddlewareArgs & AllMiddlewareArgs,
): Promise<void> {
  const parsed = parseSettings(command.text);
  const log = outcomeOf(context);
  if (parsed.kind === "error") {
    log.outcome = "settings-error";
    await ack({ response_type: "ephemeral", ...slackMessage(settingsErrorMessage(parsed, deps.command)) });
    return;
  }
  await ack();
  const team = command.team_id;
  const user = command.user_id;
  const send = retryingRespond(respond, deps.retry, deps.log, log.reqId);
  let result: Message;
  // Anyone keeps their own defaults; the workspace's are for those FLEET_EDITORS allows.
  const allowed: EditCheck =
    parsed.kind !== "show" && parsed.scope === "workspace"
      ? await deps.editors.check(deps.lanes.for(context.botToken), team, user, log.reqId)
      : "yes";
  try {
    if (parsed.kind === "show") {
      result = settingsListMessage(await deps.settings.list(team), user, deps.command);
      log.outcome = "settings";
    } else if (allowed !== "yes") {
      result = allowed === "no" ? settingsForbiddenMessage(deps.command) : roleUnknownMessage(log.reqId ?? "unknown");
      log.outcome = `settings-${allowed === "no" ? "forbidden" : "role-unknown"}`;
    } else if (parsed.kind === "set") {
      const rows = await deps.settings.set(team, parsed.scope, user, parsed.values);
      deps.teamSettings.forget(team);
      result = settingsSavedMessage(parsed.scope, rows, deps.command);
      log.outcome = "settings-saved";
    } else {
      const removed = await deps.settings.unset(team, parsed.scope, user, parsed.fields);
      deps.teamSettings.forget(team);
      result = settingsUnsetMessage(parsed.scope, parsed.fields, removed);
      log.outcome = "settings-unset";
    }
  } catch (err) {
    // The database, not the user: nothing was half-written (one transaction per command), and they are told.
    log.outcome = "settings-unavailable";
    deps.log.error({ reqId: log.reqId, err }, "settings command failed: the database is unreachable or refused");
    result = settingsUnavailableMessage(log.reqId ?? "unknown");
  }
  await send({ response_type: "ephemeral", ...slackMessage(result) });
}
