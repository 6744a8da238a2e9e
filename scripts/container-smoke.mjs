#!/usr/bin/env node
/**
 * Runs what the Dockerfile runs, without Docker (none on the build machine): every stage in its own temporary
 * root, COPY/WORKDIR/ENV/RUN as written, then the final stage's CMD with its HEALTHCHECK polled until healthy,
 * then SIGTERM, which must end the process with exit code 0. The Slack environment comes from this process's
 * environment (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_API_URL …), so a test can point it at a stub.
 *
 *   node scripts/container-smoke.mjs [--keep]      prints one line per step, exits non-zero on the first failure
 */
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const context = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const keep = process.argv.includes("--keep");
const say = (s) => process.stdout.write(`${s}\n`);
let work;
const fail = (s) => {
  process.stderr.write(`container-smoke: ${s}\n`);
  if (work && !keep) rmSync(work, { recursive: true, force: true });
  process.exit(1);
};

/** Dockerfile → instructions (continuation lines joined, comments dropped). */
function instructions(text) {
  const out = [];
  let cur = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (cur === "" && (line === "" || line.startsWith("#"))) continue;
    cur += line.endsWith("\\") ? `${line.slice(0, -1)} ` : line;
    if (!line.endsWith("\\")) {
      const m = /^(\w+)\s+(.*)$/.exec(cur);
      if (m) out.push({ op: m[1].toUpperCase(), arg: m[2] });
      cur = "";
    }
  }
  return out;
}

const execForm = (arg) => (arg.startsWith("[") ? JSON.parse(arg) : ["/bin/sh", "-c", arg]);

const dockerfile = readFileSync(join(context, "Dockerfile"), "utf8");
work = mkdtempSync(join(tmpdir(), "vram-container-"));
const stages = new Map();
let stage;
// Each run gets its own npm cache, as an image build does: the Dockerfile's `npm cache clean` must not touch ours.
const env = { ...process.env, npm_config_cache: join(work, "npm-cache"), npm_config_update_notifier: "false" };
let cmd;
let healthcheck;
let user;

