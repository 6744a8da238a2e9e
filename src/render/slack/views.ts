import { grammarLines } from "../help.js";
import type { FleetChangeRow, FleetRow } from "../../store/schema.js";
import { fleetChangeLine, groupCards } from "./fleet.js";
import { EXAMPLES } from "../../parse/result.js";
import { type Block, type HomeView, LIMITS, type ModalView, type Option } from "./blockkit.js";
import { clip, escapeText } from "./mrkdwn.js";
import { ACTION, FLEET_FORM, FORM, VIEW } from "./ids.js";
import type { SettingRow } from "../../store/schema.js";
import { settingText } from "../defaults.js";

const option = (value: string, text: string): Option => ({ value, text: { type: "plain_text", text } });

export const METHOD_OPTIONS: Option[] = [
  option("compare", "Compare all (full, LoRA, QLoRA, inference)"),
  option("full", "Full fine-tuning"),
  option("lora", "LoRA"),
  option("qlora", "QLoRA (4-bit base)"),
  option("inference", "Inference / serving"),
];

export const PRECISION_OPTIONS: Option[] = ["bf16", "fp16", "fp32", "fp8", "int8", "int4"].map((p) => option(p, p));

/** A one-line text field of a modal, its block and action ids the same (the listeners read both by one id). */
function textInput(
  block: string,
  label: string,
  placeholder: string,
  opts: { hint?: string | undefined; optional: boolean; max: number },
): Block {
  return {
    type: "input",
    block_id: block,
    label: { type: "plain_text", text: label },
    optional: opts.optional,
    ...(opts.hint ? { hint: { type: "plain_text" as const, text: opts.hint } } : {}),
    element: {
      type: "plain_text_input",
      action_id: block,
      placeholder: { type: "plain_text", text: placeholder },
      max_length: opts.max,
    },
  };
}

/** The form behind `/vram` with no text and the Home tab's button; its answer goes where `privateMetadata` says. */
export function formView(privateMetadata: string): ModalView {
  const text = (block: string, label: string, placeholder: string, hint?: string, optional = false): Block =>
    textInput(block, label, placeholder, { hint, optional, max: 200 });
  return {
    type: "modal",
    callback_id: VIEW.form,
    title: { type: "plain_text", text: "Will it fit?" },
    submit: { type: "plain_text", text: "Estimate" },
    close: { type: "plain_text", text: "Cancel" },
    private_metadata: privateMetadata,
    blocks: [
      text(FORM.model, "Model", "llama-3.1-8b, qwen2.5-7b, 7B …", "A catalog name or a parameter count."),
      {
        type: "input",
        block_id: FORM.method,
        label: { type: "plain_text", text: "Method" },
        element: {
          type: "static_select",
          action_id: FORM.method,
          options: METHOD_OPTIONS,
          initial_option: METHOD_OPTIONS[0],
        },
      },
      {
        type: "input",
        block_id: FORM.precision,
        label: { type: "plain_text", text: "Precision" },
        element: {
          type: "static_select",
          action_id: FORM.precision,
          options: PRECISION_OPTIONS,
          initial_option: PRECISION_OPTIONS[0],
        },
      },
      text(FORM.seq, "Sequence length (tokens)", "2048, 4k, 32k", "Inference: prompt + generated tokens.", true),
      {
        type: "input",
        block_id: FORM.batch,
        optional: true,
        label: { type: "plain_text", text: "Micro-batch per GPU" },
        element: {
          type: "number_input",
          action_id: FORM.batch,
          is_decimal_allowed: false,
          min_value: "1",
          max_value: "65536",
        },
      },
      text(FORM.gpu, "GPU", "4090, a100-80, 2xh100, 24gb", "Leave empty to compare common GPUs.", true),
    ],
  };
}

/** The Home tab: what the app does, how to ask, and the form. */
/** What Home shows of the workspace's GPUs: its groups and last changes, or that they cannot be read now. */
export type HomeFleet =
  | { kind: "fleet"; groups: readonly FleetRow[]; changes: readonly FleetChangeRow[] }
  | { kind: "unavailable" };

function fleetSection(fleet: HomeFleet | undefined): string {
  const how =
    "• `/vram fleet` lists them\n• `/vram fleet add 8x a100-40 as orion` saves a group (a count, a card, a name)\n• `/vram fleet remove orion`";
  const head =
    "*Your team's GPUs*, saved for everyone in this workspace; questions that name no GPU are answered for them";
  if (!fleet) return `${head}:\n${how}`;
  if (fleet.kind === "unavailable")
    return `${head}.\n_The list can't be read right now; try again in a minute._\n${how}`;
  const groups = fleet.groups.length
    ? fleet.groups.map((g) => `• *${escapeText(g.name)}*: ${groupCards(g)}`).join("\n")
    : "_None yet._";
  const changes = fleet.changes.length
    ? `\n*Last changes*\n${fleet.changes.map((c) => `• ${fleetChangeLine(c)}`).join("\n")}`
    : "";
  return `${head}:\n${groups}${changes}\n*Change them*\n${how}`;
}

