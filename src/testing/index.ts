/**
 * `kiln/testing`: test a rendered control plane with vitest.
 *
 * - `resources(source)` queries a `ResourceGraph`, an output folder, a `FileGroup` or an array of
 *   objects by kind, name, namespace, labels and unit.
 * - `Match` and `Capture` match objects partially, with AWS CDK assertions' semantics.
 * - `fileGroup(outDir, glob)` selects output files to test together.
 * - `kiln/testing/setup` in vitest's `setupFiles` registers `toHaveResource`,
 *   `toHaveResourceCount`, `toHaveResourceProperties`, `toHaveEveryResource`, `toHaveKinds` and
 *   `toParseCleanly` on vitest's `expect` for every test file. Importing this module inside a
 *   vitest run registers them too, but only while the import survives compilation; elsewhere
 *   nothing is registered (`installMatchers(expect)` does it).
 */
import { installMatchers } from "./vitest.ts";

export {
  allResources,
  type CheckResult,
  hasKinds,
  hasResource,
  hasResourceProperties,
  parsesCleanly,
  resourceCount,
} from "./assertions.ts";
export { Capture } from "./capture.ts";
export {
  type FileGroup,
  type FileGroupOptions,
  type FileProblem,
  fileGroup,
  fileGroups,
  type GroupFile,
  readOutput,
} from "./files.ts";
export { Match, matches, type ObjectPattern, type Pattern } from "./match.ts";
export { type JsonPath, Matcher, MatchResult, type Mismatch } from "./matcher.ts";
export {
  type LabelSelector,
  type ModelClass,
  type ResourceSet,
  type ResourceSource,
  resources,
} from "./query.ts";
export { describeResource, type KindSelector, type Resource, type ResourceOrigin } from "./resource.ts";
export { type ExtensibleExpect, installMatchers, type KilnMatchers, kilnMatchers } from "./vitest.ts";

// vitest sets VITEST in its workers; importing vitest anywhere else would fail, so only then.
if (process.env.VITEST) {
  const { expect } = await import("vitest");
  installMatchers(expect);
}
