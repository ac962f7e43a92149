/**
 * `kiln`: what a control plane, its config and a script that builds one import — define a
 * control plane and its config, render it, synth it, validate it, and the error and object
 * types every stage shares. The other entry points hold the rest: `kiln/function` (composition
 * functions), `kiln/frp`, `kiln/import` (CRD import and schemas), `kiln/secrets` and
 * `kiln/testing`. Importing this module loads no gRPC, function SDK, Ajv, CEL or esbuild: the
 * functions that need them import them when called (docs/architecture.md, "The public API").
 */
export type { Diagnostic, Location, Severity } from "./core/errors.ts";
export { formatDiagnostic, formatError, KilnError } from "./core/errors.ts";
export {
  formatIdentity,
  type Identity,
  identityKey,
  identityOf,
  type KubeObject,
  type ObjectMeta,
  type OwnerReference,
  parseApiVersion,
} from "./core/identity.ts";
export { parseYamlDocuments, stringifyYaml, type YamlDocument } from "./core/yaml.ts";
export {
  type CrdSource,
  defineConfig,
  type ImportTransforms,
  type KilnConfig,
  type SchemaPolicy,
} from "./import/config.ts";
export {
  type AppUnit,
  type BuildContext,
  type ClusterOptions,
  type ClusterUnit,
  type ControlPlane,
  type ControlPlaneDefinition,
  type CustomObject,
  defineControlPlane,
  type FluxBootstrap,
  type FluxSourceRef,
  type LayerOptions,
  type LayerUnit,
  type ObjectInput,
  type Unit,
} from "./model/control-plane.ts";
export type { CoreObject } from "./model/core-kinds.ts";
export {
  type Edge,
  type EdgeKind,
  type GraphNode,
  type Origin,
  ResourceGraph,
  type UnitInfo,
} from "./model/graph.ts";
export {
  type DeepPartial,
  type InputChoice,
  type InputChoices,
  type InputSource,
  mergeLayers,
} from "./model/inputs.ts";
export { type RenderOptions, type RenderResult, renderControlPlane } from "./model/render.ts";
export {
  type BootstrapOptions,
  type BootstrapPlan,
  type BootstrapStep,
  bootstrapPlan,
  bootstrapScript,
} from "./synth/bootstrap.ts";
export type { FileGranularity, OutputFormat } from "./synth/layout.ts";
export { type SynthOptions, type SynthResult, synth } from "./synth/synth.ts";
// Offline validation: schemas, CEL, references, policies, reporters (docs/validate.md).
export {
  definePolicy,
  formatSummary,
  type Policy,
  type PolicyContext,
  type PolicyFinding,
  REPORTERS,
  type ReporterName,
  renderReport,
  type SchemaOptions,
  type Summary,
  type ValidateOptions,
  type ValidationReport,
  validateGraph,
  validatePaths,
} from "./validate/index.ts";
