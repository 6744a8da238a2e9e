import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { gpus as gpuCatalog, models } from "../../src/catalog/index.js";
import {
  EstimationRequest,
  KV_PRECISIONS,
  LOSSES,
  ENGINES,
  MAX_ACCUM,
  MAX_BATCH,
  MAX_GPU_COUNT,
  MAX_PARAMS,
  MAX_RANK,
  MAX_SEQ,
  METHODS,
  OPTIM_STEPS,
  OPTIMIZERS,
  PRECISIONS,
  QUANTIZERS,
  REGIMES,
  TARGETS,
  type EstimationRequestInput,
  type GpuRef,
  type Method,
  type Precision,
} from "../../src/estimator/request.js";
import { toCanonical } from "../../src/parse/canonical.js";
import { parseRequest } from "../../src/parse/grammar.js";
import { ParseResult } from "../../src/parse/result.js";
import { MAX_INPUT, MAX_TOKENS, tokenize } from "../../src/parse/tokenize.js";

/** Every answer is a request, help, or an error with a message and a hint; never an exception. */
function answers(text: string): ParseResult {
  const r = parseRequest(text);
  expect(ParseResult.safeParse(r).success).toBe(true);
  if (r.kind === "error") {
    expect(r.error.message.length).toBeGreaterThan(0);
    expect(r.error.hint.length).toBeGreaterThan(0);
  }
  return r;
}

const WORDS = [
  "7B",
  "1.5b",
  "350M",
  "7e9",
  "70b",
  "llama-3.1-8b",
  "llama",
  "3.1",
  "8b",
  "mistral",
  "qwen2.5",
  "mixtral-8x7b",
  "lora",
  "qlora",
  "full",
  "inference",
  "serve",
  "fine-tune",
  "fp16",
  "bf16",
  "int4",
  "4bit",
  "fp17",
  "seq=2048",
  "ctx=32k",
  "4k",
  "1M",
  "batch=8",
  "batch",
  "of",
  "gpu=4090",
  "4090",
  "rtx",
  "a100",
  "80gb",
  "2xh100",
  "8",
  "H100s",
  "24gb",
  "on",
  "a",
  "the",
  "can",
  "I",
  "?",
  "r=64",
  "rank",
  "zero=3",
  "zero",
  "stage",
  "3",
  "ckpt",
  "without",
  "flash",
  "attention",
  "2",
  "offload",
  "help",
  "usage",
  "biggest",
  "longest",
  "context",
  "=",
  ":",
  "x",
  "×",
  "<@U123>",
  "<!channel>",
  "<https://huggingface.co/meta-llama/Llama-3.1-8B|link>",
  "<https://example.com|7B>",
  "*7B*",
  "_lora_",
  "`seq=4k`",
  "```",
  ":rocket:",
  "&lt;",
  "&amp;",
  ">",
  "•",
  "\n",
  "0",
  "-1",
  "99999999999",
  "1e308B",
  "20T",
  "gpus=0",
  "model=",
  "=x",
  "seq:",
];

const wordSoup = fc
  .array(fc.constantFrom(...WORDS), { maxLength: 40 })
  .chain((ws) => fc.constantFrom(" ", "\n", ", ", "  ").map((sep) => ws.join(sep)));

