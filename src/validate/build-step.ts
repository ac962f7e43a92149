/**
 * The validation step of `kiln build`: the rendered graph is validated after synth (so
 * Kustomization paths can be checked against the written tree); findings are printed as the
 * pretty report and any error fails the build.
 */
import path from "node:path";
import { KilnError } from "../core/errors.ts";
import type { KindSchema } from "../import/validator.ts";
import type { ResourceGraph } from "../model/graph.ts";
import { findRepoRoot } from "./command.ts";
import { formatSummary, renderReport } from "./reporters/index.ts";
import { type ValidationReport, validateGraph } from "./validate.ts";

export interface BuildValidationOptions {
  /** The synthesized output folder. */
  outDir: string;
  /** The control plane's `repoPath`: where the output sits inside the Git repository Flux reads. */
  repoPath?: string;
  strict?: boolean;
  /** Schemas from the project's imports. */
  kindSchemas?: readonly KindSchema[];
  mirror?: string;
  offline?: boolean;
  log: (line: string) => void;
}

/**
 * Flux resolves Kustomization paths from the repository root. The output folder is `repoPath`
 * inside it, so the root is the output folder with `repoPath` taken off its end; when they do
 * not line up (e.g. `--out` elsewhere) the nearest folder with `.git` is used.
 */
export function repositoryRoot(outDir: string, repoPath = "."): string {
  const out = path.resolve(outDir);
  const rel = path.normalize(repoPath).replace(/[\\/]+$/, "");
  if (rel === "." || rel === "") return out;
  const suffix = path.sep + rel.replace(/^\.[\\/]/, "");
  return out.endsWith(suffix) ? out.slice(0, -suffix.length) || path.sep : findRepoRoot(out);
}

/** Validates a built graph; throws a KilnError (exit 1) when there are errors. */
export async function validateBuild(
  graph: ResourceGraph,
  opts: BuildValidationOptions,
): Promise<ValidationReport> {
  const report = await validateGraph(graph, {
    strict: opts.strict ?? false,
    treeRoot: repositoryRoot(opts.outDir, opts.repoPath),
    ...(opts.kindSchemas ? { kindSchemas: opts.kindSchemas } : {}),
    schemas: { ...(opts.mirror ? { mirror: opts.mirror } : {}), ...(opts.offline ? { network: false } : {}) },
  });
  if (report.diagnostics.length || report.notes.length) opts.log(renderReport(report, "pretty").trimEnd());
  else opts.log(`validated: ${formatSummary(report.summary)}`);
  if (report.summary.errors > 0) {
    throw new KilnError(
      `validation failed: ${report.summary.errors} error${report.summary.errors === 1 ? "" : "s"} (see above)`,
    );
  }
  return report;
}
