/** One object while a kustomization is built: the object, where it came from, and the names it had. */
import type { KubeObject } from "../model/identity.ts";
import { parseApiVersion } from "../model/identity.ts";
import type { Origin } from "./index.ts";

export interface Resource {
  object: KubeObject;
  origin: Origin;
  /** Every (namespace, name) the object had before a transformer renamed it, oldest first. */
  previous: { namespace: string; name: string }[];
  /** Set for generated ConfigMaps and Secrets: whether the name gets kustomize's content hash. */
  generated?: { hash: boolean; behavior: "create" | "merge" | "replace" };
}

export function nameOf(r: Resource): string {
  return r.object.metadata?.name ?? "";
}

export function namespaceOf(r: Resource): string {
  return r.object.metadata?.namespace ?? "";
}

export function groupOf(r: Resource): string {
  return parseApiVersion(r.object.apiVersion ?? "").group;
}

/** kustomize's resource id (`ResId.String()` order: kind.version.group/name.namespace), for messages. */
export function describe(r: Resource): string {
  const ns = namespaceOf(r);
  return `${r.object.kind} ${ns ? `${ns}/` : ""}${nameOf(r)}`;
}

/** Records the current name before a transformer changes it (kustomize's `previousNames`). */
export function rename(r: Resource, change: { name?: string; namespace?: string }): void {
  const meta = r.object.metadata;
  const before = { namespace: meta.namespace ?? "", name: meta.name ?? "" };
  const after = { namespace: change.namespace ?? before.namespace, name: change.name ?? before.name };
  if (after.name === before.name && after.namespace === before.namespace) return;
  r.previous.push(before);
  if (change.name !== undefined) meta.name = change.name;
  if (change.namespace !== undefined) meta.namespace = change.namespace;
}

/**
 * Kinds kustomize treats as cluster-scoped (its built-in OpenAPI data): namespace, prefix and
 * reference rules skip or special-case them. Kinds not listed (custom resources) are namespaced.
 */
const CLUSTER_SCOPED = new Set([
  "/APIService",
  "apiregistration.k8s.io/APIService",
  "/ComponentStatus",
  "/Namespace",
  "/Node",
  "/PersistentVolume",
  "admissionregistration.k8s.io/MutatingWebhookConfiguration",
  "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
  "admissionregistration.k8s.io/ValidatingAdmissionPolicy",
  "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding",
  "admissionregistration.k8s.io/MutatingAdmissionPolicy",
  "admissionregistration.k8s.io/MutatingAdmissionPolicyBinding",
  "apiextensions.k8s.io/CustomResourceDefinition",
  "certificates.k8s.io/CertificateSigningRequest",
  "flowcontrol.apiserver.k8s.io/FlowSchema",
  "flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration",
  "networking.k8s.io/IngressClass",
  "networking.k8s.io/IPAddress",
  "networking.k8s.io/ServiceCIDR",
  "node.k8s.io/RuntimeClass",
  "policy/PodSecurityPolicy",
  "rbac.authorization.k8s.io/ClusterRole",
  "rbac.authorization.k8s.io/ClusterRoleBinding",
  "scheduling.k8s.io/PriorityClass",
  "storage.k8s.io/CSIDriver",
  "storage.k8s.io/CSINode",
  "storage.k8s.io/StorageClass",
  "storage.k8s.io/VolumeAttachment",
  "storage.k8s.io/VolumeAttributesClass",
  "resource.k8s.io/DeviceClass",
  "resource.k8s.io/ResourceSlice",
  "authentication.k8s.io/TokenReview",
  "authentication.k8s.io/SelfSubjectReview",
  "authorization.k8s.io/SubjectAccessReview",
  "authorization.k8s.io/SelfSubjectAccessReview",
  "authorization.k8s.io/SelfSubjectRulesReview",
  "extensions/PodSecurityPolicy",
]);

export function isClusterScoped(r: Resource): boolean {
  return CLUSTER_SCOPED.has(`${groupOf(r)}/${r.object.kind}`);
}
