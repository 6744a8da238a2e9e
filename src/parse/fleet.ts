/** `fleet`, `fleet add 8x a100-40 as orion`, `fleet remove orion`: the team's GPUs, in the request language's words. */
import { findGpu, gpuNames } from "../catalog/index.js";
import { closest } from "./suggest.js";

/** A fleet name: what a team calls a machine or cluster. Short, and plain enough to type and to show anywhere. */
export const FLEET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
export const FLEET_NAME_MAX = 40;
/** More GPUs than any one team's group (the largest public clusters are about 100k GPUs). */
export const FLEET_COUNT_MAX = 100_000;

export type FleetCommand =
  | { kind: "show" }
  | { kind: "add"; name: string; gpuId: string; count: number }
  | { kind: "remove"; name: string }
  /** `word` is what was wrong, as typed; `example` the command corrected in the user's own words. */
  | { kind: "error"; message: string; word?: string; example: string };

const EXAMPLE_ADD = "fleet add 8x a100-40 as orion";

/** Whether a text is a fleet command at all (its first word). */
export const isFleetCommand = (text: string): boolean => /^fleet\b/i.test(text.trim());

/** Text after the slash command (or mention) → a fleet command, or a friendly error. */
export function parseFleet(text: string): FleetCommand {
  const words = text.trim().split(/\s+/).slice(1);
  const verb = words[0]?.toLowerCase();
  if (verb === undefined || verb === "list" || verb === "show") return { kind: "show" };
  if (verb === "add") return parseAdd(words.slice(1));
  if (verb === "remove" || verb === "rm" || verb === "delete") {
    const name = words.slice(1).join(" ");
    if (!name) return { kind: "error", message: "Say which group to remove.", example: "fleet remove orion" };
    const bad = nameProblem(name);
    if (bad) return { kind: "error", message: bad, word: name, example: "fleet remove orion" };
    return { kind: "remove", name };
  }
  return {
    kind: "error",
    message: `I know \`fleet\`, \`fleet add\` and \`fleet remove\`, not \`fleet ${verb}\`.`,
    word: verb,
    example: EXAMPLE_ADD,
  };
}

function nameProblem(name: string): string | undefined {
  if (name.length > FLEET_NAME_MAX) return `A group's name has at most ${FLEET_NAME_MAX} characters.`;
  if (!FLEET_NAME.test(name)) return "A group's name is one word of letters, digits, dots, dashes or underscores.";
  return undefined;
}

/** `8x a100-40 as orion`, `8 a100-40 as orion`, `a100-40 as orion`, `8 x a100 40gb as orion`. */
function parseAdd(words: string[]): FleetCommand {
  const as = words.findIndex((w) => w.toLowerCase() === "as");
  const what = (as < 0 ? words : words.slice(0, as)).join(" ");
  const name = as < 0 ? "" : words.slice(as + 1).join(" ");
  if (!what) return { kind: "error", message: "Say which GPUs, how many, and a name for them.", example: EXAMPLE_ADD };
  // A leading number is the count ("8x a100", "8 a100", "2×4090") unless nothing follows it ("4090" is a card).
  const m = /^(-?\d[\d,_]*)(?:\s*[x×*]\s*|\s+)(\S.*)$/i.exec(what);
  const countText = m?.[1];
  const gpuWord = m?.[2] ?? what;
  const count = countText === undefined ? 1 : Number(countText.replace(/[,_]/g, ""));
  const fix = (part: { count?: string; gpu?: string; name?: string }) =>
    `fleet add ${part.count ?? countText ?? "1"}x ${part.gpu ?? gpuWord} as ${part.name ?? (name || "orion")}`;
  if (!Number.isInteger(count) || count < 1 || count > FLEET_COUNT_MAX) {
    return {
      kind: "error",
      message: `A group has between 1 and ${FLEET_COUNT_MAX.toLocaleString("en-US")} GPUs, not ${countText}.`,
      word: countText ?? "",
      example: fix({ count: count < 1 ? "1" : "8" }),
    };
  }
  const gpu = findGpu(gpuWord) ?? (gpuWord.endsWith("s") ? findGpu(gpuWord.slice(0, -1)) : undefined);
  if (!gpu) {
    const near = closest(gpuWord.toLowerCase(), gpuNames, 1)[0];
    return {
      kind: "error",
      message: `I know no GPU called \`${gpuWord}\`${near ? `: did you mean \`${near}\`?` : "."}`,
      word: gpuWord,
      example: fix({ gpu: near ?? "a100-40" }),
    };
  }
  if (!name) return { kind: "error", message: "Give the group a name with `as`.", example: fix({ name: "orion" }) };
  const bad = nameProblem(name);
  if (bad) return { kind: "error", message: bad, word: name, example: fix({ name: "orion" }) };
  return { kind: "add", name, gpuId: gpu.id, count };
}