describe("parseRequest never throws", () => {
  it("on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => void answers(s)),
      { numRuns: 1500 },
    );
  });
  it("on full unicode, including lone surrogates and control characters", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (s) => void answers(s)),
      { numRuns: 1000 },
    );
  });
  it("on soups of request words, numbers, mrkdwn and Slack markup", () => {
    fc.assert(
      fc.property(wordSoup, (s) => void answers(s)),
      { numRuns: 2000 },
    );
  });
  it("on Slack markup with arbitrary insides", () => {
    const markup = fc.tuple(
      fc.constantFrom("<@", "<!", "<#", "<https://", "<", "&lt;"),
      fc.string({ maxLength: 30 }),
      fc.constantFrom(">", "|x>", "", "&gt;"),
    );
    const text = fc
      .array(
        fc.oneof(
          markup.map((p) => p.join("")),
          fc.constantFrom(...WORDS),
        ),
        { maxLength: 20 },
      )
      .map((ps) => ps.join(" "));
    fc.assert(
      fc.property(text, (s) => void answers(s)),
      { numRuns: 800 },
    );
  });
  it("on long inputs (up to and past 4,000 characters), reading a bounded number of words", () => {
    const long = fc.oneof(
      fc.string({ minLength: 3000, maxLength: 5000 }),
      fc.array(fc.constantFrom(...WORDS), { minLength: 600, maxLength: 1500 }).map((ws) => ws.join(" ")),
    );
    fc.assert(
      fc.property(long, (s) => {
        expect(tokenize(s).length).toBeLessThanOrEqual(MAX_TOKENS);
        answers(s);
      }),
      { numRuns: 60 },
    );
  });
  it("parses the worst long inputs quickly (best of 5 runs well under 50 ms)", () => {
    const worst = [
      "llama 3.1 8b ".repeat(400).slice(0, MAX_INPUT),
      "can I please qlroa ".repeat(250).slice(0, MAX_INPUT),
      "what about the biggest batch on a ".repeat(150).slice(0, MAX_INPUT),
      `${"x".repeat(MAX_INPUT - 10)} 7B lora`,
      "<".repeat(MAX_INPUT),
      "a:b:c:d ".repeat(600),
      "2 ".repeat(2000),
    ];
    for (const text of worst) {
      answers(text);
      let best = Infinity;
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        parseRequest(text);
        best = Math.min(best, performance.now() - t0);
      }
      expect(best, text.slice(0, 40)).toBeLessThan(50);
    }
  });
});

/** Requests the language can express: quantized weights only with QLoRA or inference; a count alone only as the one GPU entry. */
const gpuRef: fc.Arbitrary<GpuRef> = fc.oneof(
  fc.record({ id: fc.constantFrom(...gpuCatalog.map((g) => g.id)), count: fc.integer({ min: 1, max: MAX_GPU_COUNT }) }),
  fc.record({
    memoryBytes: fc.oneof(
      fc.integer({ min: 1, max: 2000 }).map((gb) => gb * 1e9),
      fc.integer({ min: 1e8, max: 2e12 }),
    ),
    count: fc.integer({ min: 1, max: MAX_GPU_COUNT }),
  }),
);

const FROZEN: readonly Precision[] = ["int8", "int4", "nf4"];

