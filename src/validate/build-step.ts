/**
 * The validation step of `kiln build`: the rendered graph is validated after synth (so
 * Kustomization paths can be checked against the written tree); findings are printed as the
 * pretty report and any error fails the build.
 */

import { KilnError } from "../core/errors.ts";
import type { KindSchema } from "../import/validator.ts";
import type { ResourceGraph } from "../model/graph.ts";
import { MANIFEST } from "./input.ts";
import { renderReport } from "./reporters/index.ts";
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
  /** The files synth wrote (relative paths): the summary counts its manifests, as validate does. */
  written?: readonly string[];
}

/** Validates a built graph; throws a KilnError (exit 1) when there are errors. */
export async function validateBuild(
  graph: ResourceGraph,
  opts: BuildValidationOptions,
): Promise<ValidationReport> {
  const report = await validateGraph(graph, {
    strict: opts.strict ?? false,
    // Flux paths are repository paths; the output folder is `repoPath` inside the repository.
    treeRoot: opts.outDir,
    ...(opts.repoPath ? { treePrefix: opts.repoPath } : {}),
    ...(opts.kindSchemas ? { kindSchemas: opts.kindSchemas } : {}),
    schemas: { ...(opts.mirror ? { mirror: opts.mirror } : {}), ...(opts.offline ? { network: false } : {}) },
  });
  // One summary format for `build` and `validate out`: files are the manifest files written.
  if (opts.written) report.summary.files = opts.written.filter((f) => MANIFEST.test(f)).length;
  // The report as `kiln validate` prints it: findings, notes, then the one ✓/✗ summary line.
  opts.log(renderReport(report, "pretty").trimEnd());
  if (report.summary.errors > 0) {
    throw new KilnError(
      `validation failed: ${report.summary.errors} error${report.summary.errors === 1 ? "" : "s"} (see above)`,
    );
  }
  return report;
}
