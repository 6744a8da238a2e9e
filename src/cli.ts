#!/usr/bin/env node
import { runCli } from "./cli/run.js";
import { createHub, hubSettings } from "./models/hub/index.js";

let hub: ReturnType<typeof createHub> | undefined;
try {
  hub = createHub(hubSettings(process.env));
} catch (e) {
  // A malformed HF_ENDPOINT is said, not replaced by the public Hub behind the user's back.
  process.stderr.write(`vram: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
}
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(`${t}\n`),
  stderr: (t) => process.stderr.write(`${t}\n`),
  color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  hub,
});
