import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run.js";
import { ErrorJson, EstimateJson } from "../../src/render/contract.js";

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), color: false });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

describe("the vram command", () => {
  it("answers 7B fp16 seq=2048 with methods side by side, verdicts and assumptions", async () => {
    const r = await run(["7B", "fp16", "seq=2048"]);
    expect(r.code).toBe(0);
    for (const word of [
      "Full FT",
      "LoRA",
      "QLoRA",
      "Inference",
      "Weights",
      "Optimizer states",
      "Total",
      "RTX 4090",
      "Recommendation:",
      "Assumptions:",
    ]) {
      expect(r.stdout).toContain(word);
    }
  });

  it("prints the JSON contract with --json: integer bytes and a total equal to the sum", async () => {
    const r = await run(["llama-3.1-8b", "qlora", "gpu=4090", "seq=4k", "--json"]);
    expect(r.code).toBe(0);
    const json = EstimateJson.parse(JSON.parse(r.stdout));
    const s = json.scenarios[0]!;
    const b = s.bytes;
    expect(b.total).toBe(b.weights + b.gradients + b.optimizer + b.activations + b.kvCache + b.overhead);
    expect(s.fits[0]).toMatchObject({ gpu: "rtx-4090", count: 1 });
    expect(json.model.derived).toBe(false);
    expect(json.recommendation.text.length).toBeGreaterThan(10);
  });

  it("says which catalog shape a bare size borrowed", async () => {
    const json = EstimateJson.parse(JSON.parse((await run(["1.5B", "--json"])).stdout));
    expect(json.model.derived).toBe(true);
    expect(json.assumptions[0]).toMatch(/shape of/);
  });

  it("exits 2 with a friendly message on bad input, and a JSON error under --json", async () => {
    const plain = await run(["7B", "fp17"]);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain("`fp16`");
    expect(plain.stderr).not.toMatch(/at .*\.js:\d+/);
    const json = await run(["7B", "fp17", "--json"]);
    expect(json.code).toBe(2);
    expect(ErrorJson.parse(JSON.parse(json.stdout)).error.message).toContain("fp17");
  });

  it("prints usage for help", async () => {
    const r = await run(["help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("vram 7B fp16 seq=2048");
  });

  it("shows plans that fit when nothing fits the GPU named, each with a request to run", async () => {
    const r = await run(["llama-3.1-8b", "lora", "bf16", "seq=8k", "gpu=a10g"]);
    expect(r.stdout).toContain("Plans that fit, cheapest first:");
    expect(r.stdout).toMatch(/run: vram llama-3\.1-8b .*gpu=/);
  });

  it("gives every plan in --json a request that reproduces its total and verdict", async () => {
    const json = EstimateJson.parse(
      JSON.parse((await run(["llama-3.1-8b", "lora", "bf16", "seq=8k", "gpu=a10g", "--json"])).stdout),
    );
    expect(json.plans.length).toBeGreaterThan(0);
    for (const p of json.plans) {
      const again = EstimateJson.parse(JSON.parse((await run([...p.request.split(" "), "--json"])).stdout));
      const s = again.scenarios.find((x) => x.method === p.method)!;
      expect(s.bytes.total).toBe(p.bytes.total);
      expect(s.fits[0]!.verdict).toBe(p.verdict);
      expect(again.plans).toEqual([]);
    }
  });

  it("says the closest setup and its floor when nothing fits even with every change", async () => {
    const json = EstimateJson.parse(
      JSON.parse((await run(["llama-3.1-405b", "inference", "gpu=rtx-3060", "--json"])).stdout),
    );
    expect(json.recommendation.kind).toBe("none");
    expect(json.closest?.floor).toBe("weights");
  });
});

describe("the built binary", () => {
  it("runs as node dist/cli.js and exits 2 without a stack trace on bad input", async () => {
    const good = spawnSync(process.execPath, ["dist/cli.js", "7B", "lora", "gpu=24gb"], { encoding: "utf8" });
    expect(good.status).toBe(0);
    expect(good.stdout).toContain("LoRA");
    const bad = spawnSync(process.execPath, ["dist/cli.js", "7B", "gpu=h10"], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("h100");
    expect(bad.stderr).not.toContain("    at ");
  });
});
