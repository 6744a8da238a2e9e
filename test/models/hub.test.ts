import { readdirSync, readFileSync } from "node:fs";
import nock from "nock";
import { describe, expect, it } from "vitest";
import { answerText, answerTextSettled } from "../../src/answer/index.js";
import { HubCache } from "../../src/models/hub/cache.js";
import { CONFIG_MAX_BYTES } from "../../src/models/hub/client.js";
import { createHub, hubSettings } from "../../src/models/hub/index.js";
import { lookupHub } from "../../src/models/hub/lookup.js";
import { parseRequest } from "../../src/parse/grammar.js";
import { toJson } from "../../src/render/json.js";

const HUB = "https://hub.test";
const settings = (over: { token?: string; timeoutMs?: number } = {}) => ({
  endpoint: HUB,
  timeoutMs: over.timeoutMs ?? 3000,
  ...(over.token ? { token: over.token } : {}),
});

/** Llama 3.1 8B's published config.json (meta-llama/Llama-3.1-8B), as the config mappers' own fixture has it. */
const LLAMA_31_8B = JSON.parse(readFileSync(new URL("../fixtures/hub/llama.json", import.meta.url), "utf8")) as Record<
  string,
  unknown
>;
const INFO = { id: "acme/llama-8b-custom", sha: "0123456789abcdef0123", safetensors: { total: 8_030_261_248 } };

function serve(id: string, config: unknown = LLAMA_31_8B, info: unknown = { ...INFO, id }) {
  return nock(HUB)
    .get(`/${id}/resolve/main/config.json`)
    .reply(200, config as nock.Body)
    .get(`/api/models/${id}`)
    .query(true)
    .reply(200, info as nock.Body);
}

describe("a repository read from the Hub", () => {
  it("answers for a Hub model from its config.json, with the exact safetensors count and its revision", async () => {
    const scope = serve("acme/llama-8b-custom");
    const hub = createHub(settings());
    const r = await answerTextSettled("acme/llama-8b-custom lora gpu=4090", hub);
    if (r.kind !== "answer") throw new Error(r.kind);
    expect(r.answer.model.resolvedFrom).toBe("hub");
    expect(r.answer.model.params).toBe(8_030_261_248);
    expect(r.answer.model.layers).toBe(32);
    expect(r.answer.model.kvHeads).toBe(8);
    expect(r.answer.model.hub).toMatchObject({ id: "acme/llama-8b-custom", sha: INFO.sha });
    const json = toJson(r.answer);
    expect(json.model.resolvedFrom).toBe("hub");
    expect(json.model.note).toContain("Hub config of `acme/llama-8b-custom` at `0123456`");
    scope.done();
  });

  it("answers a second time from the cache, in the acknowledgement, without asking the Hub again", async () => {
    const scope = serve("acme/llama-8b-custom");
    const hub = createHub(settings());
    const first = answerText("acme/llama-8b-custom qlora", hub);
    expect(first.kind).toBe("pending");
    if (first.kind === "pending") await first.finish();
    scope.done();
    expect(answerText("acme/llama-8b-custom qlora", hub).kind).toBe("answer");
  });

  it("shares one fetch between concurrent lookups of the same id", async () => {
    const scope = serve("acme/llama-8b-custom");
    const hub = createHub(settings());
    const [a, b, c] = await Promise.all([
      hub.lookup("acme/llama-8b-custom"),
      hub.lookup("acme/llama-8b-custom"),
      hub.lookup("ACME/Llama-8B-Custom"),
    ]);
    expect(a.kind).toBe("ok");
    expect(b).toBe(a);
    expect(c).toBe(a);
    scope.done();
  });

  it("sends HF_TOKEN as a Bearer token, and only to the configured endpoint", async () => {
    const scope = nock(HUB, { reqheaders: { authorization: "Bearer hf_testtoken0123456789abcdef" } })
      .get("/acme/private-8b/resolve/main/config.json")
      .reply(200, LLAMA_31_8B)
      .get("/api/models/acme/private-8b")
      .query(true)
      .reply(200, INFO);
    const r = await lookupHub(settings({ token: "hf_testtoken0123456789abcdef" }), "acme/private-8b");
    expect(r.kind).toBe("ok");
    scope.done();
  });

  it("does not follow a redirect to another host", async () => {
    nock(HUB)
      .get("/acme/moved/resolve/main/config.json")
      .reply(302, "", { location: "https://elsewhere.test/config.json" })
      .get("/api/models/acme/moved")
      .query(true)
      .reply(200, INFO);
    const r = await lookupHub(settings(), "acme/moved");
    expect(r).toMatchObject({ kind: "error", error: { kind: "unreachable", status: 302 } });
  });

  it("follows a redirect within the endpoint (a renamed repository)", async () => {
    const scope = nock(HUB)
      .get("/acme/old-name/resolve/main/config.json")
      .reply(307, "", { location: "/acme/new-name/resolve/main/config.json" })
      .get("/acme/new-name/resolve/main/config.json")
      .reply(200, LLAMA_31_8B)
      .get("/api/models/acme/old-name")
      .query(true)
      .reply(200, INFO);
    expect((await lookupHub(settings(), "acme/old-name")).kind).toBe("ok");
    scope.done();
  });
});

