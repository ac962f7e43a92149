/** The objects a Flux repository applies, as the repository model and its HelmRelease stage share them. */

import type { KubeObject } from "../core/identity.ts";
import type { Origin } from "../kustomize/index.ts";

/** One object Flux would apply. */
export interface RenderedObject {
  object: KubeObject;
  origin: Origin;
  /** `namespace/name` of the Kustomization that applies it. */
  kustomization: string;
  /** The cluster (entry point folder) when the repository holds several. */
  cluster?: string;
  /** The object came from a SOPS-encrypted file (its values are placeholders). */
  sops?: boolean;
  /** Why the object is not validated (e.g. its substitution failed). */
  notValidated?: string;
  /** Rendered by a HelmRelease's chart: the release (`namespace/name`) and its template. */
  helm?: { release: string; template: string };
}
