/**
 * kustomize v5 semantics for a Flux Kustomization's `spec.path`, in TypeScript: what
 * `kustomize build --load-restrictor LoadRestrictionsNone <dir>` prints (the options
 * kustomize-controller builds with), as plain objects located back to the file and line they came
 * from. No well-kept JavaScript kustomize exists, so this stage implements the subset homelab
 * repositories use and is held to the real binary by test/interop/kustomize.test.ts.
 *
 * Errors never throw: a missing file, a cycle, a bad patch target or a remote base (not available
 * offline) is a located Diagnostic. When any error is reported the build is incomplete, as
 * `kustomize build` would have failed.
 */
import { build } from "./build.ts";
import type { BuildCache, BuildOptions, BuildResult } from "./types.ts";

export type { BuildCache, BuildOptions, BuildResult, BuiltObject, Origin, Overlay } from "./types.ts";

/** A parse cache for {@link BuildOptions.cache}; it holds file contents, so drop it with the repository. */
export function createBuildCache(): BuildCache {
  return { files: new Map() };
}

/**
 * Builds the kustomization in `dir` (absolute) as kustomize-controller would: a folder without a
 * kustomization file gets the one kustomize-controller generates (every YAML file below it, and
 * sub-folders that have their own kustomization file as folder resources).
 */
export function buildKustomization(dir: string, options: BuildOptions): Promise<BuildResult> {
  return build(dir, options);
}

export { KUSTOMIZATION_FILES, readDocuments } from "./load.ts";
