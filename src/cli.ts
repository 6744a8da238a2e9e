#!/usr/bin/env node
import { runCli } from "./cli/run.js";
import { createHub, hubSettings } from "./models/hub/index.js";

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(`${t}\n`),
  stderr: (t) => process.stderr.write(`${t}\n`),
  color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  hub: createHub(hubSettings(process.env)),
});
