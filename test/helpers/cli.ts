import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT } from "./env.ts";

/** tsx by absolute URL, so the CLI also runs with a working folder outside this repository. */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the kiln CLI from source (through tsx), so tests never depend on a stale dist/. */
export function kiln(
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {},
): CliResult {
  const r = spawnSync(process.execPath, ["--import", TSX, path.join(ROOT, "src/cli/main.ts"), ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, CI: "true", ...opts.env },
    encoding: "utf8",
    input: opts.input ?? "",
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