describe("what people are told when the Hub cannot say", () => {
  it("says a gated repository needs its licence accepted and HF_TOKEN", async () => {
    nock(HUB)
      .get("/acme/gated-thing/resolve/main/config.json")
      .reply(401, "", { "x-error-code": "GatedRepo" })
      .get("/api/models/acme/gated-thing")
      .query(true)
      .reply(200, INFO);
    const r = await answerTextSettled("acme/gated-thing lora", createHub(settings()));
    expect(r).toMatchObject({ kind: "unavailable", error: { kind: "gated", withToken: false } });
  });

  it("reads an anonymous 401 without a gate as 'not found', and a refused token as a bad token", async () => {
    nock(HUB)
      .get("/nobody/here/resolve/main/config.json")
      .reply(401, "", { "x-error-code": "RepoNotFound" })
      .get("/api/models/nobody/here")
      .query(true)
      .reply(401)
      .get("/api/models")
      .query(true)
      .reply(200, []);
    expect(await lookupHub(settings(), "nobody/here")).toMatchObject({ error: { kind: "not-found" } });
    nock(HUB).get("/acme/x/resolve/main/config.json").reply(401).get("/api/models/acme/x").query(true).reply(401);
    expect(await lookupHub(settings({ token: "hf_bad" }), "acme/x")).toMatchObject({ error: { kind: "bad-token" } });
  });

  it("says a repository without config.json (GGUF, an adapter) has none, instead of 'not found'", async () => {
    nock(HUB)
      .get("/TheBloke/Llama-2-7B-GGUF/resolve/main/config.json")
      .reply(404, "", { "x-error-code": "EntryNotFound" })
      .get("/api/models/TheBloke/Llama-2-7B-GGUF")
      .query(true)
      .reply(200, { id: "TheBloke/Llama-2-7B-GGUF" });
    const r = await answerTextSettled("TheBloke/Llama-2-7B-GGUF", createHub(settings()));
    expect(r).toMatchObject({ kind: "unavailable", error: { kind: "no-config" } });
  });

  it("never trusts the safetensors count of a quantized checkpoint (it counts packed elements)", async () => {
    const awq = { ...LLAMA_31_8B, quantization_config: { quant_method: "awq", bits: 4, group_size: 128 } };
    serve("acme/llama-8b-awq", awq, { id: "acme/llama-8b-awq", sha: "abc", safetensors: { total: 1_980_000_000 } });
    const r = await answerTextSettled("acme/llama-8b-awq inference", createHub(settings()));
    if (r.kind !== "answer") throw new Error(r.kind);
    expect(r.answer.model.params).toBeGreaterThan(7.9e9);
    expect(r.answer.request.precision).toBe("int4");
  });

  it("remembers a rate limit for as long as the Hub asked", async () => {
    let calls = 0;
    let now = 0;
    const cache = new HubCache(
      async () => {
        calls++;
        return { kind: "error" as const, error: { kind: "rate-limited" as const, retryAfterS: 30 } };
      },
      () => now,
    );
    await cache.lookup("a/b");
    await cache.lookup("a/b");
    expect(calls).toBe(1);
    now += 31_000;
    await cache.lookup("a/b");
    expect(calls).toBe(2);
  });

  it("says 'not found' with its suggestions even when the name suggests a catalog model", async () => {
    nock(HUB)
      .get("/acme/llama-3.1-8b-typo/resolve/main/config.json")
      .reply(404)
      .get("/api/models/acme/llama-3.1-8b-typo")
      .query(true)
      .reply(404)
      .get("/api/models")
      .query(true)
      .reply(200, [{ id: "acme/llama-3.1-8b-tuned" }]);
    const r = await answerTextSettled("acme/llama-3.1-8b-typo lora", createHub(settings()));
    expect(r).toMatchObject({
      kind: "unavailable",
      error: { kind: "not-found", suggestions: ["acme/llama-3.1-8b-tuned"] },
    });
  });

  it("gives a state-space model no transformer estimate, even with a size in its name, online or offline", async () => {
    expect(answerText("state-spaces/mamba-2.8b").kind).toBe("unavailable");
    nock(HUB)
      .get("/state-spaces/mamba-2.8b/resolve/main/config.json")
      .reply(200, { model_type: "mamba", hidden_size: 2560, num_hidden_layers: 64, vocab_size: 50280 })
      .get("/api/models/state-spaces/mamba-2.8b")
      .query(true)
      .reply(200, INFO);
    const r = await answerTextSettled("state-spaces/mamba-2.8b", createHub(settings()));
    expect(r).toMatchObject({ kind: "unavailable", error: { kind: "unsupported", modelType: "mamba" } });
  });

  it("refuses a malformed HF_ENDPOINT, and sends the token only over HTTPS or to this machine", () => {
    expect(() => hubSettings({ HF_ENDPOINT: "ftp://mirror" })).toThrow(/HF_ENDPOINT/);
    expect(hubSettings({ HF_ENDPOINT: "http://mirror.internal", HF_TOKEN: "hf_x" }).token).toBeUndefined();
    expect(hubSettings({ HF_ENDPOINT: "http://127.0.0.1:8080", HF_TOKEN: "hf_x" }).token).toBe("hf_x");
    expect(hubSettings({ HF_TOKEN: "hf_x" })).toMatchObject({ endpoint: "https://huggingface.co", token: "hf_x" });
  });

  it("suggests ids from the Hub's search when a repository is not found", async () => {
    nock(HUB)
      .get("/acme/lama-thing/resolve/main/config.json")
      .reply(404)
      .get("/api/models/acme/lama-thing")
      .query(true)
      .reply(404)
      .get("/api/models")
      .query({ search: "lama-thing", limit: "5" })
      .reply(200, [{ id: "acme/llama-thing" }, { id: "other/llama-thing-v2" }]);
    const r = await answerTextSettled("acme/lama-thing", createHub(settings()));
    expect(r).toMatchObject({
      kind: "unavailable",
      error: { kind: "not-found", suggestions: ["acme/llama-thing", "other/llama-thing-v2"] },
    });
  });

  it("answers from what the name says when the Hub fails, and says so", async () => {
    nock(HUB)
      .get("/acme/llama-3.1-8b-sft-v2/resolve/main/config.json")
      .reply(503)
      .get("/api/models/acme/llama-3.1-8b-sft-v2")
      .query(true)
      .reply(503);
    const r = await answerTextSettled("acme/llama-3.1-8b-sft-v2 lora", createHub(settings()));
    if (r.kind !== "answer") throw new Error(r.kind);
    expect(r.answer.model.id).toBe("llama-3.1-8b");
    expect(r.answer.model.hub?.error).toMatchObject({ kind: "unreachable", status: 503 });
    expect(toJson(r.answer).model.note).toMatch(/could not be reached.*Answering for Llama 3\.1 8B/);
  });

  it("reports rate limiting with the wait the Hub asked for", async () => {
    nock(HUB)
      .get("/acme/busy/resolve/main/config.json")
      .reply(429, "", { "retry-after": "30" })
      .get("/api/models/acme/busy")
      .query(true)
      .reply(429);
    expect(await lookupHub(settings(), "acme/busy")).toMatchObject({
      kind: "error",
      error: { kind: "rate-limited", retryAfterS: 30 },
    });
  });

  it("gives up after the time budget", async () => {
    nock(HUB)
      .get("/acme/slow/resolve/main/config.json")
      .delay(500)
      .reply(200, LLAMA_31_8B)
      .get("/api/models/acme/slow")
      .query(true)
      .delay(500)
      .reply(200, INFO);
    expect(await lookupHub(settings({ timeoutMs: 50 }), "acme/slow")).toMatchObject({
      kind: "error",
      error: { kind: "timeout", afterMs: 50 },
    });
  });

  it("refuses a config.json larger than any real one, and one that is not JSON", async () => {
    nock(HUB)
      .get("/acme/huge/resolve/main/config.json")
      .reply(200, "x".repeat(CONFIG_MAX_BYTES + 1))
      .get("/api/models/acme/huge")
      .query(true)
      .reply(200, INFO);
    expect(await lookupHub(settings(), "acme/huge")).toMatchObject({ kind: "error", error: { kind: "too-large" } });
    nock(HUB)
      .get("/acme/junk/resolve/main/config.json")
      .reply(200, "{not json")
      .get("/api/models/acme/junk")
      .query(true)
      .reply(200, INFO);
    expect(await lookupHub(settings(), "acme/junk")).toMatchObject({ kind: "error", error: { kind: "malformed" } });
  });

  it("refuses a hostile config (10^12 layers, strings for numbers) with the field named", async () => {
    nock(HUB)
      .get("/acme/hostile/resolve/main/config.json")
      .reply(200, { ...LLAMA_31_8B, num_hidden_layers: 1e12, hidden_size: "4096" })
      .get("/api/models/acme/hostile")
      .query(true)
      .reply(200, INFO);
    const r = await lookupHub(settings(), "acme/hostile");
    expect(r).toMatchObject({ kind: "error", error: { kind: "malformed" } });
  });

  it("says a state-space model is not supported yet, never a silent transformer estimate", async () => {
    nock(HUB)
      .get("/acme/mamba-thing/resolve/main/config.json")
      .reply(200, { model_type: "mamba", hidden_size: 2560, num_hidden_layers: 64, vocab_size: 50280 })
      .get("/api/models/acme/mamba-thing")
      .query(true)
      .reply(200, INFO);
    const r = await answerTextSettled("acme/mamba-thing", createHub(settings()));
    expect(r).toMatchObject({ kind: "unavailable", error: { kind: "unsupported", modelType: "mamba" } });
  });
});