for (const { op, arg } of instructions(dockerfile)) {
  switch (op) {
    case "FROM": {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(arg);
      if (!m) fail(`cannot read FROM ${arg}`);
      if (!/^node:20-bookworm-slim$/.test(m[1])) fail(`base image is ${m[1]}, expected node:20-bookworm-slim`);
      if (!process.version.startsWith("v20.")) say(`note: running on Node ${process.version}; the image has Node 20`);
      stage = {
        name: m[2] ?? `stage${stages.size}`,
        root: join(work, m[2] ?? `stage${stages.size}`),
        workdir: "/",
        env: {},
      };
      mkdirSync(stage.root, { recursive: true });
      stages.set(stage.name, stage);
      say(`FROM ${m[1]} AS ${stage.name}`);
      break;
    }
    case "WORKDIR":
      stage.workdir = arg;
      mkdirSync(join(stage.root, arg), { recursive: true });
      break;
    case "ENV":
      for (const [, k, v] of arg.matchAll(/(\w+)=(\S+)/g)) stage.env[k] = v;
      break;
    case "COPY": {
      const parts = arg.split(/\s+/);
      const from = parts[0].startsWith("--from=") ? stages.get(parts.shift().slice("--from=".length)) : undefined;
      const dest = parts.pop();
      const destAbs = join(stage.root, dest.startsWith("/") ? dest : join(stage.workdir, dest));
      for (const src of parts) {
        const srcAbs = from ? join(from.root, src) : join(context, src);
        if (!existsSync(srcAbs))
          fail(`COPY ${src}: not found${from ? ` in stage ${from.name}` : " in the build context"}`);
        const target = dest.endsWith("/") ? join(destAbs, src.split("/").pop()) : destAbs;
        mkdirSync(dirname(target), { recursive: true });
        cpSync(srcAbs, target, { recursive: true });
      }
      say(`COPY ${arg}`);
      break;
    }
    case "RUN": {
      say(`RUN ${arg}`);
      // System packages: this machine is not the image. They are checked to be installed here, not installed.
      const apt = /apt-get install[^&]*?((?:\s+[a-z0-9][a-z0-9+.-]+)+)\s*(?:&&|$)/.exec(arg);
      if (arg.startsWith("apt-get update") && apt) {
        const pkgs = apt[1]
          .trim()
          .split(/\s+/)
          .filter((p) => !p.startsWith("-"));
        const missing = pkgs.filter((p) => spawnSync("dpkg", ["-s", p], { stdio: "ignore" }).status !== 0);
        if (missing.length) fail(`the image installs ${missing.join(", ")}, which this machine lacks`);
        say(`  (system packages ${pkgs.join(", ")} are installed here; not installed again)`);
        break;
      }
      // chown to the image's users: done by Docker as root in the image; here, only the directory is made.
      if (/^mkdir -p \S+ && chown /.test(arg)) {
        const dir = arg.split(/\s+/)[2];
        mkdirSync(join(stage.root, dir), { recursive: true });
        break;
      }
      const r = spawnSync("/bin/sh", ["-c", arg], {
        cwd: join(stage.root, stage.workdir),
        env: { ...env, ...stage.env },
        stdio: ["ignore", "pipe", "pipe"],
        encoding: "utf8",
      });
      if (r.status !== 0) fail(`RUN ${arg} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
      break;
    }
    case "USER":
      user = arg;
      break;
    case "HEALTHCHECK": {
      const m = /CMD\s+(.*)$/.exec(arg);
      if (!m) fail("HEALTHCHECK without CMD");
      healthcheck = execForm(m[1]);
      break;
    }
    case "CMD":
      if (!arg.startsWith("[")) fail("CMD must use the exec form so that signals reach Node");
      cmd = JSON.parse(arg);
      break;
    case "EXPOSE":
    case "ARG":
    case "LABEL":
      break;
    default:
      fail(`instruction ${op} is not supported by this check`);
  }
}

if (!user || user === "root" || user === "0") fail("the final stage must run as a non-root USER");
if (!cmd) fail("no CMD");
if (!healthcheck) fail("no HEALTHCHECK");
const appDir = join(stage.root, stage.workdir);
for (const dev of ["typescript", "vitest", "nock"]) {
  if (existsSync(join(appDir, "node_modules", dev))) fail(`dev dependency ${dev} is in the runtime image`);
}
say(`runtime stage: production dependencies only, USER ${user}`);

// Charts render in the image too: the built code, the runtime's dependencies (resvg's binary, the shipped fonts).
const chart = spawnSync(
  process.execPath,
  [
    "--input-type=module",
    "-e",
    `const { openDb, FleetStore } = await import("./dist/store/index.js");
     const db = openDb({ engine: "sqlite", path: "./data/smoke.db" });
     await new FleetStore(db).add("T0SMOKE", { name: "smoke", gpuId: "h100-sxm", count: 8 }, "U0SMOKE");
     if ((await new FleetStore(db).list("T0SMOKE")).length !== 1) process.exit(1);
     await db.close();
     const { answerText } = await import("./dist/answer/index.js");
     const { chartPng } = await import("./dist/render/chart/png.js");
     const r = answerText("llama-3.1-8b qlora gpu=4090 seq=4k");
     const png = chartPng(r.answer);
     if (png.readUInt32BE(0) !== 0x89504e47 || png.length < 5000) process.exit(1);
     process.stdout.write(String(png.length));`,
  ],
  { cwd: appDir, env: { ...env, ...stage.env }, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8", timeout: 20_000 },
);
if (chart.status !== 0)
  fail(`the runtime stage cannot render a chart (${chart.status}):\n${chart.stdout}\n${chart.stderr}`);
say(
  `chart: a ${chart.stdout.trim()}-byte PNG from dist/ with the runtime's dependencies; SQLite opened, written, read`,
);

const runEnv = {
  PUBLIC_URL: "https://vram.example.com",
  ...env,
  ...stage.env,
  PORT: process.env.SMOKE_PORT ?? "38213",
};
const child = spawn(cmd[0] === "node" ? process.execPath : cmd[0], cmd.slice(1), {
  cwd: appDir,
  env: runEnv,
  stdio: ["ignore", "pipe", "pipe"],
});
let output = "";
child.stdout.on("data", (c) => (output += c));
child.stderr.on("data", (c) => (output += c));
const exited = new Promise((r) => child.on("exit", (code) => r(code)));
say(`CMD ${JSON.stringify(cmd)} (pid ${child.pid})`);

const deadline = Date.now() + 20_000;
let healthy = false;
while (Date.now() < deadline && child.exitCode === null) {
  const h = spawnSync(healthcheck[0] === "node" ? process.execPath : healthcheck[0], healthcheck.slice(1), {
    env: runEnv,
    timeout: 3000,
  });
  if (h.status === 0) {
    healthy = true;
    break;
  }
  await new Promise((r) => setTimeout(r, 200));
}
if (!healthy) {
  child.kill("SIGKILL");
  fail(`never healthy; output:\n${output}`);
}
say("HEALTHCHECK passed");

// The chart route of the running app, as Slack would fetch it: a link signed the way the app signs its answers'.
{
  const { ChartLinks } = await import(join(appDir, "dist/slack/charts/links.js"));
  const secret = runEnv.CHART_SECRET ?? runEnv.SLACK_SIGNING_SECRET ?? runEnv.SLACK_APP_TOKEN;
  const url = new ChartLinks(runEnv.PUBLIC_URL, secret).urlFor("llama-3.1-8b qlora seq=4096 gpu=rtx-4090");
  const res = await fetch(`http://127.0.0.1:${runEnv.PORT}${new URL(url).pathname}`).catch((e) => e);
  const body = res instanceof Response ? Buffer.from(await res.arrayBuffer()) : Buffer.alloc(0);
  if (!(res instanceof Response) || res.status !== 200 || body.readUInt32BE(0) !== 0x89504e47) {
    child.kill("SIGKILL");
    fail(`GET of a chart link did not give a PNG (${res instanceof Response ? res.status : res}); output:\n${output}`);
  }
  say(`chart route: a ${body.length}-byte PNG from the running app`);
}
child.kill("SIGTERM");
// The app drains for at most 10 s; a process that outlives 20 s after SIGTERM is a failure, not a hang.
const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r("no exit within 20 s"), 20_000))]);
if (typeof code === "string") child.kill("SIGKILL");
if (code !== 0) fail(`exit code ${code} after SIGTERM; output:\n${output}`);
say("SIGTERM: exited 0");
if (!keep) rmSync(work, { recursive: true, force: true });
say("container smoke test passed");
