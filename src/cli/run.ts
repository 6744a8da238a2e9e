import { answerTextSettled } from "../answer/index.js";
import type { HubCache } from "../models/hub/cache.js";
import { helpText } from "../render/help.js";
import { hubErrorText } from "../render/hub.js";
import { errorJson, toJson } from "../render/json.js";
import { ANSI, PLAIN, renderText } from "../render/text.js";

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  color: boolean;
  /** The Hugging Face Hub, for models named by repository; `--offline` (or none) answers from the name alone. */
  hub?: HubCache | undefined;
}

const FLAGS = new Set(["--json", "--no-color", "--offline"]);

/** Exit codes: 0 answered, 2 the request (or its model) could not be read, 1 an internal failure. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const json = argv.includes("--json");
  const words = argv.filter((a) => !FLAGS.has(a));
  const color = io.color && !argv.includes("--no-color");
  const hub = argv.includes("--offline") ? undefined : io.hub;
  try {
    const result = await answerTextSettled(words.join(" "), hub);
    if (result.kind === "help") {
      io.stdout(helpText("vram"));
      return 0;
    }
    if (result.kind === "error" || result.kind === "unavailable") {
      const e =
        result.kind === "error"
          ? result.error
          : { ...hubErrorText(result.id, result.error), code: "model-unavailable" as const };
      if (json) io.stdout(JSON.stringify(errorJson(e), null, 2));
      else io.stderr(`${e.message}\n${e.hint}\nRun \`vram help\` for the full list of words.`);
      return 2;
    }
    if (json) io.stdout(JSON.stringify(toJson(result.answer), null, 2));
    else io.stdout(renderText(result.answer, color ? ANSI : PLAIN));
    return 0;
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    const message = "Sorry, something went wrong inside the estimator.";
    if (json) io.stdout(JSON.stringify({ error: { message, hint: reason } }, null, 2));
    else io.stderr(`${message} (${reason})`);
    return 1;
  }
}