describe("the Hub cache", () => {
  const ok = { kind: "ok" as const, model: { id: "a/b", arch: {} as never, source: "https://hub.test/a/b" } };

  it("remembers a 404 briefly and forgets a timeout at once", async () => {
    let now = 0;
    let calls = 0;
    const results = [
      { kind: "error" as const, error: { kind: "not-found" as const, suggestions: [] } },
      { kind: "error" as const, error: { kind: "timeout" as const, afterMs: 3000 } },
    ];
    const cache = new HubCache(
      async (id) => {
        calls++;
        return id === "a/missing" ? results[0]! : results[1]!;
      },
      () => now,
    );
    await cache.lookup("a/missing");
    await cache.lookup("a/missing");
    expect(calls).toBe(1);
    now += 6 * 60 * 1000;
    await cache.lookup("a/missing");
    expect(calls).toBe(2);
    await cache.lookup("a/slow");
    await cache.lookup("a/slow");
    expect(calls).toBe(4);
  });

  it("keeps at most its bound of entries, the least recently used going first", async () => {
    const cache = new HubCache(async () => ok);
    for (let i = 0; i < 1005; i++) await cache.lookup(`org/m${i}`);
    expect(cache.size).toBe(1000);
    expect(cache.peek("org/m0")).toBeUndefined();
    expect(cache.peek("org/m1004")).toBe(ok);
  });
});