/** What Home shows of saved defaults: the person's and the workspace's, or nothing when they cannot be read. */
export interface HomeSettings {
  rows: readonly SettingRow[];
  userId: string;
}

function settingsSection(s: HomeSettings): string {
  const words = (rows: readonly SettingRow[]) =>
    rows.length ? rows.map((r) => `\`${escapeText(settingText(r.field, r.value))}\``).join(" · ") : "_none_";
  const mine = s.rows.filter((r) => r.user_id === s.userId);
  const team = s.rows.filter((r) => r.user_id === "");
  return [
    "*Defaults*, used for whatever a question leaves out (and said on the answer); yours win over the workspace's",
    `• Yours: ${words(mine)}`,
    `• This workspace's: ${words(team)}`,
    "• `/vram set gpu=4090 seq=4k` · `/vram unset gpu` · `/vram set workspace unit=gib`",
  ].join("\n");
}

/** The fleet modal, from Home's "Edit": add a group, remove some, or both; errors go under their field. */
export function fleetModal(groups: readonly FleetRow[]): ModalView {
  const input = (block: string, label: string, placeholder: string, hint: string, max: number): Block =>
    textInput(block, label, placeholder, { hint, optional: true, max });
  const removable = groups
    .slice(0, LIMITS.staticOptions)
    .map((g) => option(g.name, clip(`${g.name}: ${groupCards(g)}`, 75)));
  return {
    type: "modal",
    callback_id: VIEW.fleet,
    title: { type: "plain_text", text: "The team's GPUs" },
    submit: { type: "plain_text", text: "Save" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [
      input(FLEET_FORM.gpus, "Add GPUs", "8x a100-40", "How many and which card, e.g. 8x h100 or 2 rtx-4090.", 60),
      input(FLEET_FORM.name, "Called", "orion", "One word: letters, digits, dots, dashes, underscores.", 40),
      ...(removable.length
        ? [
            {
              type: "input" as const,
              block_id: FLEET_FORM.remove,
              label: { type: "plain_text" as const, text: "Remove" },
              optional: true,
              element: {
                type: "multi_static_select" as const,
                action_id: FLEET_FORM.remove,
                options: removable,
                placeholder: { type: "plain_text" as const, text: "Groups to remove" },
              },
            },
          ]
        : []),
    ],
  };
}

export function homeView(fleet?: HomeFleet, settings?: HomeSettings): HomeView {
  const examples = EXAMPLES.map((e) => `• \`/vram ${e}\``).join("\n");
  return {
    type: "home",
    blocks: [
      { type: "header", text: { type: "plain_text", text: "VRAM Advisor" } },
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: "Before you rent or buy a GPU: will this model train, fine-tune (full, LoRA, QLoRA) or serve on it? I break the memory down into weights, gradients, optimizer states, activations, KV cache and overhead, compare the methods side by side, and say what to change when it does not fit.",
        },
        accessory: {
          type: "button",
          text: { type: "plain_text", text: "Open the form" },
          action_id: ACTION.openForm,
          style: "primary",
        },
      },
      { type: "divider" },
      {
        type: "section",
        text: { type: "mrkdwn", text: `*Slash command* (answers only you see, with a button to share)\n${examples}` },
      },
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: "*Mention me in a channel* and I answer in the thread:\n• _@VRAM Advisor can I QLoRA llama-3.1-8b on a 4090 at 4k context?_\n*Or write to me here* in Messages, in plain words.",
        },
      },
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: clip(
            `*Everything you can say*, in any order\n${grammarLines()
              .map((l) => `• ${l}`)
              .join("\n")}`,
            LIMITS.sectionText,
          ),
        },
      },
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: clip(fleetSection(fleet), LIMITS.sectionText),
        },
        // Edited through a modal once it can be read (who may save is checked on saving, FLEET_EDITORS).
        ...(fleet?.kind === "fleet"
          ? {
              accessory: {
                type: "button" as const,
                text: { type: "plain_text" as const, text: "Edit" },
                action_id: ACTION.editFleet,
              },
            }
          : {}),
      },
      ...(settings
        ? [
            {
              type: "section" as const,
              text: { type: "mrkdwn" as const, text: clip(settingsSection(settings), LIMITS.sectionText) },
            },
          ]
        : []),
      {
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            text: "Estimates follow published formulas and are checked against measured peaks (median error about 7%). Every answer lists its assumptions; press *Why?* on an answer for the formula behind each line.",
          },
        ],
      },
    ],
  };
}
