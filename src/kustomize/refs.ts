/**
 * Name references (kustomize's nameReference config, api/internal/konfig/builtinpluginconsts):
 * after prefixes, suffixes and content hashes renamed objects, every field that names one of them
 * is rewritten to its final name. This covers the references that matter in homelab repositories
 * (ConfigMaps, Secrets, ServiceAccounts, PersistentVolumeClaims, Services, Roles); kustomize's
 * full table also has rarer ones (see docs/kustomize.md, Limits).
 */
import { type FieldSpec, specApplies, visitPath } from "./fieldspec.ts";
import { isClusterScoped, nameOf, namespaceOf, type Resource } from "./resource.ts";

/** Where a pod spec sits in each workload kind. */
const POD_SPECS: [string, string][] = [
  ["Pod", "spec"],
  ["PodTemplate", "template/spec"],
  ["Deployment", "spec/template/spec"],
  ["ReplicaSet", "spec/template/spec"],
  ["ReplicationController", "spec/template/spec"],
  ["DaemonSet", "spec/template/spec"],
  ["StatefulSet", "spec/template/spec"],
  ["Job", "spec/template/spec"],
  ["CronJob", "spec/jobTemplate/spec/template/spec"],
];

const inPods = (paths: string[]): FieldSpec[] =>
  POD_SPECS.flatMap(([kind, base]) => paths.map((p) => ({ kind, path: `${base}/${p}` })));

const containers = (p: string) => [`containers/${p}`, `initContainers/${p}`];

/** Target kind → the fields that name an object of that kind. */
const REFERENCES: { kind: string; fields: FieldSpec[] }[] = [
  {
    kind: "ConfigMap",
    fields: [
      ...inPods([
        "volumes/configMap/name",
        ...containers("env/valueFrom/configMapKeyRef/name"),
        ...containers("envFrom/configMapRef/name"),
        "volumes/projected/sources/configMap/name",
      ]),
      { kind: "Role", path: "rules/resourceNames" },
      { kind: "ClusterRole", path: "rules/resourceNames" },
    ],
  },
  {
    kind: "Secret",
    fields: [
      ...inPods([
        "volumes/secret/secretName",
        ...containers("env/valueFrom/secretKeyRef/name"),
        ...containers("envFrom/secretRef/name"),
        "imagePullSecrets/name",
        "volumes/projected/sources/secret/name",
      ]),
      { kind: "ServiceAccount", path: "imagePullSecrets/name" },
      { kind: "ServiceAccount", path: "secrets/name" },
      { kind: "Ingress", path: "spec/tls/secretName" },
      { kind: "Role", path: "rules/resourceNames" },
      { kind: "ClusterRole", path: "rules/resourceNames" },
    ],
  },
  { kind: "ServiceAccount", fields: inPods(["serviceAccountName", "serviceAccount"]) },
  { kind: "PersistentVolumeClaim", fields: inPods(["volumes/persistentVolumeClaim/claimName"]) },
  {
    kind: "Service",
    fields: [
      { kind: "StatefulSet", path: "spec/serviceName" },
      { kind: "Ingress", path: "spec/rules/http/paths/backend/service/name" },
      { kind: "Ingress", path: "spec/defaultBackend/service/name" },
      { kind: "APIService", path: "spec/service/name" },
    ],
  },
];

function knownNames(r: Resource): Set<string> {
  return new Set([nameOf(r), ...r.previous.map((p) => p.name)]);
}

/** The one renamed target a reference names, seen from the referrer's namespace. */
function resolve(value: string, targets: Resource[], referrer: Resource): string | undefined {
  const ns = namespaceOf(referrer);
  const hits = targets.filter(
    (t) =>
      knownNames(t).has(value) && (isClusterScoped(t) || isClusterScoped(referrer) || namespaceOf(t) === ns),
  );
  const names = new Set(hits.map(nameOf));
  return names.size === 1 ? [...names][0] : undefined;
}

export function fixNameReferences(list: Resource[]): void {
  for (const { kind, fields } of REFERENCES) {
    const targets = list.filter((r) => r.object.kind === kind && r.previous.length > 0);
    if (!targets.length) continue;
    for (const referrer of list)
      for (const fs of fields) {
        if (!specApplies(fs, referrer)) continue;
        visitPath(referrer.object, fs.path, false, (v, set) => {
          if (typeof v === "string") {
            const to = resolve(v, targets, referrer);
            if (to !== undefined) set(to);
          } else if (Array.isArray(v))
            set(v.map((e) => (typeof e === "string" ? (resolve(e, targets, referrer) ?? e) : e)));
        });
      }
    // RoleBinding subjects and roleRef name objects by kind
    for (const referrer of list) {
      const o = referrer.object;
      if (o.kind !== "RoleBinding" && o.kind !== "ClusterRoleBinding") continue;
      if (kind === "ServiceAccount" && Array.isArray(o.subjects))
        for (const s of o.subjects as Record<string, unknown>[]) {
          if (s?.kind !== "ServiceAccount" || typeof s.name !== "string") continue;
          const hits = targets.filter(
            (t) =>
              knownNames(t).has(s.name as string) &&
              namespaceOf(t) === ((s.namespace as string) ?? namespaceOf(t)),
          );
          const names = new Set(hits.map(nameOf));
          if (names.size === 1) s.name = [...names][0];
        }
    }
  }
  for (const kind of ["Role", "ClusterRole"]) {
    const targets = list.filter((r) => r.object.kind === kind && r.previous.length > 0);
    for (const referrer of list) {
      const o = referrer.object;
      const ref = o.roleRef as Record<string, unknown> | undefined;
      if ((o.kind !== "RoleBinding" && o.kind !== "ClusterRoleBinding") || ref?.kind !== kind) continue;
      if (typeof ref.name !== "string") continue;
      const to = resolve(ref.name, targets, referrer);
      if (to !== undefined) ref.name = to;
    }
  }
}
