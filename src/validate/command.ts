/**
 * `kiln validate [PATH…]`: flags → options → report → text and exit code. The CLI file only
 * declares flags and prints what this returns.
 */

import { existsSync, fstatSync, statSync } from "node:fs";
import path from "node:path";
import { KilnError, UsageError } from "../core/errors.ts";
import { builtOutputOf, findTreeRoot as findTreeRootOf, repositoryRootOf } from "../core/fs.ts";
import { progressBar } from "../core/progress.ts";
import { wantsColor } from "../core/tty.ts";
import { kilnVersion } from "../core/version.ts";
import { readStdin, STDIN } from "./input.ts";
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
  /** File-by-file mode even for a Flux repository. */
  files?: boolean;
  /** Runs again in this process on every change: check results are kept for the next run. */
  watch?: boolean;
}

/** {@link findTreeRootOf} for a path argument, standard input's being the working folder. */
export function findTreeRoot(start: string): { treeRoot: string; treePrefix?: string } {
  return findTreeRootOf(start === STDIN ? "." : start);
}

/** Whether standard input is a pipe or a file (not a terminal, /dev/null or closed). */
function stdinHasData(): boolean {
  try {
    const st = fstatSync(0);
    return st.isFIFO() || st.isFile() || st.isSocket();
  } catch {
    return false;
  }
}

/**
 * What `kiln validate` with no paths checks: YAML piped to it (as kubeconform reads stdin); in a
 * control-plane project, its built output `out/` (never the project's own package.json and
 * sources); otherwise the working folder.
 */
function defaultTargets(): string[] {
  if (stdinHasData() && readStdin().trim() !== "") return [STDIN];
  const out = path.resolve("out");
  if (builtOutputOf(out)?.dir === out) return ["out"];
  if (["main.ts", "kiln.config.ts"].some((f) => existsSync(f))) {
    throw new KilnError(
      "nothing to validate: this is a kiln project without built output (run `kiln build .` first, or name the files to validate)",
    );
  }
  return ["."];
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
  if (flags.decrypt) {
    const { loadIdentities } = await import("../secrets/age.ts");
    if (loadIdentities(process.env).length === 0)
      throw new KilnError(
        "--decrypt: no age identity found (set SOPS_AGE_KEY_FILE or SOPS_AGE_KEY, or put keys in $XDG_CONFIG_HOME/sops/age/keys.txt)",
      );
  }
  const targets = paths.length ? paths : defaultTargets();
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
    ...(flags.decrypt ? { decrypt: true } : {}),
    policyModules: flags.policy ?? [],
    ...(flags.repoRoot ? { treeRoot: flags.repoRoot } : findTreeRoot(targets[0]!)),
    ...(workers !== undefined ? { workers } : {}),
    ...(flags.watch ? { reuseChecks: true } : {}),
    ...(progress ? { progress: progress.update } : {}),
  };
  let report: Awaited<ReturnType<typeof validatePaths>>;
  if (await fluxRepositoryTarget(targets, flags)) {
    const repository = await import("./repository.ts");
    const target = targets[0]!;
    const root = flags.repoRoot ?? repository.fluxRepositoryRoot(target, repositoryRootOf(target));
    report = await repository.validateRepository(root, options, target);
  } else report = await validatePaths(targets, options);
  progress?.finish();
  const text = renderReport(report, format, {
    color: format === "pretty" && wantsColor(process.stdout),
    version: kilnVersion(),
  });
  return { text, exitCode: report.summary.errors > 0 ? 1 : 0 };
}
