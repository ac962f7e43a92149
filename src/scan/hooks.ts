/**
 * `kiln hooks install`: a git pre-commit hook that runs `kiln scan --staged`. The hook carries a
 * marker line; a hook without it belongs to someone else and is replaced only with `force`.
 * The hooks folder is git's own answer (`git rev-parse --git-path hooks`, which follows
 * `core.hooksPath` and worktrees).
 */
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { KilnError } from "../core/errors.ts";
import { writeFileAtomic } from "../core/fs.ts";
import { displayPath } from "../core/paths.ts";

export const HOOK_MARKER = "# installed by kiln hooks install";

/** The hook's text: kiln from PATH, else the project's own through npx (never a download). */
export const PRE_COMMIT_HOOK = `#!/bin/sh
${HOOK_MARKER} (remove this file to uninstall)
# Scans the files staged for this commit for plaintext credentials (docs/hooks.md).
if command -v kiln >/dev/null 2>&1; then
  exec kiln scan --staged
fi
exec npx --no-install kiln scan --staged
`;

export interface InstallResult {
  file: string;
  /** "installed", "updated" (an earlier kiln hook) or "unchanged". */
  status: "installed" | "updated" | "unchanged" | "replaced";
}

/** Installs the pre-commit hook in the repository of `cwd`. */
export function installPreCommitHook(cwd: string, opts: { force?: boolean } = {}): InstallResult {
  let dir: string;
  try {
    dir = execFileSync("git", ["rev-parse", "--git-path", "hooks"], {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    }).trim();
  } catch {
    throw new KilnError("not in a git repository (git rev-parse --git-path hooks failed)", { file: cwd });
  }
  const file = path.join(path.resolve(cwd, dir), "pre-commit");
  let status: InstallResult["status"] = "installed";
  if (existsSync(file)) {
    const old = readFileSync(file, "utf8");
    if (old === PRE_COMMIT_HOOK) return { file, status: "unchanged" };
    if (old.includes(HOOK_MARKER)) status = "updated";
    else if (opts.force) status = "replaced";
    else
      throw new KilnError(
        "a pre-commit hook that kiln did not write is there: add `kiln scan --staged` to it yourself, or pass --force to replace it",
        { file: displayPath(file) },
      );
  }
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomic(file, PRE_COMMIT_HOOK);
  chmodSync(file, 0o755);
  return { file, status };
}
