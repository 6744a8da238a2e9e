import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerText } from "../../src/answer/index.js";
import type { Answer } from "../../src/answer/schema.js";
import { runCli } from "../../src/cli/run.js";
import { COMPONENTS } from "../../src/estimator/result.js";
import {
  CAPACITY_COLOUR,
  COMPONENT_COLOURS,
  chartAlt,
  chartData,
  chartPng,
  chartSvg,
} from "../../src/render/chart/index.js";
import { gbNumber } from "../../src/render/chart/bars.js";
import { fitSegments, withMinimum } from "../../src/render/chart/geometry.js";
import { COMPONENT_LABELS, METHOD_LABELS, METHOD_SHORT } from "../../src/render/labels.js";
import { formatBytes } from "../../src/render/units.js";
import { cardLabel, shareOfCard } from "../../src/render/words.js";

function answer(q: string): Answer {
  const r = answerText(q);
  if (r.kind !== "answer") throw new Error(`no answer for ${q}: ${r.kind}`);
  return r.answer;
}

const rgb = (hex: string): number => Number.parseInt(hex.slice(1), 16);

/** The PNG decoded: its size and the set of fully opaque colours in it. */
function decode(png: Buffer): { width: number; height: number; colours: Set<number> } {
  const img = PNG.sync.read(png);
  const colours = new Set<number>();
  const d = img.data;
  for (let i = 0; i < d.length; i += 4) {
    if (d[i + 3] === 255) colours.add((d[i]! << 16) | (d[i + 1]! << 8) | d[i + 2]!);
  }
  return { width: img.width, height: img.height, colours };
}

const svgSize = (svg: string): { width: number; height: number } => {
  const m = /<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg);
  if (!m) throw new Error("no size on the svg");
  return { width: Number(m[1]), height: Number(m[2]) };
};

/** The text of the SVG's <text> elements, entities decoded: what a person reads on the chart. */
const words = (svg: string): string[] =>
  [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) =>
    m[1]!
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, "&"),
  );

/** The capacity line's label: the card by its marketing name and size, as every answer names it. */
const lineLabel = (a: Answer): string => cardLabel(a.targets[0]!);

const CASES = [
  { q: "llama-3.1-8b qlora gpu=4090 seq=4k", bars: 1, line: true },
  { q: "llama-3.1-8b lora bf16 seq=8k gpu=a10g", bars: 2, line: true },
  { q: "7B fp16 seq=2048", bars: 4, line: false },
  { q: "70b inference int4 ctx=32k gpu=2xh100", bars: 1, line: true },
] as const;

describe("the chart of an answer, as PNG", () => {
  for (const c of CASES) {
    it(`${c.q}: decodes at 1.25× the SVG, every component's colour in it, the capacity line ${c.line ? "drawn" : "absent"}`, () => {
      const a = answer(c.q);
      const svg = chartSvg(a);
      const png = decode(chartPng(a));
      const size = svgSize(svg);
      expect(size.width).toBe(700);
      expect(png.width).toBe(875);
      expect(Math.abs(png.height - size.height * 1.25)).toBeLessThan(1);
      // Readable on a phone: no taller than wide by much, and not a sliver either.
      expect(png.height).toBeGreaterThan(250);
      expect(png.height).toBeLessThan(1000);
      const bars = chartData(a).bars;
      expect(bars).toHaveLength(c.bars);
      for (const k of COMPONENTS) {
        const present = bars.some((b) => b.bytes[k] > 0);
        expect(png.colours.has(rgb(COMPONENT_COLOURS[k])), `${k} ${present ? "present" : "absent"}`).toBe(present);
      }
      expect(png.colours.has(rgb(CAPACITY_COLOUR))).toBe(c.line);
      expect(a.gpuNamed).toBe(c.line);
      if (c.line) expect(words(svg)).toContain(lineLabel(a));
    });
  }

  it("renders the same pixels twice (fonts shipped in the package, no system fonts)", () => {
    const a = answer("llama-3.1-8b qlora gpu=4090 seq=4k");
    expect(chartPng(a).equals(chartPng(a))).toBe(true);
  });

  it("draws at another width and scale", () => {
    const a = answer("7B fp16 seq=2048");
    const png = decode(chartPng(a, { width: 480, scale: 2 }));
    expect(png.width).toBe(960);
    expect(png.colours.has(rgb(COMPONENT_COLOURS.optimizer))).toBe(true);
  });
});

