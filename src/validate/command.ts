/**
 * `kiln validate [PATH…]`: flags → options → report → text and exit code. The CLI file only
 * declares flags and prints what this returns.
 */
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { KilnError, UsageError } from "../core/errors.ts";
import { progressBar } from "../core/progress.ts";
import { kilnVersion } from "../core/version.ts";
import { catalogProjects } from "./registry.ts";
import { REPORTERS, type ReporterName, renderReport } from "./reporters/index.ts";
import { validatePaths } from "./validate.ts";

export interface ValidateFlags {
  crds?: string[];
  catalog?: string | boolean;
  mirror?: string;
  strict?: boolean;
  output?: string;
  policy?: string[];
  secretPolicy?: boolean;
  decrypt?: boolean;
  repoRoot?: string;
  workers?: string;
  offline?: boolean;
}

/** The repository root Flux paths are relative to: the nearest folder with `.git` above the first path. */
export function findRepoRoot(start: string): string {
  let dir = path.resolve(start);
  if (existsSync(dir) && !statSync(dir).isDirectory()) dir = path.dirname(dir);
  for (let d = dir; ; d = path.dirname(d)) {
    if (existsSync(path.join(d, ".git"))) return d;
    if (path.dirname(d) === d) return dir;
  }
}

export async function runValidateCommand(
  paths: string[],
  flags: ValidateFlags,
): Promise<{ text: string; exitCode: number }> {
  const format = (flags.output ?? "pretty") as ReporterName;
  if (!REPORTERS.includes(format))
    throw new UsageError(`--output must be one of ${REPORTERS.join(", ")}, got "${flags.output}"`);
  let catalog: boolean | string[] = true;
  if (flags.catalog === false) catalog = false;
  else if (typeof flags.catalog === "string") {
    catalog = flags.catalog
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = catalog.filter((p) => !catalogProjects().includes(p));
    if (unknown.length)
      throw new UsageError(
        `--catalog: unknown project ${unknown.join(", ")} (known: ${catalogProjects().join(", ")})`,
      );
  }
  let workers: number | undefined;
  if (flags.workers !== undefined) {
    workers = Number(flags.workers);
    if (!Number.isInteger(workers) || workers < 0)
      throw new UsageError(`--workers must be a whole number ≥ 0, got "${flags.workers}"`);
  }
  if (flags.decrypt) {
    const { loadIdentities } = await import("../secrets/age.ts");
    if (loadIdentities(process.env).length === 0)
      throw new KilnError(
        "--decrypt: no age identity found (set SOPS_AGE_KEY_FILE or SOPS_AGE_KEY, or put keys in $XDG_CONFIG_HOME/sops/age/keys.txt)",
      );
  }
  const targets = paths.length ? paths : ["."];
  const progress = format === "pretty" ? progressBar("validating files") : undefined;
  const report = await validatePaths(targets, {
    schemas: {
      crds: flags.crds ?? [],
      catalog,
      ...(flags.mirror ? { mirror: flags.mirror } : {}),
      ...(flags.offline ? { network: false } : {}),
    },
    strict: flags.strict ?? false,
    secretPolicy: flags.secretPolicy !== false,
    ...(flags.decrypt ? { decrypt: true } : {}),
    policyModules: flags.policy ?? [],
    treeRoot: flags.repoRoot ?? findRepoRoot(targets[0]!),
    ...(workers !== undefined ? { workers } : {}),
    ...(progress ? { progress: progress.update } : {}),
  });
  progress?.finish();
  const text = renderReport(report, format, {
    color: format === "pretty" && Boolean(process.stdout.isTTY),
    version: kilnVersion(),
  });
  return { text, exitCode: report.summary.errors > 0 ? 1 : 0 };
}
