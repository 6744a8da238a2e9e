import { advise } from "../advisor/advise.js";
import { parseRequest } from "../parse/grammar.js";
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
    const parsed = parseRequest(words.join(" "));
    if (parsed.kind === "help") {
      io.stdout(helpText("vram"));
      return 0;
    }
    if (parsed.kind === "error") {
      if (json) io.stdout(JSON.stringify(errorJson(parsed.error), null, 2));
      else io.stderr(`${parsed.error.message}\n${parsed.error.hint}\nRun \`vram help\` for the full list of words.`);
      return 2;
    }
    const advice = advise(parsed.request);
    if (json) io.stdout(JSON.stringify(toJson(advice), null, 2));
    else io.stdout([...parsed.notes, renderText(advice, color ? ANSI : PLAIN)].join("\n"));
    return 0;
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    const message = "Sorry, something went wrong inside the estimator.";
    if (json) io.stdout(JSON.stringify({ error: { message, hint: reason } }, null, 2));
    else io.stderr(`${message} (${reason})`);
    return 1;
  }
}
