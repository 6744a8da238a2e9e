import type { AllMiddlewareArgs, BlockAction, ButtonAction, Context, RespondArguments, SlackActionMiddlewareArgs } from "@slack/bolt";
import { decodeState, type AnswerState } from "../../../render/slack/state.js";
import { outcomeOf } from "../../request-log.js";

export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** The answer state a button carries; a value that does not decode (old app version, tampering) gets a polite note. */
export async function stateOrStale(value: string | undefined, respond: (m: RespondArguments) => Promise<unknown>, context: Context, what: string): Promise<AnswerState | undefined> {
  const state = decodeState(value);
  if (!state) {
    outcomeOf(context).outcome = "stale-button";
    await respond({ response_type: "ephemeral", replace_original: false, text: `That answer can no longer be ${what} (it is from an older version of the app). Ask again and use the new answer.` });
  }
  return state;
}
