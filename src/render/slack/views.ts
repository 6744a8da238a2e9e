import { grammarLines } from "../help.js";
import type { FleetChangeRow, FleetRow } from "../../store/schema.js";
import { fleetChangeLine, groupCards } from "./fleet.js";
import { EXAMPLES } from "../../parse/result.js";
import { type Block, type HomeView, LIMITS, type ModalView, type Option } from "./blockkit.js";
import { clip, escapeText } from "./mrkdwn.js";
import { ACTION, FORM, VIEW } from "./ids.js";

const option = (value: string, text: string): Option => ({ value, text: { type: "plain_text", text } });

export const METHOD_OPTIONS: Option[] = [
  option("compare", "Compare all (full, LoRA, QLoRA, inference)"),
  option("full", "Full fine-tuning"),
  option("lora", "LoRA"),
  option("qlora", "QLoRA (4-bit base)"),
  option("inference", "Inference / serving"),
];

export const PRECISION_OPTIONS: Option[] = ["bf16", "fp16", "fp32", "fp8", "int8", "int4"].map((p) => option(p, p));

/** The form behind `/vram` with no text and the Home tab's button; its answer goes where `privateMetadata` says. */
export function formView(privateMetadata: string): ModalView {
  const text = (block: string, label: string, placeholder: string, hint?: string, optional = false): Block => ({
    type: "input",
    block_id: block,
    label: { type: "plain_text", text: label },
    optional,
    ...(hint ? { hint: { type: "plain_text" as const, text: hint } } : {}),
    element: {
      type: "plain_text_input",
      action_id: block,
      placeholder: { type: "plain_text", text: placeholder },
      max_length: 200,
    },
  });
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

export function homeView(fleet?: HomeFleet): HomeView {
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
      },
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
