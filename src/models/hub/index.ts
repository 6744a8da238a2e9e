import { z } from "zod";
import { HubCache, type SharedLevel } from "./cache.js";
import { type HubSettings, LOOKUP_BUDGET_MS } from "./client.js";
import { lookupHub } from "./lookup.js";

/** The Hub's own default, as huggingface_hub and huggingface.js read HF_ENDPOINT. */
export const DEFAULT_HF_ENDPOINT = "https://huggingface.co";

/** HF_ENDPOINT and HF_TOKEN, validated (an endpoint must be an http(s) URL; a token is never logged). */
export const HubEnv = z.object({
  HF_ENDPOINT: z
    .url({ error: "must be a URL such as https://huggingface.co" })
    .refine((u) => /^https?:\/\//.test(u), "must be an http(s) URL")
    .default(DEFAULT_HF_ENDPOINT),
  HF_TOKEN: z.string().min(1).optional(),
});

/** A token travels only over HTTPS, or to this machine (a stand-in Hub in tests, a local mirror). */
export function tokenFor(endpoint: string, token: string | undefined): string | undefined {
  const u = new URL(endpoint);
  const local = ["127.0.0.1", "localhost", "[::1]"].includes(u.hostname);
  return u.protocol === "https:" || local ? token : undefined;
}

/** HF_ENDPOINT and HF_TOKEN from the environment; a malformed endpoint is an error, never a silent default. */
export function hubSettings(env: Record<string, string | undefined>, fetchImpl?: typeof fetch): HubSettings {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = HubEnv.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${issue?.path.join(".") ?? "HF_ENDPOINT"} ${issue?.message ?? "is not valid"}`);
  }
  const e = parsed.data;
  return {
    endpoint: e.HF_ENDPOINT,
    token: tokenFor(e.HF_ENDPOINT, e.HF_TOKEN),
    timeoutMs: LOOKUP_BUDGET_MS,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  };
}

/** The cached Hub client a process shares; with `shared`, the replicas share its results too. */
export function createHub(settings: HubSettings, shared?: SharedLevel): HubCache {
  return new HubCache((id) => lookupHub(settings, id), Date.now, shared);
}

export { HubCache, type SharedHubStore, type SharedLevel } from "./cache.js";
export type { HubSettings } from "./client.js";
export type { HubError } from "./errors.js";
