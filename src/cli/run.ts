import { answerText } from "../answer/index.js";
import { helpText } from "../render/help.js";
import { errorJson, toJson } from "../render/json.js";
import { ANSI, PLAIN, renderText } from "../render/text.js";

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  color: boolean;
}

/** Exit codes: 0 answered, 2 the request could not be read, 1 an internal failure. */
export function runCli(argv: readonly string[], io: CliIo): number {
  const json = argv.includes("--json");
  const words = argv.filter((a) => a !== "--json" && a !== "--no-color");
  const color = io.color && !argv.includes("--no-color");
  try {
    const result = answerText(words.join(" "));
    if (result.kind === "help") {
      io.stdout(helpText("vram"));
      return 0;
    }
    if (result.kind === "error") {
      if (json) io.stdout(JSON.stringify(errorJson(result.error), null, 2));
      else io.stderr(`${result.error.message}\n${result.error.hint}\nRun \`vram help\` for the full list of words.`);
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
