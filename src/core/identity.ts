/** Kubernetes object identity: what makes two manifests "the same object". */

/** The minimal shape of a Kubernetes object. Everything kiln handles is plain data of this shape. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

/**
 * Kubernetes ObjectMeta (meta/v1), exact: a misspelt key (`namepsace:`) is a type error, in
 * kiln's own objects and in the types `kiln import` generates.
 */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
  /** Set by the apiserver; present in objects read back from a cluster. */
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  managedFields?: Array<Record<string, unknown>>;
  selfLink?: string;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface Identity {
  /**
   * The cluster the object is applied to, for control planes with several clusters: the same
   * group/kind/namespace/name in two clusters are two objects. Absent outside any cluster.
   */
  cluster?: string;
  group: string;
  version: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** Splits `group/version` (or core `v1`) into its parts. */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.lastIndexOf("/");
  return i < 0
    ? { group: "", version: apiVersion }
    : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

export function identityOf(obj: KubeObject, cluster?: string): Identity {
  const { group, version } = parseApiVersion(obj.apiVersion);
  const id: Identity = { group, version, kind: obj.kind, name: obj.metadata?.name ?? "" };
  if (obj.metadata?.namespace) id.namespace = obj.metadata.namespace;
  if (cluster) id.cluster = cluster;
  return id;
}

/**
 * Key for identity comparisons. The version is left out on purpose: the apiserver stores one
 * object per group/kind/namespace/name whatever version it was written in.
 */
export function identityKey(id: Identity): string {
  return `${id.cluster ? `${id.cluster}:` : ""}${id.group}/${id.kind}/${id.namespace ?? ""}/${id.name}`;
}

/** Human form: `HelmRelease flux-system/traefik` or `Namespace crossplane-system` (plus `in cluster home` when known). */
export function formatIdentity(id: Identity): string {
  return `${id.kind} ${id.namespace ? `${id.namespace}/` : ""}${id.name}${id.cluster ? ` in cluster ${id.cluster}` : ""}`;
}