describe("Hub ids in the request language", () => {
  it("reads org/name and huggingface.co links as a Hub repository, keeping its case", () => {
    for (const text of ["acme/Llama-8B-Custom lora", "<https://huggingface.co/acme/Llama-8B-Custom|link> lora"]) {
      const p = parseRequest(text);
      if (p.kind !== "request") throw new Error(text);
      expect(p.request.model).toMatchObject({ kind: "hub", id: "acme/Llama-8B-Custom" });
    }
  });
  it("answers catalog models named by their Hub id from the catalog, without a lookup", () => {
    const p = parseRequest("meta-llama/Llama-3.1-8B-Instruct qlora");
    expect(p.kind === "request" && p.request.model).toEqual({ kind: "catalog", id: "llama-3.1-8b" });
  });
  it("does not take two request words joined by a slash for a repository", () => {
    for (const text of ["7B bf16/fp16", "7B lora/qlora", "7B gpu=4090 4090/3090"]) {
      const p = parseRequest(text);
      expect(p.kind === "request" && p.request.model.kind, text).not.toBe("hub");
    }
  });
  it("answers offline from the name alone, saying the Hub was not asked", () => {
    const r = answerText("acme/qwen2.5-7b-finetune-x lora");
    if (r.kind !== "answer") throw new Error(r.kind);
    expect(r.answer.model.hub?.error).toEqual({ kind: "offline" });
  });
});

