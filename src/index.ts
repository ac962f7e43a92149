/**
 * kiln's public API. User control planes, scripts and tests import from `kiln`; the testing kit
 * is `kiln/testing`.
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
// FRP: typed frpc/frps configs, emit, load, verify, cross-checks, deployment renderers (docs/frp.md).
export * from "./frp/index.ts";
export {
  type ComposeOptions,
  FatalResult,
  type RequiredSelector,
  StepContext,
  type XrCondition,
} from "./functions/author/context.ts";
export { isKilnFunction, KILN_FUNCTION, type KilnFunction } from "./functions/author/contract.ts";
export { InputError, type InputType, inputSchema, inputValidator } from "./functions/author/input.ts";
export { conditionOf, readyFromConditions } from "./functions/author/readiness.ts";
export {
  defineFunction,
  type FunctionDefinition,
  RESOURCES_COMPOSED,
  type Step,
} from "./functions/author/step.ts";
export { toCrankStream } from "./functions/render/output.ts";
// Local rendering and simulation of composition pipelines (docs/render.md, docs/simulate.md).
export {
  type RenderInputs,
  type RenderOutputs,
  renderComposition,
  type StepRunner,
} from "./functions/render/pipeline.ts";
export { grpcRunner, kilnRunner } from "./functions/render/runners.ts";
// Composition functions: step API, server, packaging (docs/fn.md).
export { type ClientTls, connectFunction, type FunctionClient } from "./functions/serve/client.ts";
export { loadFunctionModule } from "./functions/serve/module.ts";
export { type PackageOptions, type PackageResult, packageFunction } from "./functions/serve/package.ts";
export { type FunctionServer, type ServeOptions, startFunctionServer } from "./functions/serve/server.ts";
export {
  type SimulateInputs,
  type SimulationResult,
  type SimulationStep,
  simulate,
} from "./functions/simulate/loop.ts";
export {
  defineProvider,
  type ManagedBehavior,
  type ProviderRules,
  type SimulatedProvider,
} from "./functions/simulate/provider.ts";
export { formatTrace } from "./functions/simulate/trace.ts";
// CRD import: pinned sources → types, schema model, compiled validators (docs/import.md).
export {
  type CrdSource,
  defineConfig,
  type ImportTransforms,
  type KilnConfig,
  type SchemaPolicy,
} from "./import/config.ts";
export {
  type ImportOptions,
  type ImportResult,
  importAdHoc,
  importProject,
  loadImportedSchemas,
  uncheckedKinds,
} from "./import/project.ts";
export {
  compileValidator,
  coreSchemas,
  crdSchemasFromText,
  type KindSchema,
  type SchemaIssue,
  SchemaSet,
} from "./import/validator.ts";
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
  applyOverrides,
  checkInputChoices,
  type DeepPartial,
  type InputChoice,
  type InputChoices,
  type InputSource,
  mergeLayers,
  parseSetFlags,
} from "./model/inputs.ts";
export {
  loadControlPlane,
  type RenderOptions,
  type RenderResult,
  render,
  renderControlPlane,
} from "./model/render.ts";
// SOPS files with age keys, compatible with sops 3.13.2 (docs/secrets.md).
export * from "./secrets/index.ts";
export {
  type BootstrapOptions,
  type BootstrapPlan,
  type BootstrapStep,
  bootstrapPlan,
  bootstrapScript,
} from "./synth/bootstrap.ts";
export { layoutFiles, type OutputFormat } from "./synth/layout.ts";
export { orderKeys, toJson, toYaml } from "./synth/serialize.ts";
export { type SynthOptions, type SynthResult, synth } from "./synth/synth.ts";
// Offline validation: schemas, CEL, references, policies, reporters (docs/validate.md).
export * from "./validate/index.ts";
