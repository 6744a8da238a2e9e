/** Sentences about the Hugging Face Hub: where a shape came from, and why a repository could not be read. */
import type { ModelSummary } from "../answer/schema.js";
import type { HubError } from "../models/hub/errors.js";

/** Why the Hub gave nothing, in words a person can act on. */
export function hubErrorText(id: string, e: HubError): { message: string; hint: string } {
  switch (e.kind) {
    case "gated":
      return e.withToken
        ? {
            message: `\`${id}\` is gated or private, and the configured HF_TOKEN has no access to it.`,
            hint: "Accept its licence on its Hub page with the token's account, or use a token that can read it.",
          }
        : {
            message: `\`${id}\` is gated or private on the Hugging Face Hub.`,
            hint: "Accept its licence on the Hub and set HF_TOKEN (a read token) where the app runs.",
          };
    case "not-found":
      return {
        message: `There is no \`${id}\` on the Hugging Face Hub.`,
        hint: e.suggestions.length
          ? `Did you mean ${e.suggestions.map((s) => `\`${s}\``).join(", ")}?`
          : "Check the spelling of the organisation and the name, e.g. `meta-llama/Llama-3.1-8B`.",
      };
    case "rate-limited":
      return {
        message: "The Hugging Face Hub is rate-limiting lookups right now.",
        hint: `Try again${e.retryAfterS !== undefined ? ` in ${Math.ceil(e.retryAfterS)} s` : " in a minute"}, or set HF_TOKEN for a higher limit.`,
      };
    case "timeout":
      return {
        message: `The Hugging Face Hub did not answer within ${(e.afterMs / 1000).toFixed(0)} s.`,
        hint: "Try again in a moment, or name the model by its catalog name (e.g. `llama-3.1-8b`).",
      };
    case "unreachable":
      return {
        message: `The Hugging Face Hub could not be reached${e.status ? ` (HTTP ${e.status})` : ""}.`,
        hint: "Try again later, or name the model by its catalog name or its size (e.g. `8B`).",
      };
    case "too-large":
      return {
        message: `\`${id}\`'s config.json is larger than any real one (over ${Math.round(e.limitBytes / 1e6)} MB), so it was not read.`,
        hint: "Name the model by its catalog name or its size instead.",
      };
    case "malformed":
      return {
        message: `\`${id}\`'s config.json could not be read: ${e.problem}.`,
        hint: "Name the model by its catalog name or its size instead.",
      };
    case "unsupported":
      return {
        message: `\`${id}\` is a \`${e.modelType}\` model, which is not supported yet: an estimate needs ${e.needs}.`,
        hint: "Ask about a transformer model, or give its size for a rough transformer estimate (e.g. `7B`).",
      };
    case "offline":
      return {
        message: `\`${id}\` is not in the catalog, and the Hugging Face Hub was not asked (offline).`,
        hint: "Ask again with the Hub reachable, or name the model by its catalog name or its size (e.g. `8B`).",
      };
    case "no-config":
      return {
        message: `\`${id}\` has no config.json: it holds GGUF files or a LoRA adapter, not a checkpoint to read a shape from.`,
        hint: "Name its base model instead (e.g. `meta-llama/Llama-3.1-8B` or `llama-3.1-8b`).",
      };
    case "bad-token":
      return {
        message: "The Hugging Face Hub refused the configured HF_TOKEN.",
        hint: "Check the token at https://huggingface.co/settings/tokens (a read token is enough).",
      };
  }
}

/** Where an answer's model came from, when that is not the catalog: one line for the top of the answer. */
export function modelOriginNote(m: ModelSummary): string | undefined {
  if (!m.hub) return undefined;
  if (m.hub.error) {
    const why = hubErrorText(m.hub.id, m.hub.error).message;
    return `${why} Answering for ${m.name}, which its name suggests.`;
  }
  const at = m.hub.sha ? ` at \`${m.hub.sha.slice(0, 7)}\`` : "";
  const stored = m.hub.storedPrecision ? `; its weights are stored in ${m.hub.storedPrecision}` : "";
  return `Shape from the Hub config of \`${m.hub.id}\`${at}${stored}.`;
}
