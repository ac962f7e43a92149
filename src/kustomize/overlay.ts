/**
 * A Flux Kustomization's own kustomize fields merged into the top kustomization, the way
 * kustomize-controller's generator rewrites the folder's kustomization file before building
 * (fluxcd/pkg/kustomize `Generator.WriteFile`). The merged entries keep their own location: the
 * builder locates them with negative line numbers (never a real line) and `relocate` turns those
 * back into the overlay's file and line once the build is done.
 */
import type { Diagnostic } from "../core/errors.ts";
import type { KustomizationFile } from "./load.ts";
import type { BuiltObject, Overlay } from "./types.ts";

const APPENDED = ["patches", "components"] as const;

export function withOverlay(k: KustomizationFile, o: Overlay): KustomizationFile {
  const spec: Record<string, any> = { ...k.spec };
  const own: Record<string, number> = {};
  const fromOverlay = new Set<string>();
  for (const f of ["namespace", "namePrefix", "nameSuffix"] as const)
    if (typeof o[f] === "string") {
      spec[f] = o[f];
      fromOverlay.add(f);
    }
  for (const f of APPENDED) {
    const add = o[f];
    if (!add?.length) continue;
    const mine = Array.isArray(spec[f]) ? (spec[f] as unknown[]) : [];
    own[f] = mine.length;
    spec[f] = [...mine, ...add];
  }
  const images: Array<Record<string, unknown>> = Array.isArray(spec.images)
    ? spec.images.map((i: unknown) => ({ ...(i as object) }))
    : [];
  for (const img of o.images ?? []) {
    const same = images.find((i) => i.name === img.name);
    if (!same) {
      images.push({ ...img });
      continue;
    }
    // kustomize-controller: newTag and digest select the version together; setting one clears the other
    if (img.newName) same.newName = img.newName;
    if (img.newTag || img.digest) {
      same.newTag = img.newTag;
      same.digest = img.digest;
      if (!img.newTag) delete same.newTag;
      if (!img.digest) delete same.digest;
    }
  }
  if (o.images?.length) spec.images = images;
  const line = (p: ReadonlyArray<string | number>): number => {
    const [field, index, ...rest] = p;
    if (typeof field === "string" && fromOverlay.has(field)) return -Math.max(1, o.line([field]));
    if (typeof field === "string" && field in own && typeof index === "number" && index >= own[field]!)
      return -Math.max(1, o.line([field, index - own[field]!, ...rest]));
    return k.line(p);
  };
  return { ...k, spec, line };
}

/** Turns the overlay's negative lines in origins and diagnostics into its file and line. */
export function relocate(objects: BuiltObject[], diagnostics: Diagnostic[], o: Overlay): void {
  for (const b of objects)
    if (b.origin.patches?.some((p) => p.line < 0))
      b.origin = {
        ...b.origin,
        patches: b.origin.patches.map((p) => (p.line < 0 ? { file: o.file, line: -p.line } : p)),
      };
  for (const d of diagnostics)
    if (d.line !== undefined && d.line < 0) {
      d.file = o.file;
      d.line = -d.line;
    }
}
