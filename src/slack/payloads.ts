/**
 * What Slack sends, as zod schemas: every request is read through one of these before any listener sees it, so a
 * payload Slack would never send (JSON `null`, `[]`, a button without a user, a form without its state) is told
 * apart at the door and acknowledged at once instead of hanging, failing with 500 or a TypeError in a listener.
 * Only the fields the app relies on are required; everything else passes through untouched (`looseObject`).
 * Shapes: https://docs.slack.dev/interactivity/handling-user-interaction (payloads),
 * https://docs.slack.dev/apis/events-api (event_callback), https://docs.slack.dev/interactivity/implementing-slash-commands.
 */
import { z } from "zod";
import { ACTION, VIEW } from "../render/slack/ids.js";

const Id = z.string().min(1).max(64);

/** The action ids our blocks render (a prefix for the one-click changes); any other is not ours. */
export const ourAction = (id: string): boolean =>
  (id.startsWith(ACTION.changePrefix) && id.length <= 64) ||
  (Object.values(ACTION) as string[]).filter((a) => a !== ACTION.changePrefix).includes(id);

export const BlockActions = z.looseObject({
  type: z.literal("block_actions"),
  user: z.looseObject({ id: Id }),
  team: z.looseObject({ id: Id }).nullish(),
  actions: z
    .array(
      z.looseObject({
        action_id: z.string().refine(ourAction, "not one of our buttons"),
        value: z.string().max(2000).optional(),
      }),
    )
    .min(1),
  response_url: z.string().optional(),
  trigger_id: z.string().optional(),
});

const InputValue = z.looseObject({
  value: z.string().nullish(),
  selected_option: z.looseObject({ value: z.string() }).nullish(),
  selected_options: z.array(z.looseObject({ value: z.string() })).nullish(),
});

export const ViewSubmission = z.looseObject({
  type: z.literal("view_submission"),
  user: z.looseObject({ id: Id }),
  view: z.looseObject({
    callback_id: z.enum(Object.values(VIEW) as [string, ...string[]]),
    private_metadata: z.string().optional(),
    state: z.looseObject({ values: z.record(z.string(), z.record(z.string(), InputValue)) }),
  }),
});

/** Interactive payloads (form-encoded `payload=`): the kinds the app handles. */
export const Interaction = z.discriminatedUnion("type", [BlockActions, ViewSubmission]);

export const SlashCommand = z.looseObject({
  command: z.string().min(1),
  text: z.string().max(4000),
  user_id: Id,
  team_id: Id,
  response_url: z.string().min(1),
  trigger_id: z.string().min(1),
});

export const EventCallback = z.looseObject({
  type: z.literal("event_callback"),
  event_id: z.string().optional(),
  event: z.looseObject({ type: z.string().min(1) }),
});

/** Events API envelopes the app handles (url_verification is Slack's handshake when the Request URL is set). */
export const EventsEnvelope = z.discriminatedUnion("type", [
  EventCallback,
  z.looseObject({ type: z.literal("url_verification"), challenge: z.string() }),
]);

/**
 * A message in the app's DM as the listener reads it: a person's new message (no subtype) or one with files
 * attached (`file_share`, whose text is read and whose files are not); edits, deletions, joins and bots' messages
 * are not questions. A missing text reads as "".
 */
export const DirectMessageEvent = z.looseObject({
  type: z.literal("message"),
  channel_type: z.literal("im"),
  subtype: z.literal("file_share").optional(),
  bot_id: z.undefined().optional(),
  user: Id,
  channel: Id,
  text: z.string().catch(""),
  ts: z.string(),
  thread_ts: z.string().optional(),
  files: z.array(z.unknown()).optional(),
});

/** An app_mention as the listener reads it: Slack always sends text, but a missing one reads as "" (help). */
export const MentionEvent = z.looseObject({
  type: z.literal("app_mention"),
  user: Id.optional(),
  bot_id: z.string().optional(),
  subtype: z.string().optional(),
  edited: z.unknown().optional(),
  channel: Id,
  text: z.string().catch(""),
  ts: z.string(),
  thread_ts: z.string().optional(),
});
