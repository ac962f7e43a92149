/** kustomize's builtin transformers that change names, namespaces and metadata. */
import { isObject, setOwn } from "../core/object.ts";
import { type FieldSpec, specApplies, visitPath } from "./fieldspec.ts";
import { DEFAULT_FIELD_SPECS } from "./openapi-data.ts";
import { isClusterScoped, type Resource, rename } from "./resource.ts";

/**
 * NamespaceTransformer (api/filters/namespace): metadata.namespace on every object kustomize
 * does not know to be cluster-scoped, its namespace field specs (a `v1` Namespace's name,
 * APIService and CRD conversion webhook service namespaces), and (Cluster)RoleBinding subjects
 * named `default`.
 */
export function applyNamespace(list: Resource[], namespace: string): void {
  for (const r of list) {
    const o = r.object;
    if (!isClusterScoped(r)) rename(r, { namespace });
    for (const fs of DEFAULT_FIELD_SPECS.namespace) {
      if (!specApplies(fs, r)) continue;
      // kustomize keeps the metadata/name spec for apiVersion v1 only (removeUnneededMetaFieldSpecs)
      if (fs.path === "metadata/name") {
        if (o.apiVersion === "v1") rename(r, { name: namespace });
      } else visitPath(o, fs.path, fs.create === true, (_v, set) => set(namespace));
    }
    if (o.kind === "RoleBinding" || o.kind === "ClusterRoleBinding") {
      const subjects = o.subjects;
      if (Array.isArray(subjects))
        for (const s of subjects) if (isObject(s) && s.name === "default") s.namespace = namespace;
    }
  }
}

/** PrefixTransformer/SuffixTransformer: metadata.name, except CRDs, APIServices and Namespaces. */
export function applyNameAffixes(list: Resource[], prefix: string, suffix: string): void {
  for (const r of list) {
    const kind = r.object.kind;
    if (kind === "CustomResourceDefinition" || kind === "Namespace") continue;
    if (kind === "APIService" && r.object.apiVersion?.startsWith("apiregistration.k8s.io/")) continue;
    rename(r, { name: `${prefix}${r.object.metadata.name ?? ""}${suffix}` });
  }
}

const SPECS = DEFAULT_FIELD_SPECS;

/** Sets every pair in the map at each field spec's path (the label and annotation filters). */
function setPairs(list: Resource[], pairs: Record<string, string>, specs: FieldSpec[]): void {
  const keys = Object.keys(pairs).sort();
  if (keys.length === 0) return;
  for (const r of list)
    for (const fs of specs) {
      if (!specApplies(fs, r)) continue;
      visitPath(r.object, fs.path, fs.create === true, (v, set) => {
        if (v === undefined || v === null) {
          const created: Record<string, string> = {};
          for (const k of keys) setOwn(created, k, pairs[k] as string);
          set(created);
        } else if (isObject(v)) for (const k of keys) setOwn(v, k, pairs[k] as string);
      });
    }
}

export interface LabelEntry {
  pairs: Record<string, string>;
  includeSelectors?: boolean;
  includeTemplates?: boolean;
  fields?: FieldSpec[];
}

/**
 * LabelTransformer: each `labels` entry (metadata only; with `includeTemplates` pod templates
 * too; with `includeSelectors` everything `commonLabels` sets), then `commonLabels` (metadata,
 * templates and selectors), on kustomize's default field specs.
 */
export function applyLabels(
  list: Resource[],
  labels: LabelEntry[],
  commonLabels: Record<string, string>,
): void {
  for (const l of labels) {
    const specs: FieldSpec[] = [...(l.fields ?? [])];
    if (l.includeSelectors) specs.push(...SPECS.commonLabels);
    else {
      if (l.includeTemplates) specs.push(...SPECS.templateLabels);
      specs.push({ path: "metadata/labels", create: true });
    }
    setPairs(list, l.pairs, specs);
  }
  setPairs(list, commonLabels, SPECS.commonLabels);
}

/** AnnotationsTransformer: `commonAnnotations` on metadata and pod templates. */
export function applyAnnotations(list: Resource[], annotations: Record<string, string>): void {
  setPairs(list, annotations, SPECS.commonAnnotations);
}

