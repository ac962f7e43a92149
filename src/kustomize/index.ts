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
import type { Diagnostic } from "../core/errors.ts";
import type { KubeObject } from "../model/identity.ts";
import { build } from "./build.ts";
import type { BuildCache } from "./load.ts";

/** Where an object came from. `file` is relative to the repository root. */
export interface Origin {
  file: string;
  line: number;
  /** Patches that changed the object, in the order they were applied. */
  patches?: { file: string; line: number }[];
}

export interface BuiltObject {
  object: KubeObject;
  origin: Origin;
}

export interface BuildResult {
  /** In `kustomize build` order (legacy kind order unless the kustomization sets `sortOptions`). */
  objects: BuiltObject[];
  diagnostics: Diagnostic[];
}

export interface BuildOptions {
  /** Repository root (absolute): no path a kustomization names may escape it. */
  root: string;
  /**
   * Parsed files shared by several builds of one repository (from {@link createBuildCache}):
   * a file unchanged since an earlier build read it is not parsed again. Results are the same
   * with or without it.
   */
  cache?: BuildCache;
  /**
   * Fields merged into the top kustomization before it is built, as kustomize-controller's
   * generator merges a Flux Kustomization's spec (fluxcd/pkg/kustomize): `namespace`,
   * `namePrefix`, `nameSuffix` replace; `patches` and `components` are appended; `images` merge
   * by name. What they do is then kustomize's own semantics.
   */
  overlay?: Overlay;
}

/** Kustomization fields from elsewhere (a Flux Kustomization), located in their own file. */
export interface Overlay {
  namespace?: string;
  namePrefix?: string;
  nameSuffix?: string;
  patches?: unknown[];
  components?: string[];
  images?: Array<Record<string, unknown>>;
  /** The file the fields are written in (relative to the root): patch origins and errors name it. */
  file: string;
  /** The line of a field path in `file`, e.g. `["patches", 0]` (paths are relative to the fields). */
  line(p: ReadonlyArray<string | number>): number;
}

/** A parse cache for {@link BuildOptions.cache}; it holds file contents, so drop it with the repository. */
export function createBuildCache(): BuildCache {
  return { files: new Map() };
}

export type { BuildCache } from "./load.ts";

/**
 * Builds the kustomization in `dir` (absolute) as kustomize-controller would: a folder without a
 * kustomization file gets the one kustomize-controller generates (every YAML file below it, and
 * sub-folders that have their own kustomization file as folder resources).
 */
export function buildKustomization(dir: string, options: BuildOptions): Promise<BuildResult> {
  return build(dir, options);
}

export { KUSTOMIZATION_FILES } from "./load.ts";
