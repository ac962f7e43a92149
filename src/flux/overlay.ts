/**
 * What a Flux Kustomization adds to `kustomize build` of its path, split the way
 * kustomize-controller splits it: `targetNamespace`, `namePrefix`/`nameSuffix`, `patches`,
 * `components` and `images` are merged into the folder's kustomization and built by kustomize
 * (`kustomizeOverlay`, handed to src/kustomize); the owner labels and `commonMetadata` are set on
 * every object after substitution (`setOwnerMetadata`, as `ssautil.SetCommonMetadata` does).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import type { KubeObject } from "../core/identity.ts";
import type { Overlay } from "../kustomize/index.ts";

type Json = Record<string, any>;

/**
 * The kustomize fields of a Flux Kustomization `spec`, located by `line` (paths relative to
 * `spec`). Components missing from `dir` are dropped when `ignoreMissingComponents` is set, as
 * the controller does; otherwise kustomize reports them.
 */
export function kustomizeOverlay(
  spec: Json,
  dir: string,
  file: string,
  line: (p: ReadonlyArray<string | number>) => number,
): Overlay | undefined {
  const o: Overlay = { file, line };
  let any = false;
  if (typeof spec.targetNamespace === "string" && spec.targetNamespace) {
    o.namespace = spec.targetNamespace;
    any = true;
  }
  for (const f of ["namePrefix", "nameSuffix"] as const)
    if (typeof spec[f] === "string" && spec[f]) {
      o[f] = spec[f];
      any = true;
    }
  if (Array.isArray(spec.patches) && spec.patches.length) {
    o.patches = spec.patches;
    any = true;
  }
  if (Array.isArray(spec.components)) {
    const list = spec.components.filter((c: unknown): c is string => typeof c === "string");
    const kept =
      spec.ignoreMissingComponents === true ? list.filter((c) => existsSync(path.resolve(dir, c))) : list;
    if (kept.length) {
      o.components = kept;
      any = true;
    }
  }
  if (Array.isArray(spec.images) && spec.images.length) {
    o.images = spec.images.filter((i: unknown) => i && typeof i === "object");
    any = true;
  }
  if (!any) return undefined;
  // Overlay paths are the field names kustomize uses; targetNamespace is `namespace` there.
  o.line = (p) => line(p[0] === "namespace" ? ["targetNamespace", ...p.slice(1)] : p);
  return o;
}

/**
 * The labels kustomize-controller stamps on what it applies (`kustomize.toolkit.fluxcd.io/name`
 * and `/namespace`), then `spec.commonMetadata` labels and annotations, which win.
 */
export function setOwnerMetadata(
  o: KubeObject,
  spec: Json,
  owner: { name: string; namespace: string },
): void {
  o.metadata ??= {};
  o.metadata.labels = {
    ...(o.metadata.labels ?? {}),
    "kustomize.toolkit.fluxcd.io/name": owner.name,
    "kustomize.toolkit.fluxcd.io/namespace": owner.namespace,
  };
  const common = spec.commonMetadata as Json | undefined;
  for (const field of ["labels", "annotations"] as const) {
    const add = common?.[field];
    if (add && typeof add === "object" && !Array.isArray(add))
      o.metadata[field] = { ...(o.metadata[field] ?? {}), ...add };
  }
}