describe("the chart of an answer, as SVG", () => {
  it("one bar per method compared, with its total, the legend words and the numbers inside the bars", () => {
    const a = answer("7B fp16 seq=2048");
    const w = words(chartSvg(a));
    for (const label of ["Full FT", "LoRA", "QLoRA", "Inference"]) expect(w).toContain(label);
    for (const s of a.scenarios) expect(w).toContain(formatBytes(s.bytes.total));
    for (const k of COMPONENTS) expect(w).toContain(COMPONENT_LABELS[k]);
    const full = a.scenarios.find((s) => s.method === "full")!;
    for (const k of ["weights", "gradients", "optimizer", "activations"] as const) {
      expect(w).toContain(gbNumber(full.bytes[k]));
    }
    expect(w.join(" ")).not.toMatch(/RTX|H100/); // no GPU named: no capacity line
    expect(chartSvg(a)).not.toContain(`stroke="${CAPACITY_COLOUR}"`);
  });

  it("one method: the legend carries each component's number, and no zero component is listed", () => {
    const a = answer("llama-3.1-8b qlora gpu=4090 seq=4k");
    const svg = chartSvg(a);
    const w = words(svg);
    const s = a.scenarios[0]!;
    expect(w).toContain("QLoRA");
    expect(w).toContain(formatBytes(s.bytes.total));
    expect(w).toContain(lineLabel(a));
    for (const k of COMPONENTS) {
      if (s.bytes[k] > 0) {
        expect(w).toContain(COMPONENT_LABELS[k]);
        expect(w).toContain(gbNumber(s.bytes[k]));
      } else expect(w).not.toContain(COMPONENT_LABELS[k]);
    }
    expect(svg).toContain(`stroke="${CAPACITY_COLOUR}"`);
  });

  it("a plan: the asked setup and plan 1 side by side, against the GPU named", () => {
    const a = answer("llama-3.1-8b lora bf16 seq=8k gpu=a10g");
    expect(a.recommendation.kind).toBe("plan");
    const plan = a.plans[0]!;
    const w = words(chartSvg(a));
    expect(w).toContain("As asked · LoRA");
    expect(w.some((x) => x.startsWith(`Plan 1 · ${METHOD_SHORT[plan.method]}`))).toBe(true);
    expect(w).toContain(formatBytes(a.scenarios[0]!.bytes.total));
    expect(w).toContain(formatBytes(plan.scenario.bytes.total));
    expect(w).toContain(lineLabel(a));
    expect(chartData(a).bars.map((b) => b.bytes.total)).toEqual([
      a.scenarios[0]!.bytes.total,
      plan.scenario.bytes.total,
    ]);
  });

  it("several GPUs named: the line is the first one's", () => {
    const a = answer("llama-3.1-8b qlora gpu=4090,a100");
    expect(a.targets.length).toBeGreaterThan(1);
    const w = words(chartSvg(a));
    expect(w).toContain(lineLabel(a));
    expect(w.join(" ")).toContain("RTX 4090");
    expect(w.join(" ")).not.toContain("A100");
  });

  it("escapes what it writes", () => {
    const a = answer("llama-3.1-8b qlora gpu=4090 seq=4k");
    const odd = { ...a, model: { ...a.model, name: 'A&B <"x">' } };
    const svg = chartSvg(odd);
    expect(svg).toContain("A&amp;B &lt;&quot;x&quot;&gt;");
    expect(svg).not.toContain('<"x">');
  });
});

