import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { z } from "zod";
import { parseFleet } from "../../../parse/fleet.js";
import { FLEET_FORM } from "../../../render/slack/ids.js";
import { groupCards } from "../../../render/slack/fleet.js";
import type { Deps } from "../../deps.js";
import { guarded } from "../../guard.js";
import { publishHome } from "../../home.js";
import { outcomeOf } from "../../request-log.js";

/** Slack shows at most this much of an input's error. */
const FIELD_ERROR_MAX = 150;

/** The modal's state as Slack sends it: every field optional (an input left empty has no value). */
const FleetFormState = z.object({
  [FLEET_FORM.gpus]: z.object({ [FLEET_FORM.gpus]: z.object({ value: z.string().nullish() }) }).optional(),
  [FLEET_FORM.name]: z.object({ [FLEET_FORM.name]: z.object({ value: z.string().nullish() }) }).optional(),
  [FLEET_FORM.remove]: z
    .object({
      [FLEET_FORM.remove]: z.object({
        selected_options: z
          .array(z.object({ value: z.string().max(150) }))
          .max(100)
          .nullish(),
      }),
    })
    .optional(),
});

type Errors = Partial<Record<(typeof FLEET_FORM)[keyof typeof FLEET_FORM], string>>;

/**
 * The fleet modal saved: what does not read, may not be saved or cannot be stored is said under its field and the
 * modal stays open with nothing changed; a save (removals and an addition in one transaction) closes it and Home
 * is published again with the change.
 */
export function fleetSubmitted(deps: Deps) {
  return async ({
    ack,
    view,
    body,
    context,
  }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const log = outcomeOf(context);
    const refuse = async (errors: Errors, outcome: string) => {
      log.outcome = outcome;
      const clipped = Object.fromEntries(
        Object.entries(errors).map(([k, v]) => [k, v.replace(/`/g, "").slice(0, FIELD_ERROR_MAX)]),
      );
      await ack({ response_action: "errors", errors: clipped });
    };
    const state = FleetFormState.safeParse(view.state?.values ?? {});
    const team = context.teamId;
    if (!state.success || !team)
      return refuse({ [FLEET_FORM.gpus]: "That form could not be read; open it again." }, "fleet-form-error");
    const gpus = state.data[FLEET_FORM.gpus]?.[FLEET_FORM.gpus].value?.trim() ?? "";
    const name = state.data[FLEET_FORM.name]?.[FLEET_FORM.name].value?.trim() ?? "";
    const remove = state.data[FLEET_FORM.remove]?.[FLEET_FORM.remove].selected_options?.map((o) => o.value) ?? [];
    if (!gpus && !name && remove.length === 0)
      return refuse(
        { [FLEET_FORM.gpus]: "Add GPUs (e.g. 8x a100-40), or choose groups to remove." },
        "fleet-form-error",
      );
    let add: { name: string; gpuId: string; count: number } | undefined;
    if (gpus || name) {
      if (!gpus) return refuse({ [FLEET_FORM.gpus]: "Which GPUs, and how many? e.g. 8x a100-40" }, "fleet-form-error");
      if (!name) return refuse({ [FLEET_FORM.name]: "Give the group a name, e.g. orion" }, "fleet-form-error");
      const parsed = parseFleet(`fleet add ${gpus} as ${name}`);
      if (parsed.kind === "error") {
        const field = parsed.word !== undefined && parsed.word === name ? FLEET_FORM.name : FLEET_FORM.gpus;
        return refuse({ [field]: parsed.message }, "fleet-form-error");
      }
      if (parsed.kind === "add") add = parsed;
    }
    const allowed = await deps.editors.check(deps.lanes.for(context.botToken), team, body.user.id, log.reqId);
    if (allowed !== "yes") {
      return refuse(
        {
          [FLEET_FORM.gpus]:
            allowed === "no"
              ? "In this workspace only admins and owners change the team's GPUs."
              : "I couldn't check with Slack whether you are an admin; nothing was changed. Try again in a minute.",
        },
        `fleet-${allowed === "no" ? "forbidden" : "role-unknown"}`,
      );
    }
    let saved: Awaited<ReturnType<Deps["fleet"]["edit"]>>;
    try {
      saved = await deps.fleet.edit(team, { add, remove }, body.user.id);
    } catch (err) {
      deps.log.error({ reqId: log.reqId, err }, "fleet modal not saved: the database is unreachable or refused");
      return refuse(
        {
          [FLEET_FORM.gpus]: `The team's GPU list can't be reached right now; nothing was changed (reference ${log.reqId}).`,
        },
        "fleet-unavailable",
      );
    }
    if (saved.kind === "taken") {
      return refuse(
        {
          [FLEET_FORM.name]: `There is already a group called ${saved.existing.name} (${groupCards(saved.existing)}).`,
        },
        "fleet-taken",
      );
    }
    deps.fleets.forget(team);
    log.outcome = "fleet-saved";
    await ack();
    await guarded(
      deps.log,
      context,
      () => publishHome(deps, deps.lanes.for(context.botToken), team, body.user.id, log.reqId),
      async () => undefined,
    );
  };
}
