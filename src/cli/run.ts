import { writeFile } from "node:fs/promises";
import { answerTextSettled } from "../answer/index.js";
import type { Answer } from "../answer/schema.js";
import type { HubCache } from "../models/hub/cache.js";
import { helpText } from "../render/help.js";
import { hubErrorText } from "../render/hub.js";
import { errorJson, toJson } from "../render/json.js";
import { chartSvg } from "../render/chart/svg.js";
import { ANSI, PLAIN, renderText } from "../render/text.js";

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  color: boolean;
  /** The Hugging Face Hub, for models named by repository; `--offline` (or none) answers from the name alone. */
  hub?: HubCache | undefined;
  /** Where `--chart` / `--svg` write (default: the file system). */
  writeFile?: ((path: string, data: string | Uint8Array) => Promise<void>) | undefined;
}

const FLAGS = new Set(["--json", "--no-color", "--offline"]);

/** Flags followed by a path: `--chart out.png` (the PNG), `--svg out.svg`; also `--chart=out.png`. */
const FILE_FLAGS = ["--chart", "--svg"] as const;
type FileFlag = (typeof FILE_FLAGS)[number];

/** The words of the request, and the files asked for; a file flag without its path is an error. */
function splitArgs(argv: readonly string[]): { words: string[]; files: Map<FileFlag, string>; missing?: FileFlag } {
  const words: string[] = [];
  const files = new Map<FileFlag, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const flag = FILE_FLAGS.find((f) => arg === f || arg.startsWith(`${f}=`));
    if (!flag) {
      if (!FLAGS.has(arg)) words.push(arg);
      continue;
    }
    const path = arg === flag ? argv[++i] : arg.slice(flag.length + 1);
    if (!path || path.startsWith("--")) return { words, files, missing: flag };
    files.set(flag, path);
  }
  return { words, files };
}

/** Writes the charts asked for; a line on stderr for each. */
async function writeCharts(a: Answer, files: ReadonlyMap<FileFlag, string>, io: CliIo): Promise<void> {
  const write = io.writeFile ?? writeFile;
  const svgPath = files.get("--svg");
  if (svgPath) {
    await write(svgPath, chartSvg(a));
    io.stderr(`Chart written to ${svgPath}`);
  }
  const pngPath = files.get("--chart");
  if (pngPath) {
    const { chartPng } = await import("../render/chart/png.js"); // the renderer loads only when a PNG is asked for
    await write(pngPath, chartPng(a));
    io.stderr(`Chart written to ${pngPath}`);
  }
}

/** Exit codes: 0 answered, 2 the request (or its model) could not be read, 1 an internal failure. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const json = argv.includes("--json");
  const { words, files, missing } = splitArgs(argv);
  const color = io.color && !argv.includes("--no-color");
  const hub = argv.includes("--offline") ? undefined : io.hub;
  if (missing) {
    const e = {
      message: `${missing} needs a file name after it.`,
      hint: `For example: vram 8b qlora gpu=4090 ${missing} out.${missing === "--svg" ? "svg" : "png"}`,
    };
    if (json) io.stdout(JSON.stringify(errorJson(e), null, 2));
    else io.stderr(`${e.message}\n${e.hint}`);
    return 2;
  }
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
    try {
      await writeCharts(result.answer, files, io);
    } catch (e) {
      io.stderr(`Could not write the chart (${e instanceof Error ? e.message : String(e)}).`);
      return 1;
    }
    return 0;
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    const message = "Sorry, something went wrong inside the estimator.";
    if (json) io.stdout(JSON.stringify({ error: { message, hint: reason } }, null, 2));
    else io.stderr(`${message} (${reason})`);
    return 1;
  }
}
