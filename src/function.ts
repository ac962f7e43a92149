/**
 * `kiln/function`: composition functions — what a function's author writes (`defineFunction`,
 * the step context, typed inputs, readiness), running one locally (`renderComposition`,
 * `simulate` against a simulated provider) and serving, calling and packaging it (docs/fn.md,
 * docs/render.md, docs/simulate.md). This entry loads the Crossplane function SDK (and with it
 * gRPC); `kiln` itself does not.
 */
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
export {
  type RenderInputs,
  type RenderOutputs,
  renderComposition,
  type StepRunner,
} from "./functions/render/pipeline.ts";
export { grpcRunner, kilnRunner } from "./functions/render/runners.ts";
export { type ClientTls, connectFunction, type FunctionClient } from "./functions/serve/client.ts";
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
