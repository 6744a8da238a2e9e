import { execFileSync } from "node:child_process";

/** vitest globalSetup: compile src/ to dist/ once, for the tests that run the built program as a process. */
export default function setup(): void {
  execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], { stdio: "pipe" });
}
