/**
 * `kiln scan [PATH…]` and `kiln scan --staged`: flags → scan → report text and exit code (1 when
 * an error-level finding remains). The CLI file only declares flags and prints what this returns.
 */
import path from "node:path";
import { UsageError } from "../core/errors.ts";
import { wantsColor } from "../core/tty.ts";
import { kilnVersion } from "../core/version.ts";
import { REPORTERS, type ReporterName, renderReport } from "../validate/reporters/index.ts";
import { findAllowlist } from "./allowlist.ts";
import { gitTopLevel, scanPaths, scanStaged } from "./scan.ts";

export interface ScanFlags {
  output?: string;
  staged?: boolean;
  ignoreFile?: string;
}

export function runScanCommand(paths: string[], flags: ScanFlags): { text: string; exitCode: number } {
  const format = (flags.output ?? "pretty") as ReporterName;
  if (!REPORTERS.includes(format))
    throw new UsageError(`--output must be one of ${REPORTERS.join(", ")}, got "${flags.output}"`);
  if (flags.staged && paths.length) throw new UsageError("--staged scans git's index: give no paths with it");
  const cwd = process.cwd();
  const from = flags.staged ? gitTopLevel(cwd) : path.resolve(paths[0] ?? ".");
  const allowlist = findAllowlist(from, flags.ignoreFile);
  const report = flags.staged ? scanStaged(cwd, { allowlist }) : scanPaths(paths, { allowlist });
  const text = renderReport(report, format, {
    color: format === "pretty" && wantsColor(process.stdout),
    version: kilnVersion(),
  });
  return { text, exitCode: report.summary.errors > 0 ? 1 : 0 };
}
