/**
 * `kiln validate [PATH…]`: flags → options → report → text and exit code. The CLI file only
 * declares flags and prints what this returns.
 */
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { UsageError } from "../core/errors.ts";
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
  repoRoot?: string;
  workers?: string;
  offline?: boolean;
  /** File-by-file mode even for a Flux repository. */
  files?: boolean;
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

/** Repository mode: one folder (the repository root, or inside it) holding Flux Kustomizations. */
async function fluxRepositoryTarget(targets: string[], flags: ValidateFlags): Promise<boolean> {
  if (flags.files || targets.length !== 1) return false;
  const t = targets[0]!;
  if (!existsSync(t) || !statSync(t).isDirectory()) return false;
  const { looksLikeFluxRepository } = await import("./repository.ts");
  return looksLikeFluxRepository(t);
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
  const targets = paths.length ? paths : ["."];
  const progress = format === "pretty" ? progressBar("validating files") : undefined;
  const options = {
    schemas: {
      crds: flags.crds ?? [],
      catalog,
      ...(flags.mirror ? { mirror: flags.mirror } : {}),
      ...(flags.offline ? { network: false } : {}),
    },
    strict: flags.strict ?? false,
    secretPolicy: flags.secretPolicy !== false,
    policyModules: flags.policy ?? [],
    treeRoot: flags.repoRoot ?? findRepoRoot(targets[0]!),
    ...(workers !== undefined ? { workers } : {}),
    ...(progress ? { progress: progress.update } : {}),
  };
  let report: Awaited<ReturnType<typeof validatePaths>>;
  if (await fluxRepositoryTarget(targets, flags)) {
    const repository = await import("./repository.ts");
    const target = targets[0]!;
    const root = flags.repoRoot ?? repository.fluxRepositoryRoot(target, findRepoRoot(target));
    report = await repository.validateRepository(root, options, target);
  } else report = await validatePaths(targets, options);
  progress?.finish();
  const text = renderReport(report, format, {
    color: format === "pretty" && Boolean(process.stdout.isTTY),
    version: kilnVersion(),
  });
  return { text, exitCode: report.summary.errors > 0 ? 1 : 0 };
}