describe("every supported model_type served by a stand-in Hub", () => {
  const dir = new URL("../fixtures/hub/", import.meta.url);
  const fixtures = readdirSync(dir).filter((f) => f.endsWith(".json"));

  it("has a fixture for each of the 30 model_types", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
  });

  for (const file of fixtures) {
    const type = file.replace(/\.json$/, "");
    it(`answers LoRA and inference for a ${type} repository read over HTTP`, async () => {
      const id = `fixture/${type.replace(/_/g, "-")}-model`;
      const config = JSON.parse(readFileSync(new URL(file, dir), "utf8")) as Record<string, unknown>;
      const scope = serve(id, config, { id, sha: "abcdef1234567" });
      const r = await answerTextSettled(`${id} lora gpu=h200`, createHub(settings()));
      if (r.kind !== "answer")
        throw new Error(`${type}: ${r.kind === "unavailable" ? JSON.stringify(r.error) : r.kind}`);
      expect(r.answer.model.resolvedFrom).toBe("hub");
      expect(r.answer.model.layers).toBeGreaterThan(0);
      const s = r.answer.scenarios[0]!;
      expect(s.bytes.total).toBeGreaterThan(0);
      expect(() => toJson(r.answer)).not.toThrow();
      scope.done();
    });
  }
});

describe("two request words joined by a slash", () => {
  it("are never read as a Hub repository, nor as a second model", () => {
    for (const text of ["7b with 8k/16k tokens", "7b cpu/gpu offload", "7b adamw/sgd", "llama-3.1-8b lora yes/no"]) {
      const p = parseRequest(text);
      if (p.kind === "request") expect(p.request.model.kind, text).not.toBe("hub");
      if (p.kind === "error") expect(p.error.message, text).not.toMatch(/Two models/);
    }
  });
});
