/**
 * Public API of the validation stage (re-exported from `kiln`): validate folders of Kubernetes
 * YAML or a rendered graph, write policies, render reports.
 */
export {
  definePolicy,
  type Policy,
  type PolicyContext,
  type PolicyFinding,
  plaintextSecretPolicy,
} from "./policies.ts";
export { catalogProjects, type SchemaOptions, SchemaRegistry } from "./registry.ts";
export { formatSummary, REPORTERS, type ReporterName, renderReport } from "./reporters/index.ts";
export {
  type Summary,
  type ValidateOptions,
  type ValidationReport,
  validateGraph,
  validatePaths,
} from "./validate.ts";
