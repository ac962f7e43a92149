/**
 * Name references (kustomize's nameReference transformer, api/filters/nameref): after prefixes,
 * suffixes and content hashes renamed objects, every field that names one of them is rewritten to
 * its final name. The fields are kustomize's own nameReference table (openapi-data.ts, generated
 * from kustomize's source); a field holds a name, a list of names, or maps with `name` (and
 * `namespace`), such as RoleBinding subjects and webhook services.
 */
import { isObject } from "../core/object.ts";
import type { NameBackReference } from "./configurations.ts";
import { type FieldSpec, specApplies, visitPath } from "./fieldspec.ts";
import { DEFAULT_FIELD_SPECS } from "./openapi-data.ts";
import { groupOf, isClusterScoped, nameOf, namespaceOf, type Resource } from "./resource.ts";

interface Target {
  group?: string;
  version?: string;
  kind: string;
}

/** `Gvk.IsSelected`: empty selector fields match anything; the data's `group` may carry a version. */
function selectedBy(r: Resource, t: Target): boolean {
  const av = r.object.apiVersion ?? "";
  const version = av.slice(av.lastIndexOf("/") + 1);
  const group = t.group?.includes("/") ? t.group.slice(0, t.group.indexOf("/")) : t.group;
  return (
    (!group || group === groupOf(r)) && (!t.version || t.version === version) && t.kind === r.object.kind
  );
}

const effectiveNamespace = (r: Resource) => (isClusterScoped(r) ? "" : namespaceOf(r) || "default");

/**
 * The referral a name points at (`selectReferral`): renamed objects of the target type that once
 * had `name`, visible from the referrer's namespace (cluster-scoped objects and ServiceAccounts
 * from everywhere). Several with one final name count as one; several names leave the field as
 * it is (kustomize fails there, see docs/kustomize.md).
 */
function referral(name: string, candidates: Resource[], referrer: Resource, withNamespace: boolean) {
  const hits = candidates.filter(
    (c) =>
      c.previous.some((p) => p.name === name) &&
      (isClusterScoped(referrer) ||
        isClusterScoped(c) ||
        c.object.kind === "ServiceAccount" ||
        effectiveNamespace(c) === effectiveNamespace(referrer)),
  );
  if (hits.length === 0) return undefined;
  const first = hits[0] as Resource;
  const same = hits.every(
    (h) => nameOf(h) === nameOf(first) && (!withNamespace || namespaceOf(h) === namespaceOf(first)),
  );
  return same ? first : undefined;
}

/** A `roleRef/name` names only objects of the roleRef's apiGroup and kind. */
function roleRefSieve(fs: FieldSpec, referrer: Resource): (r: Resource) => boolean {
  if (!fs.path.endsWith("roleRef/name")) return () => true;
  const ref = referrer.object.roleRef;
  if (!isObject(ref) || typeof ref.apiGroup !== "string" || typeof ref.kind !== "string") return () => true;
  return (r) => groupOf(r) === ref.apiGroup && r.object.kind === ref.kind;
}

function update(value: unknown, candidates: Resource[], referrer: Resource, set: (v: unknown) => void): void {
  if (typeof value === "string") {
    const to = referral(value, candidates, referrer, false);
    if (to && nameOf(to) !== value) set(nameOf(to));
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((e, i) => {
      update(e, candidates, referrer, (v) => {
        value[i] = v;
      });
    });
    return;
  }
  if (!isObject(value) || typeof value.name !== "string") return;
  // a map names an object by `name`, within its `namespace` when it has one
  const ns = value.namespace;
  const inNamespace =
    typeof ns === "string"
      ? candidates.filter((c) => (c.previous[0]?.namespace ?? namespaceOf(c)) === ns).length
        ? candidates.filter((c) => (c.previous[0]?.namespace ?? namespaceOf(c)) === ns)
        : candidates.filter((c) => namespaceOf(c) === ns)
      : candidates;
  const to = referral(value.name, inNamespace, referrer, true);
  if (!to) return;
  value.name = nameOf(to);
  if (namespaceOf(to)) value.namespace = namespaceOf(to);
}

/** Rewrites names along kustomize's nameReference table plus `extra` (from `configurations`). */
export function fixNameReferences(list: Resource[], extra: readonly NameBackReference[] = []): void {
  for (const backRef of [...DEFAULT_FIELD_SPECS.nameReference, ...extra]) {
    const targets = list.filter((r) => r.previous.length > 0 && selectedBy(r, backRef));
    if (targets.length === 0) continue;
    for (const fs of backRef.fieldSpecs)
      for (const referrer of list) {
        if (!specApplies(fs, referrer)) continue;
        const candidates = targets.filter(roleRefSieve(fs, referrer));
        visitPath(referrer.object, fs.path, false, (v, set) => update(v, candidates, referrer, set));
      }
  }
}
