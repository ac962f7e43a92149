import { spawnSync } from "node:child_process";
import path from "node:path";
import { ROOT } from "./env.ts";

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** tsx's loader by path, so a test may run kiln in any folder (`--import tsx` resolves from the cwd). */
const TSX_LOADER = path.join(ROOT, "node_modules/tsx/dist/loader.mjs");

/** Runs the kiln CLI from source (through tsx), so tests never depend on a stale dist/. */
export function kiln(
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {},
): CliResult {
  const r = spawnSync(
    process.execPath,
    ["--import", TSX_LOADER, path.join(ROOT, "src/cli/main.ts"), ...args],
    {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, CI: "true", ...opts.env },
      encoding: "utf8",
      input: opts.input ?? "",
      timeout: 120_000,
    },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
