/** The public types of the kustomize stage, apart from index.ts so that build.ts can use them without importing index.ts (which imports build.ts). */
import type { Diagnostic } from "../core/errors.ts";
import type { KubeObject } from "../core/identity.ts";
import type { YamlDocument } from "../core/yaml.ts";

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

/**
 * Parsed files shared between builds of one repository (`BuildOptions.cache`): a file whose text
 * is unchanged since it was read is not parsed again.
 */
export interface BuildCache {
  files: Map<string, { text: string; docs: YamlDocument[] }>;
}