const requestInput: fc.Arbitrary<EstimationRequestInput> = fc
  .record(
    {
      model: fc.oneof(
        fc.constantFrom(...models.map((m) => m.id)).map((id) => ({ kind: "catalog" as const, id })),
        fc
          .oneof(
            fc.integer({ min: 1e6, max: MAX_PARAMS }),
            fc.constantFrom(7e9, 1.5e9, 350e6, 70e9, 0.5e9, 6.7e9, 1.1e12),
          )
          .map((params) => ({ kind: "size" as const, params })),
      ),
      precision: fc.constantFrom(...PRECISIONS),
      methods: fc.uniqueArray(fc.constantFrom(...METHODS), { maxLength: 5 }),
      seq: fc.integer({ min: 1, max: MAX_SEQ }),
      batch: fc.integer({ min: 1, max: MAX_BATCH }),
      optimizer: fc.constantFrom(...OPTIMIZERS),
      regime: fc.constantFrom(...REGIMES),
      gradientCheckpointing: fc.option(fc.boolean(), { nil: undefined }),
      flashAttention: fc.boolean(),
      zero: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
      offload: fc.constantFrom("none" as const, "cpu" as const),
      rank: fc.integer({ min: 1, max: MAX_RANK }),
      loraDropout: fc.constantFrom(0, 0.05, 0.1, 0.5),
      targets: fc.option(fc.constantFrom(...TARGETS), { nil: undefined }),
      trainLayers: fc.integer({ min: 1, max: 1000 }),
      loss: fc.constantFrom(...LOSSES),
      doubleQuant: fc.boolean(),
      kvPrecision: fc.option(fc.constantFrom(...KV_PRECISIONS), { nil: undefined }),
      optimStep: fc.constantFrom(...OPTIM_STEPS),
      accum: fc.option(fc.integer({ min: 1, max: MAX_ACCUM }), { nil: undefined }),
      compile: fc.boolean(),
      offloadActivations: fc.boolean(),
      quantizer: fc.constantFrom(...QUANTIZERS),
      engine: fc.constantFrom(...ENGINES),
      gpuUtil: fc.constantFrom(0.5, 0.8, 0.9, 0.95, 1),
      gpus: fc.oneof(
        fc.array(gpuRef, { maxLength: 3 }),
        fc.integer({ min: 1, max: MAX_GPU_COUNT }).map((count) => [{ count }]),
      ),
    },
    { requiredKeys: ["model", "precision", "methods", "seq", "batch", "gpus"] },
  )
  .map((r) => ({
    ...r,
    // An optimizer stepped in the backward cannot accumulate: that pair is a parse error, not a request.
    ...(r.optimStep === "inbackward" && (r.accum ?? 1) > 1 ? { accum: undefined } : {}),
    methods: FROZEN.includes(r.precision)
      ? r.methods.filter((m: Method) => m === "qlora" || m === "inference")
      : r.methods,
    // "a 4090 with 24gb": a capacity equal to a named card's is read as restating it
    gpus: (r.gpus as GpuRef[]).filter(
      (g) =>
        g.memoryBytes === undefined ||
        !(r.gpus as GpuRef[]).some(
          (o) => o.id !== undefined && gpuCatalog.find((c) => c.id === o.id)!.marketingGB * 1e9 === g.memoryBytes,
        ),
    ),
  }));

const withoutQuery = (r: EstimationRequest): Omit<EstimationRequest, "query"> => {
  const { query: _q, ...rest } = r;
  return rest;
};

describe("the canonical text", () => {
  it("parses back to the same request", () => {
    fc.assert(
      fc.property(requestInput, (input) => {
        const req = EstimationRequest.parse(input);
        const text = toCanonical(req);
        const back = parseRequest(text);
        if (back.kind !== "request") throw new Error(`${text} → ${JSON.stringify(back)}`);
        expect(withoutQuery(back.request)).toEqual(withoutQuery(req));
      }),
      { numRuns: 1500 },
    );
  });
  it("parses back the same through Slack mentions, mrkdwn and line breaks", () => {
    const decorated = fc.tuple(
      requestInput,
      fc.array(fc.constantFrom("", "*", "_", "`"), { minLength: 40, maxLength: 40 }),
      fc.constantFrom(" ", "\n", "  "),
    );
    fc.assert(
      fc.property(decorated, ([input, marks, sep]) => {
        const req = EstimationRequest.parse(input);
        const words = toCanonical(req)
          .split(" ")
          .map((w, i) => `${marks[i % marks.length]}${w}${marks[i % marks.length]}`);
        const back = parseRequest(`<@U0123ABC> ${words.join(sep)} <!here>`);
        if (back.kind !== "request") throw new Error(`${words.join(sep)} → ${JSON.stringify(back)}`);
        expect(withoutQuery(back.request)).toEqual(withoutQuery(req));
      }),
      { numRuns: 500 },
    );
  });
  it("every catalog model id and GPU id reads back as itself", () => {
    for (const m of models)
      expect(parseRequest(m.id)).toMatchObject({ kind: "request", request: { model: { kind: "catalog", id: m.id } } });
    for (const g of gpuCatalog)
      expect(parseRequest(`7B gpu=${g.id}`)).toMatchObject({
        kind: "request",
        request: { gpus: [{ id: g.id, count: 1 }] },
      });
  });
});