describe("the chart's alt text", () => {
  it("carries the totals, the capacity and every component's number", () => {
    const a = answer("llama-3.1-8b qlora gpu=4090 seq=4k");
    const s = a.scenarios[0]!;
    const alt = chartAlt(a);
    expect(alt).toContain(
      `QLoRA: ${formatBytes(s.bytes.total)} on RTX 4090 24 GB, ${shareOfCard(s.bytes.total, a.targets[0]!.capacityBytes, false)} (weights `,
    );
    for (const k of COMPONENTS) {
      const part = `${COMPONENT_LABELS[k].toLowerCase()} ${gbNumber(s.bytes[k])}`;
      if (s.bytes[k] > 0) expect(alt).toContain(part);
      else expect(alt).not.toContain(COMPONENT_LABELS[k].toLowerCase());
    }
  });

  it("names both bars of a plan, and the per-GPU numbers of several GPUs", () => {
    const a = answer("llama-3.1-8b lora bf16 seq=8k gpu=a10g");
    const plan = a.plans[0]!;
    const alt = chartAlt(a);
    const asked = a.scenarios[0]!.bytes.total;
    expect(alt).toContain(
      `As asked, LoRA: ${formatBytes(asked)} on A10G 24 GB, ${shareOfCard(asked, a.targets[0]!.capacityBytes, false)} (`,
    );
    expect(alt).toContain(`Plan 1, ${METHOD_LABELS[plan.method]}`);
    expect(alt).toContain(formatBytes(plan.scenario.bytes.total));
    const multi = answer("70b inference int4 ctx=32k gpu=2xh100");
    const altMulti = chartAlt(multi);
    expect(altMulti).toMatch(/ per GPU on 2× H100 SXM 80 GB, \d+ % of each card/);
    expect(altMulti).toContain(`KV cache ${gbNumber(multi.scenarios[0]!.bytes.kvCache)}`);
  });
});

describe("bar geometry", () => {
  it("a bar that fits keeps its lengths", () => {
    expect(fitSegments([1, 2, 3], 10)).toEqual({ drawn: [1, 2, 3], cut: [false, false, false] });
  });

  it("a bar past the scale loses length from its largest segment, or from the largest ones alike", () => {
    expect(fitSegments([2, 10, 1], 9, 3)).toEqual({ drawn: [2, 6, 1], cut: [false, true, false] });
    const deep = fitSegments([100, 100, 400, 30, 10], 50, 20);
    expect(deep.drawn.reduce((s, x) => s + x, 0)).toBeCloseTo(50);
    expect(deep.cut).toEqual([true, true, true, true, false]);
    expect(Math.min(...deep.drawn)).toBeGreaterThan(0);
  });

  it("every non-zero segment stays visible, the total unchanged", () => {
    const w = withMinimum([0.2, 300, 0, 1], 4);
    expect(w[0]).toBe(4);
    expect(w[2]).toBe(0);
    expect(w[3]).toBe(4);
    expect(w.reduce((s, x) => s + x, 0)).toBeCloseTo(301.2);
  });
});

describe("vram --chart / --svg", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "vram-chart-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function run(args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), color: false });
    return { code, stdout: out.join("\n"), stderr: err.join("\n") };
  }

  it("writes the PNG and the SVG, says so on stderr, and answers as without them", async () => {
    const png = join(dir, "out.png");
    const svg = join(dir, "out.svg");
    const words = ["llama-3.1-8b", "qlora", "gpu=4090", "seq=4k"];
    const r = await run([...words, "--chart", png, "--svg", svg]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`Chart written to ${png}`);
    expect(r.stderr).toContain(`Chart written to ${svg}`);
    expect(r.stdout).toBe((await run(words)).stdout);
    const image = decode(await readFile(png));
    expect(image.width).toBe(875);
    expect(image.colours.has(rgb(COMPONENT_COLOURS.weights))).toBe(true);
    const text = await readFile(svg, "utf8");
    expect(text.startsWith("<svg")).toBe(true);
    expect(text).toContain("QLoRA");
  });

  it("takes --chart=path too, and writes through the injected writer", async () => {
    const written = new Map<string, string | Uint8Array>();
    const err: string[] = [];
    const code = await runCli(["7B", "fp16", "seq=2048", "--chart=a.png", "--json"], {
      stdout: () => {},
      stderr: (t) => err.push(t),
      color: false,
      writeFile: async (path, data) => {
        written.set(path, data);
      },
    });
    expect(code).toBe(0);
    const data = written.get("a.png");
    expect(data).toBeInstanceOf(Uint8Array);
    expect(decode(Buffer.from(data as Uint8Array)).width).toBe(875);
    expect(err).toEqual(["Chart written to a.png"]);
  });

  it("a file flag without its path is an error that says how to use it", async () => {
    const r = await run(["7B", "fp16", "--chart"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--chart needs a file name");
  });

  it("a file it cannot write is a failure, with the reason", async () => {
    const r = await run(["7B", "fp16", "--svg", join(dir, "missing", "out.svg")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Could not write the chart");
  });
});
