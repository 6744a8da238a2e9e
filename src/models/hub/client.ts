/**
 * The Hugging Face Hub over the platform's fetch: a repository's config.json and its model info, within a time budget
 * and a size cap, from the configured endpoint only. Nothing here parses a config's meaning (see config/).
 */
import { z } from "zod";
import type { HubError } from "./errors.js";

/** Where the Hub is and how to ask it (config.ts reads HF_ENDPOINT and HF_TOKEN). */
export interface HubSettings {
  /** `https://huggingface.co` unless HF_ENDPOINT says otherwise (as the Hub's own clients read it). */
  endpoint: string;
  /** Sent as a Bearer token, for gated and private repositories. */
  token?: string | undefined;
  /** Budget for one lookup, all requests together. */
  timeoutMs: number;
  fetch?: typeof fetch;
}

/** A config.json is a few kB (DeepSeek-V3's: 1.7 kB; the largest multimodal ones ~20 kB): 1 MB is generous. */
export const CONFIG_MAX_BYTES = 1_000_000;
/** Model info lists every file of the repository: 4 MB covers repositories with thousands of shards. */
export const INFO_MAX_BYTES = 4_000_000;
/** The Hub's own clients default to 10 s; an answer in Slack should not wait more than this for a lookup. */
export const LOOKUP_BUDGET_MS = 3000;

/** What we read of `/api/models/{id}`: the revision, the gate, and the exact parameter count by dtype. */
export const ModelInfo = z.object({
  sha: z.string().max(100).optional(),
  gated: z.union([z.boolean(), z.string().max(20)]).optional(),
  safetensors: z
    .object({
      parameters: z.record(z.string().max(20), z.number().nonnegative()).optional(),
      total: z.number().nonnegative().optional(),
    })
    .optional(),
});
export type ModelInfo = z.infer<typeof ModelInfo>;

export type Fetched<T> = { kind: "ok"; value: T } | { kind: "error"; error: HubError };

/** Read a body up to `limit` bytes; more is an error, and the rest is never read. */
async function readCapped(res: Response, limit: number): Promise<string | undefined> {
  const declared = Number(res.headers.get("content-length") ?? "0");
  if (declared > limit) {
    await res.body?.cancel();
    return undefined;
  }
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

const isAbort = (e: unknown): boolean => e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");

/** Same origin as the endpoint, or nothing: a redirect elsewhere is not followed (only the endpoint is contacted). */
function sameOrigin(url: string, endpoint: string): string | undefined {
  try {
    const next = new URL(url, endpoint);
    return next.origin === new URL(endpoint).origin ? next.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** GET a JSON document from the Hub, mapped to our errors. */
export async function getJson(
  s: HubSettings,
  path: string,
  limit: number,
  signal: AbortSignal,
): Promise<Fetched<unknown>> {
  const doFetch = s.fetch ?? fetch;
  let url = `${s.endpoint.replace(/\/+$/, "")}${path}`;
  const headers: Record<string, string> = { accept: "application/json", "user-agent": "vram-advisor" };
  if (s.token) headers.authorization = `Bearer ${s.token}`;
  try {
    // Up to three redirects within the endpoint (the Hub redirects renamed repositories and resolve/ URLs).
    for (let hop = 0; hop < 4; hop++) {
      const res = await doFetch(url, { headers, redirect: "manual", signal });
      if (res.status >= 300 && res.status < 400) {
        await res.body?.cancel();
        const next = sameOrigin(res.headers.get("location") ?? "", url);
        if (!next || hop === 3) return { kind: "error", error: { kind: "unreachable", status: res.status } };
        url = next;
        continue;
      }
      // The Hub says what a 401/403/404 means in X-Error-Code (huggingface_hub hf_raise_for_status): to an
      // anonymous client a repository that does not exist is a 401 too, and a file missing from one that does is
      // EntryNotFound.
      const code = res.headers.get("x-error-code") ?? "";
      if (res.status === 401 || res.status === 403 || res.status === 404) await res.body?.cancel();
      if (code === "GatedRepo") return { kind: "error", error: { kind: "gated", withToken: s.token !== undefined } };
      if (code === "EntryNotFound") return { kind: "error", error: { kind: "no-config" } };
      if (code === "RepoNotFound" || res.status === 404) {
        return { kind: "error", error: { kind: "not-found", suggestions: [] } };
      }
      if (res.status === 401) {
        return s.token !== undefined
          ? { kind: "error", error: { kind: "bad-token" } }
          : { kind: "error", error: { kind: "not-found", suggestions: [] } };
      }
      if (res.status === 403) return { kind: "error", error: { kind: "gated", withToken: s.token !== undefined } };
      if (res.status === 429) {
        await res.body?.cancel();
        const after = Number(res.headers.get("retry-after"));
        return {
          kind: "error",
          error:
            Number.isFinite(after) && after >= 0
              ? { kind: "rate-limited", retryAfterS: after }
              : { kind: "rate-limited" },
        };
      }
      if (!res.ok) {
        await res.body?.cancel();
        return { kind: "error", error: { kind: "unreachable", status: res.status } };
      }
      const text = await readCapped(res, limit);
      if (text === undefined) return { kind: "error", error: { kind: "too-large", limitBytes: limit } };
      try {
        return { kind: "ok", value: JSON.parse(text) as unknown };
      } catch {
        return { kind: "error", error: { kind: "malformed", problem: "the response is not JSON" } };
      }
    }
    return { kind: "error", error: { kind: "unreachable" } };
  } catch (e) {
    if (isAbort(e)) return { kind: "error", error: { kind: "timeout", afterMs: s.timeoutMs } };
    return { kind: "error", error: { kind: "unreachable" } };
  }
}

/** `/{id}/resolve/{revision}/config.json` */
export function configPath(id: string, revision = "main"): string {
  return `/${id}/resolve/${encodeURIComponent(revision)}/config.json`;
}

/** `/api/models/{id}`, asking only for the fields read (the full answer lists every file of the repository). */
export function infoPath(id: string): string {
  return `/api/models/${id}?expand[]=safetensors&expand[]=sha`;
}

/** `/api/models?search=…&limit=5`: names to suggest when an id is not found. */
export function searchPath(query: string): string {
  return `/api/models?search=${encodeURIComponent(query)}&limit=5`;
}
