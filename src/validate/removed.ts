/**
 * API versions that current controllers no longer serve. Applying an object in one of them fails
 * at reconcile time, long after review; kiln names the replacement instead.
 */

/** Group/version → replacement apiVersion, optionally per kind (`*` for every kind). */
const REMOVED: Record<string, Record<string, string>> = {
  "source.toolkit.fluxcd.io/v1beta1": { "*": "source.toolkit.fluxcd.io/v1" },
  "source.toolkit.fluxcd.io/v1beta2": { "*": "source.toolkit.fluxcd.io/v1" },
  "kustomize.toolkit.fluxcd.io/v1beta1": { "*": "kustomize.toolkit.fluxcd.io/v1" },
  "kustomize.toolkit.fluxcd.io/v1beta2": { "*": "kustomize.toolkit.fluxcd.io/v1" },
  "helm.toolkit.fluxcd.io/v2beta1": { "*": "helm.toolkit.fluxcd.io/v2" },
  "helm.toolkit.fluxcd.io/v2beta2": { "*": "helm.toolkit.fluxcd.io/v2" },
  "notification.toolkit.fluxcd.io/v1beta1": {
    Receiver: "notification.toolkit.fluxcd.io/v1",
    "*": "notification.toolkit.fluxcd.io/v1beta3",
  },
  "notification.toolkit.fluxcd.io/v1beta2": {
    Receiver: "notification.toolkit.fluxcd.io/v1",
    "*": "notification.toolkit.fluxcd.io/v1beta3",
  },
  "image.toolkit.fluxcd.io/v1beta1": { "*": "image.toolkit.fluxcd.io/v1beta2" },
  "cert-manager.io/v1alpha2": { "*": "cert-manager.io/v1" },
  "cert-manager.io/v1alpha3": { "*": "cert-manager.io/v1" },
  "cert-manager.io/v1beta1": { "*": "cert-manager.io/v1" },
  "acme.cert-manager.io/v1alpha2": { "*": "acme.cert-manager.io/v1" },
  "traefik.containo.us/v1alpha1": { "*": "traefik.io/v1alpha1" },
  "pkg.crossplane.io/v1alpha1": { ControllerConfig: "pkg.crossplane.io/v1beta1 DeploymentRuntimeConfig" },
  "extensions/v1beta1": {
    Ingress: "networking.k8s.io/v1",
    Deployment: "apps/v1",
    DaemonSet: "apps/v1",
    ReplicaSet: "apps/v1",
    NetworkPolicy: "networking.k8s.io/v1",
    PodSecurityPolicy: "(removed; use Pod Security Admission)",
  },
  "apps/v1beta1": { "*": "apps/v1" },
  "apps/v1beta2": { "*": "apps/v1" },
  "networking.k8s.io/v1beta1": { "*": "networking.k8s.io/v1" },
  "policy/v1beta1": {
    PodDisruptionBudget: "policy/v1",
    PodSecurityPolicy: "(removed; use Pod Security Admission)",
  },
  "batch/v1beta1": { CronJob: "batch/v1" },
  "autoscaling/v2beta1": { "*": "autoscaling/v2" },
  "autoscaling/v2beta2": { "*": "autoscaling/v2" },
  "rbac.authorization.k8s.io/v1beta1": { "*": "rbac.authorization.k8s.io/v1" },
  "apiextensions.k8s.io/v1beta1": { "*": "apiextensions.k8s.io/v1" },
  "admissionregistration.k8s.io/v1beta1": { "*": "admissionregistration.k8s.io/v1" },
  "storage.k8s.io/v1beta1": {
    CSIDriver: "storage.k8s.io/v1",
    CSINode: "storage.k8s.io/v1",
    StorageClass: "storage.k8s.io/v1",
    VolumeAttachment: "storage.k8s.io/v1",
    CSIStorageCapacity: "storage.k8s.io/v1",
  },
  "flowcontrol.apiserver.k8s.io/v1beta1": { "*": "flowcontrol.apiserver.k8s.io/v1" },
  "flowcontrol.apiserver.k8s.io/v1beta2": { "*": "flowcontrol.apiserver.k8s.io/v1" },
  "coordination.k8s.io/v1beta1": { "*": "coordination.k8s.io/v1" },
  "certificates.k8s.io/v1beta1": { "*": "certificates.k8s.io/v1" },
  "scheduling.k8s.io/v1beta1": { "*": "scheduling.k8s.io/v1" },
  "discovery.k8s.io/v1beta1": { "*": "discovery.k8s.io/v1" },
  "events.k8s.io/v1beta1": { "*": "events.k8s.io/v1" },
  "node.k8s.io/v1beta1": { "*": "node.k8s.io/v1" },
};

/** The message for an object in a removed API version, or undefined when it is current. */
export function removedApiMessage(apiVersion: string, kind: string): string | undefined {
  const entry = REMOVED[apiVersion];
  const replacement = entry?.[kind] ?? entry?.["*"];
  if (!replacement) return undefined;
  return replacement.startsWith("(")
    ? `${apiVersion} ${kind} is no longer served ${replacement}`
    : `${apiVersion} ${kind} is no longer served; use ${replacement}`;
}
