/**
 * API versions that current controllers no longer serve. Applying an object in one of them fails
 * at reconcile time, long after review; kiln names the replacement instead.
 */

/** Each of the space-separated `kinds` replaced by `apiVersion`. */
const to = (apiVersion: string, kinds: string): Record<string, string> =>
  Object.fromEntries(kinds.split(" ").map((k) => [k, apiVersion]));

const FLOWCONTROL_V1 = to("flowcontrol.apiserver.k8s.io/v1", "FlowSchema PriorityLevelConfiguration");

/** Group/version → replacement apiVersion, optionally per kind (`*` for every kind). */
export const REMOVED: Readonly<Record<string, Readonly<Record<string, string>>>> = {
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
  // The pinned image-reflector (v1.2.0) and image-automation (v1.2.1) controllers serve only v1.
  "image.toolkit.fluxcd.io/v1beta1": { "*": "image.toolkit.fluxcd.io/v1" },
  "image.toolkit.fluxcd.io/v1beta2": { "*": "image.toolkit.fluxcd.io/v1" },
  "cert-manager.io/v1alpha2": { "*": "cert-manager.io/v1" },
  "cert-manager.io/v1alpha3": { "*": "cert-manager.io/v1" },
  "cert-manager.io/v1beta1": { "*": "cert-manager.io/v1" },
  "acme.cert-manager.io/v1alpha2": { "*": "acme.cert-manager.io/v1" },
  "traefik.containo.us/v1alpha1": { "*": "traefik.io/v1alpha1" },
  "pkg.crossplane.io/v1alpha1": { ControllerConfig: "pkg.crossplane.io/v1beta1 DeploymentRuntimeConfig" },
  // Kubernetes, as the Deprecated API Migration Guide lists them (kubernetes.io, "Removed APIs by
  // release", v1.16–v1.32). Kinds are named wherever a group/version still serves other kinds:
  // admissionregistration v1beta1 serves the admission policies, certificates v1beta1
  // ClusterTrustBundle, coordination v1beta1 LeaseCandidate, networking v1beta1 IPAddress and
  // ServiceCIDR, storage v1beta1 VolumeAttributesClass.
  // v1.16
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
  // v1.22
  "admissionregistration.k8s.io/v1beta1": to(
    "admissionregistration.k8s.io/v1",
    "MutatingWebhookConfiguration ValidatingWebhookConfiguration",
  ),
  "apiextensions.k8s.io/v1beta1": { CustomResourceDefinition: "apiextensions.k8s.io/v1" },
  "apiregistration.k8s.io/v1beta1": { APIService: "apiregistration.k8s.io/v1" },
  "authentication.k8s.io/v1beta1": { TokenReview: "authentication.k8s.io/v1" },
  "authorization.k8s.io/v1beta1": to(
    "authorization.k8s.io/v1",
    "SubjectAccessReview LocalSubjectAccessReview SelfSubjectAccessReview",
  ),
  "certificates.k8s.io/v1beta1": { CertificateSigningRequest: "certificates.k8s.io/v1" },
  "coordination.k8s.io/v1beta1": { Lease: "coordination.k8s.io/v1" },
  "networking.k8s.io/v1beta1": to("networking.k8s.io/v1", "Ingress IngressClass"),
  "rbac.authorization.k8s.io/v1beta1": to(
    "rbac.authorization.k8s.io/v1",
    "ClusterRole ClusterRoleBinding Role RoleBinding",
  ),
  "scheduling.k8s.io/v1beta1": { PriorityClass: "scheduling.k8s.io/v1" },
  // (CSIStorageCapacity in v1.27)
  "storage.k8s.io/v1beta1": to(
    "storage.k8s.io/v1",
    "CSIDriver CSINode StorageClass VolumeAttachment CSIStorageCapacity",
  ),
  // v1.25
  "batch/v1beta1": { CronJob: "batch/v1" },
  "discovery.k8s.io/v1beta1": { EndpointSlice: "discovery.k8s.io/v1" },
  "events.k8s.io/v1beta1": { Event: "events.k8s.io/v1" },
  "autoscaling/v2beta1": { HorizontalPodAutoscaler: "autoscaling/v2" },
  "policy/v1beta1": {
    PodDisruptionBudget: "policy/v1",
    PodSecurityPolicy: "(removed; use Pod Security Admission)",
  },
  "node.k8s.io/v1beta1": { RuntimeClass: "node.k8s.io/v1" },
  // v1.26
  "autoscaling/v2beta2": { HorizontalPodAutoscaler: "autoscaling/v2" },
  "flowcontrol.apiserver.k8s.io/v1beta1": FLOWCONTROL_V1,
  // v1.29
  "flowcontrol.apiserver.k8s.io/v1beta2": FLOWCONTROL_V1,
  // v1.32
  "flowcontrol.apiserver.k8s.io/v1beta3": FLOWCONTROL_V1,
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