export interface ImageEntry {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
  tagSuffix?: string;
}

/** kustomize's `image.Split`: name, tag and digest of an image reference. */
function splitImage(image: string): { name: string; tag: string; digest: string } {
  const slash = image.indexOf("/");
  const from = slash > 0 ? slash : 0;
  const search = image.slice(from);
  const at = search.indexOf("@");
  const colon = search.indexOf(":");
  if (colon < 0 && at < 0) return { name: image, tag: "", digest: "" };
  if (at >= 0 && (at < colon || colon < 0))
    return { name: image.slice(0, from + at), tag: "", digest: image.slice(from + at + 1) };
  if (at >= 0 && colon >= 0)
    return {
      name: image.slice(0, from + colon),
      tag: image.slice(from + colon + 1, from + at),
      digest: image.slice(from + at + 1),
    };
  return { name: image.slice(0, from + colon), tag: image.slice(from + colon + 1), digest: "" };
}

/** `imageTagUpdater.SetImageValue`: the new reference, or undefined when `image` is not this entry's. */
function updateImage(image: string, entry: ImageEntry, pattern: RegExp): string | undefined {
  if (!pattern.test(image)) return undefined;
  let { name, tag, digest } = splitImage(image);
  if (entry.newName) name = entry.newName;
  if (entry.newTag && entry.digest) {
    tag = entry.newTag;
    digest = entry.digest;
  } else if (entry.newTag) {
    tag = entry.newTag;
    digest = "";
  } else if (entry.digest) {
    tag = "";
    digest = entry.digest;
  } else if (entry.tagSuffix) {
    tag += entry.tagSuffix;
    digest = "";
  }
  return `${name}${tag ? `:${tag}` : ""}${digest ? `@${digest}` : ""}`;
}

/** Every `containers`/`initContainers` list at any depth (the legacy image filter). */
function containerLists(node: unknown, visit: (list: unknown[]) => void): void {
  if (Array.isArray(node)) {
    for (const e of node) containerLists(e, visit);
    return;
  }
  if (!node || typeof node !== "object") return;
  for (const [k, v] of Object.entries(node)) {
    containerLists(v, visit);
    if ((k === "containers" || k === "initContainers") && Array.isArray(v)) visit(v);
  }
}

/**
 * ImageTagTransformer, once per `images` entry: first kustomize's legacy filter (the `image` of
 * every container and init container at any depth), then its image field specs. The entry's
 * `name` is a regular expression, as kustomize compiles it. CRDs are left alone.
 */
export function applyImages(list: Resource[], images: ImageEntry[]): void {
  for (const entry of images) {
    const pattern = new RegExp(`^${entry.name}(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$`);
    for (const r of list) {
      if (r.object.kind === "CustomResourceDefinition") continue;
      containerLists(r.object, (containers) => {
        for (const c of containers)
          if (c && typeof c === "object" && typeof (c as { image?: unknown }).image === "string") {
            const next = updateImage((c as { image: string }).image, entry, pattern);
            if (next !== undefined) (c as { image: string }).image = next;
          }
      });
      for (const fs of SPECS.images)
        visitPath(r.object, fs.path, false, (v, set) => {
          if (typeof v !== "string") return;
          const next = updateImage(v, entry, pattern);
          if (next !== undefined) set(next);
        });
    }
  }
}

/**
 * ReplicaCountTransformer: `replicas` entries by any name the object had, on kustomize's replica
 * field specs; an entry that names no such object is an error, as in kustomize.
 */
export function applyReplicas(list: Resource[], replicas: { name: string; count: number }[]): string[] {
  const unmatched: string[] = [];
  for (const rep of replicas) {
    let found = false;
    for (const fs of SPECS.replicas)
      for (const r of list) {
        const names = [r.object.metadata.name, ...r.previous.map((p) => p.name)];
        if (!names.includes(rep.name) || !specApplies(fs, r)) continue;
        found = true;
        visitPath(r.object, fs.path, fs.create === true, (_v, set) => set(rep.count));
      }
    if (!found) unmatched.push(rep.name);
  }
  return unmatched;
}
