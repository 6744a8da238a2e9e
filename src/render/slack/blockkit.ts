import { z } from "zod";

/**
 * The Block Kit we emit, with Slack's published limits (api.slack.com/reference/block-kit): a message that breaks
 * one is rejected by Slack with invalid_blocks, so every reply is checked against this schema in tests.
 */
export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  headerText: 150,
  fields: 10,
  fieldText: 2000,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  messageText: 40_000,
  viewTitle: 24,
  viewPrivateMetadata: 3000,
  optionText: 75,
  staticOptions: 100,
  inputLabel: 2000,
  placeholder: 150,
  imageUrl: 3000,
  altText: 2000,
} as const;

const PlainText = (max: number) =>
  z.object({ type: z.literal("plain_text"), text: z.string().min(1).max(max), emoji: z.boolean().optional() });
const Mrkdwn = (max: number) => z.object({ type: z.literal("mrkdwn"), text: z.string().min(1).max(max) });
const Text = (max: number) => z.union([PlainText(max), Mrkdwn(max)]);

export const Button = z.object({
  type: z.literal("button"),
  text: PlainText(LIMITS.buttonText),
  action_id: z.string().min(1).max(LIMITS.actionId),
  value: z.string().max(LIMITS.buttonValue).optional(),
  style: z.enum(["primary", "danger"]).optional(),
});
export type Button = z.infer<typeof Button>;

const Option = z.object({ text: PlainText(LIMITS.optionText), value: z.string().min(1).max(150) });
export type Option = z.infer<typeof Option>;

const StaticSelect = z.object({
  type: z.literal("static_select"),
  action_id: z.string().min(1).max(LIMITS.actionId),
  options: z.array(Option).min(1).max(LIMITS.staticOptions),
  initial_option: Option.optional(),
  placeholder: PlainText(LIMITS.placeholder).optional(),
});

const MultiStaticSelect = z.object({
  type: z.literal("multi_static_select"),
  action_id: z.string().min(1).max(LIMITS.actionId),
  options: z.array(Option).min(1).max(LIMITS.staticOptions),
  placeholder: PlainText(LIMITS.placeholder).optional(),
});

const PlainTextInput = z.object({
  type: z.literal("plain_text_input"),
  action_id: z.string().min(1).max(LIMITS.actionId),
  initial_value: z.string().max(3000).optional(),
  placeholder: PlainText(LIMITS.placeholder).optional(),
  max_length: z.int().positive().max(3000).optional(),
});

const NumberInput = z.object({
  type: z.literal("number_input"),
  action_id: z.string().min(1).max(LIMITS.actionId),
  is_decimal_allowed: z.boolean(),
  min_value: z.string().optional(),
  max_value: z.string().optional(),
  initial_value: z.string().optional(),
});

const blockId = z.string().min(1).max(LIMITS.blockId).optional();

export const Block = z.discriminatedUnion("type", [
  z.object({ type: z.literal("header"), block_id: blockId, text: PlainText(LIMITS.headerText) }),
  z
    .object({
      type: z.literal("section"),
      block_id: blockId,
      text: Text(LIMITS.sectionText).optional(),
      fields: z.array(Text(LIMITS.fieldText)).min(1).max(LIMITS.fields).optional(),
      accessory: Button.optional(),
    })
    .refine((b) => b.text !== undefined || b.fields !== undefined, "a section needs text or fields"),
  z.object({ type: z.literal("divider"), block_id: blockId }),
  // An image Slack fetches from a public HTTPS URL (the chart, served by this app: see src/slack/charts/).
  z.object({
    type: z.literal("image"),
    block_id: blockId,
    image_url: z.url().max(LIMITS.imageUrl),
    alt_text: z.string().min(1).max(LIMITS.altText),
    title: PlainText(LIMITS.altText).optional(),
  }),
  z.object({
    type: z.literal("context"),
    block_id: blockId,
    elements: z.array(Text(LIMITS.sectionText)).min(1).max(LIMITS.contextElements),
  }),
  z.object({
    type: z.literal("actions"),
    block_id: blockId,
    elements: z.array(Button).min(1).max(LIMITS.actionsElements),
  }),
  z.object({
    type: z.literal("input"),
    block_id: blockId,
    label: PlainText(LIMITS.inputLabel),
    hint: PlainText(LIMITS.inputLabel).optional(),
    optional: z.boolean().optional(),
    element: z.union([StaticSelect, MultiStaticSelect, PlainTextInput, NumberInput]),
  }),
]);
export type Block = z.infer<typeof Block>;

/** A message: blocks plus the plain `text` fallback that notifications and screen readers use. */
export const Message = z.object({
  text: z.string().min(1).max(LIMITS.messageText),
  blocks: z.array(Block).min(1).max(LIMITS.messageBlocks),
});
export type Message = z.infer<typeof Message>;

export const ModalView = z.object({
  type: z.literal("modal"),
  callback_id: z.string().min(1).max(255),
  title: PlainText(LIMITS.viewTitle),
  submit: PlainText(LIMITS.viewTitle).optional(),
  close: PlainText(LIMITS.viewTitle).optional(),
  private_metadata: z.string().max(LIMITS.viewPrivateMetadata).optional(),
  blocks: z.array(Block).min(1).max(LIMITS.viewBlocks),
});
export type ModalView = z.infer<typeof ModalView>;

export const HomeView = z.object({ type: z.literal("home"), blocks: z.array(Block).min(1).max(LIMITS.viewBlocks) });
export type HomeView = z.infer<typeof HomeView>;
