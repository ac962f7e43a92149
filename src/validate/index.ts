/**
 * Public API of the validation stage (re-exported from `kiln`): validate folders of Kubernetes
 * YAML or a rendered graph, write policies, render reports. `validatePaths` and `validateGraph`
 * import the validator (Ajv, CEL, the schema registry) when first called, so importing `kiln`
 * does not load it.
 */
import type { ResourceGraph } from "../model/graph.ts";
import type { ValidateOptions, ValidationReport } from "./validate.ts";

export { definePolicy, type Policy, type PolicyContext, type PolicyFinding } from "./policy.ts";
export type { SchemaOptions } from "./registry.ts";
export { formatSummary, REPORTERS, type ReporterName, renderReport } from "./reporters/index.ts";
export type { Summary, ValidateOptions, ValidationReport } from "./validate.ts";

/** Validates files and folders of Kubernetes YAML. Bad files are findings, not exceptions. */
export async function validatePaths(
  paths: readonly string[],
  opts: ValidateOptions = {},
): Promise<ValidationReport> {
  return (await import("./validate.ts")).validatePaths(paths, opts);
}

/**
 * Validates a rendered resource graph. Locations are the user's source lines (`origin`);
 * `treeRoot` (the synthesized output folder) enables Kustomization path checks.
 */
export async function validateGraph(
  graph: ResourceGraph,
  opts: ValidateOptions = {},
): Promise<ValidationReport> {
  return (await import("./validate.ts")).validateGraph(graph, opts);
}
