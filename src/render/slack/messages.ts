import type { ParseError } from "../../parse/result.js";
import { EXAMPLES } from "../../parse/result.js";
import type { HubError } from "../../models/hub/errors.js";
import { hubErrorText } from "../hub.js";
import { LIMITS, type Message } from "./blockkit.js";
import { clip, escapeText } from "./mrkdwn.js";

/** Usage with examples; `prefix` is how the app is addressed where the user is (`/vram ` or `@VRAM Advisor `). */
const said = (prefix: string, words: string): string => (prefix ? `${prefix} ${words}` : words);

/** Help in one phone screen: what to say, a few examples; the full list of words is on the Home tab. */
export function helpMessage(prefix: string): Message {
  const examples = EXAMPLES.slice(0, 3)
    .map((e) => `• ${said(prefix, e)}`)
    .join("\n");
  return {
    text: "How to ask VRAM Advisor",
    blocks: [
      { type: "header", text: { type: "plain_text", text: "VRAM Advisor: will it fit?" } },
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: "Name a model (a size like `7B`, a name like `llama-3.1-8b`, or a Hugging Face id) and, if you like, a method, precision, context and GPU. I say whether it fits, and what to change when it does not.",
        },
      },
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: `*Examples*\n${examples}\nOr just ask: _can I QLoRA llama 3.1 8b on a 4090 at 4k context?_`,
        },
      },
      {
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            text: "Every word I know is listed on my *Home* tab. The team's GPUs: `/vram fleet` · your defaults: `/vram set`",
          },
        ],
      },
    ],
  };
}

/** A parser error: what was wrong, the hint, and a corrected example; the user's words cannot ping or restyle. */
export function parseErrorMessage(error: ParseError, prefix: string): Message {
  let message = error.message;
  // The offending word sits in a code span; a backtick inside it would break out of the span.
  if (error.token?.includes("`")) message = message.split(error.token).join(error.token.replace(/`/g, "ˋ"));
  const text = `${escapeText(message)}\n${escapeText(error.hint)}`;
  return {
    text: clip(`I could not read that: ${escapeText(message)}`, LIMITS.messageText),
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: clip(`:thinking_face: ${text}`, LIMITS.sectionText) } },
      {
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            // The hint already corrects their own words; a stock example only when it has none.
            text: /`/.test(error.hint)
              ? `\`${said(prefix, "help")}\` for how to ask`
              : `For example \`${said(prefix, EXAMPLES[1])}\` · \`${said(prefix, "help")}\` for how to ask`,
          },
        ],
      },
    ],
  };
}

/** Something broke on our side: an apology and a reference to find it in the logs, never a stack trace. */
export function internalErrorMessage(ref: string): Message {
  const text = `Sorry, something went wrong on my side and I could not answer. If it keeps happening, tell the app's admins the reference \`${ref}\`.`;
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text: `:warning: ${text}` } }] };
}

/** A Hub lookup under way: this message is replaced by the answer. */
export function lookingUpMessage(id: string): Message {
  const text = `:mag: Looking up \`${escapeText(id)}\` on the Hugging Face Hub… the answer follows in a moment.`;
  return {
    text: `Looking up ${id} on the Hugging Face Hub… the answer follows in a moment.`,
    blocks: [{ type: "section", text: { type: "mrkdwn", text } }],
  };
}

/** The Hub could not give the model, and its name suggests nothing to answer for instead. */
export function hubErrorMessage(id: string, error: HubError, prefix: string): Message {
  const { message, hint } = hubErrorText(id, error);
  const text = `${escapeText(message)}\n${escapeText(hint)}`;
  return {
    text: clip(escapeText(message), LIMITS.messageText),
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: clip(`:thinking_face: ${text}`, LIMITS.sectionText) } },
      {
        type: "context",
        elements: [{ type: "mrkdwn", text: `For example \`${said(prefix, EXAMPLES[1])}\`` }],
      },
    ],
  };
}

/** A DM with only files attached: files are not read; the question is asked in words. */
export function filesNotReadMessage(): Message {
  const text =
    "I read words, not files: tell me the model and the setup in a message, e.g. _can I QLoRA llama-3.1-8b on a 4090 at 4k context?_";
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
}
