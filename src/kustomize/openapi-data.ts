/**
 * kustomize's built-in Kubernetes OpenAPI data (kyaml/openapi, Kubernetes v1.21.2), reduced to
 * what strategic merge patches and the namespace transformer read. Made by
 * scripts/kustomize-openapi.mjs from kyaml itself (do not edit by hand).
 *
 * A schema node: `f` fields, `a` map values, `i` list items, `r` a definition it refers to,
 * `s` the patch strategy, `k` the merge keys. Fields that lead to no patch strategy are left out
 * (a list without a schema and a list without a merge strategy are both replaced).
 */
export interface SchemaNode {
  f?: Record<string, SchemaNode>;
  a?: SchemaNode;
  i?: SchemaNode;
  r?: string;
  s?: string;
  k?: string[];
}

export const KUBERNETES_VERSION = "v1.21.2";

/** Definitions by name. */
export const DEFINITIONS: Record<string, SchemaNode> = {
  "io.k8s.api.admissionregistration.v1.MutatingWebhook": {
    f: {
      namespaceSelector: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector" },
      objectSelector: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector" },
    },
  },
  "io.k8s.api.admissionregistration.v1.MutatingWebhookConfiguration": {
    f: {
      metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
      webhooks: { i: { r: "io.k8s.api.admissionregistration.v1.MutatingWebhook" }, s: "merge", k: ["name"] },
    },
  },
  "io.k8s.api.admissionregistration.v1.MutatingWebhookConfigurationList": {
    f: { items: { i: { r: "io.k8s.api.admissionregistration.v1.MutatingWebhookConfiguration" } } },
  },
  "io.k8s.api.admissionregistration.v1.ValidatingWebhook": {
    f: {
      namespaceSelector: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector" },
      objectSelector: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector" },
    },
  },
  "io.k8s.api.admissionregistration.v1.ValidatingWebhookConfiguration": {
    f: {
      metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
      webhooks: {
        i: { r: "io.k8s.api.admissionregistration.v1.ValidatingWebhook" },
        s: "merge",
        k: ["name"],
      },
    },
  },
  "io.k8s.api.admissionregistration.v1.ValidatingWebhookConfigurationList": {
    f: { items: { i: { r: "io.k8s.api.admissionregistration.v1.ValidatingWebhookConfiguration" } } },
  },
  "io.k8s.api.admissionregistration.v1beta1.MutatingWebhook": {
    f: {
      namespaceSelector: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector" },
      objectSelector: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector" },
    },
  },
  "io.k8s.api.admissionregistration.v1beta1.MutatingWebhookConfiguration": {
    f: {
      metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
      webhooks: {
        i: { r: "io.k8s.api.admissionregistration.v1beta1.MutatingWebhook" },
        s: "merge",
        k: ["name"],
      },
    },
  },
  "io.k8s.api.admissionregistration.v1beta1.MutatingWebhookConfigurationList": {
    f: { items: { i: { r: "io.k8s.api.admissionregistration.v1beta1.MutatingWebhookConfiguration" } } },
  },
  "io.k8s.api.admissionregistration.v1beta1.ValidatingWebhook": {
    f: {
      namespaceSelector: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector" },
      objectSelector: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector" },
    },
  },
  "io.k8s.api.admissionregistration.v1beta1.ValidatingWebhookConfiguration": {
    f: {
      metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
      webhooks: {
        i: { r: "io.k8s.api.admissionregistration.v1beta1.ValidatingWebhook" },
        s: "merge",
        k: ["name"],
      },
    },
  },
  "io.k8s.api.admissionregistration.v1beta1.ValidatingWebhookConfigurationList": {
    f: { items: { i: { r: "io.k8s.api.admissionregistration.v1beta1.ValidatingWebhookConfiguration" } } },
  },
  "io.k8s.api.apps.v1.ControllerRevision": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.apps.v1.ControllerRevisionList": {
    f: { items: { i: { r: "io.k8s.api.apps.v1.ControllerRevision" } } },
  },
  "io.k8s.api.apps.v1.DaemonSet": {
    f: {
      metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
      spec: { r: "io.k8s.api.apps.v1.DaemonSetSpec" },
      status: { r: "io.k8s.api.apps.v1.DaemonSetStatus" },
    },
  },
  "io.k8s.api.apps.v1.DaemonSetList": { f: { items: { i: { r: "io.k8s.api.apps.v1.DaemonSet" } } } },
  "io.k8s.api.apps.v1.DaemonSetSpec": {
    f: {
      selector: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector" },
      template: { r: "io.k8s.api.core.v1.PodTemplateSpec" },
    },
  },
  "io.k8s.api.apps.v1.DaemonSetStatus": { f: { conditions: { s: "merge", k: ["type"] } } },
  "io.k8s.api.apps.v1.Deployment": {
    f: {
      metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
      spec: { r: "io.k8s.api.apps.v1.DeploymentSpec" },
      status: { r: "io.k8s.api.apps.v1.DeploymentStatus" },
    },
  },
  "io.k8s.api.apps.v1.DeploymentList": { f: { items: { i: { r: "io.k8s.api.apps.v1.Deployment" } } } },
  "io.k8s.api.apps.v1.DeploymentSpec": {
    f: {
      selector: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector" },
      template: { r: "io.k8s.api.core.v1.PodTemplateSpec" },
    },
  },
  "io.k8s.api.apps.v1.DeploymentStatus": { f: { conditions: { s: "merge", k: ["type"] } } },
  "io.k8s.api.apps.v1.Kustomization": {
    f: { configMapGenerator: { s: "merge", k: ["name"] }, secretGenerator: { s: "merge", k: ["name"] } },
  },
  "io.k8s.api.apps.v1.ReplicaSet": {
    f: {
      metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
      spec: { r: "io.k8s.api.apps.v1.ReplicaSetSpec" },
      status: { r: "io.k8s.api.apps.v1.ReplicaSetStatus" },
    },
  },
  "io.k8s.api.apps.v1.ReplicaSetList": { f: { items: { i: { r: "io.k8s.api.apps.v1.ReplicaSet" } } } },
  "io.k8s.api.apps.v1.ReplicaSetSpec": {
    f: {
      selector: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector" },
      template: { r: "io.k8s.api.core.v1.PodTemplateSpec" },
    },
  },
  "io.k8s.api.apps.v1.ReplicaSetStatus": { f: { conditions: { s: "merge", k: ["type"] } } },
  "io.k8s.api.apps.v1.StatefulSet": {
    f: {
      metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
      spec: { r: "io.k8s.api.apps.v1.StatefulSetSpec" },
      status: { r: "io.k8s.api.apps.v1.StatefulSetStatus" },
    },
  },
  "io.k8s.api.apps.v1.StatefulSetList": { f: { items: { i: { r: "io.k8s.api.apps.v1.StatefulSet" } } } },
  "io.k8s.api.apps.v1.StatefulSetSpec": {
    f: {
      selector: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector" },
      template: { r: "io.k8s.api.core.v1.PodTemplateSpec" },
      volumeClaimTemplates: { i: { r: "io.k8s.api.core.v1.PersistentVolumeClaim" } },
    },
  },
  "io.k8s.api.apps.v1.StatefulSetStatus": { f: { conditions: { s: "merge", k: ["type"] } } },
  "io.k8s.api.authentication.v1.TokenRequest": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.authentication.v1.TokenReview": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.authentication.v1beta1.TokenReview": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.authorization.v1.LocalSubjectAccessReview": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.authorization.v1.SelfSubjectAccessReview": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.authorization.v1.SelfSubjectRulesReview": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.authorization.v1.SubjectAccessReview": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.authorization.v1beta1.LocalSubjectAccessReview": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.authorization.v1beta1.SelfSubjectAccessReview": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.authorization.v1beta1.SelfSubjectRulesReview": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.authorization.v1beta1.SubjectAccessReview": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.autoscaling.v1.HorizontalPodAutoscaler": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.autoscaling.v1.HorizontalPodAutoscalerList": {
    f: { items: { i: { r: "io.k8s.api.autoscaling.v1.HorizontalPodAutoscaler" } } },
  },
  "io.k8s.api.autoscaling.v1.Scale": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.autoscaling.v2beta1.ExternalMetricSource": {
    f: { metricSelector: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector" } },
  },
  "io.k8s.api.autoscaling.v2beta1.ExternalMetricStatus": {
    f: { metricSelector: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector" } },
  },
  "io.k8s.api.autoscaling.v2beta1.HorizontalPodAutoscaler": {
    f: {
      metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
      spec: { r: "io.k8s.api.autoscaling.v2beta1.HorizontalPodAutoscalerSpec" },
      status: { r: "io.k8s.api.autoscaling.v2beta1.HorizontalPodAutoscalerStatus" },
    },
  },
  "io.k8s.api.autoscaling.v2beta1.HorizontalPodAutoscalerList": {
    f: { items: { i: { r: "io.k8s.api.autoscaling.v2beta1.HorizontalPodAutoscaler" } } },
  },
  "io.k8s.api.autoscaling.v2beta1.HorizontalPodAutoscalerSpec": {
    f: { metrics: { i: { r: "io.k8s.api.autoscaling.v2beta1.MetricSpec" } } },
  },
  "io.k8s.api.autoscaling.v2beta1.HorizontalPodAutoscalerStatus": {
    f: { currentMetrics: { i: { r: "io.k8s.api.autoscaling.v2beta1.MetricStatus" } } },
  },
  "io.k8s.api.autoscaling.v2beta1.MetricSpec": {
    f: {
      external: { r: "io.k8s.api.autoscaling.v2beta1.ExternalMetricSource" },
      object: { r: "io.k8s.api.autoscaling.v2beta1.ObjectMetricSource" },
      pods: { r: "io.k8s.api.autoscaling.v2beta1.PodsMetricSource" },
    },
  },
  "io.k8s.api.autoscaling.v2beta1.MetricStatus": {
    f: {
      external: { r: "io.k8s.api.autoscaling.v2beta1.ExternalMetricStatus" },
      object: { r: "io.k8s.api.autoscaling.v2beta1.ObjectMetricStatus" },
      pods: { r: "io.k8s.api.autoscaling.v2beta1.PodsMetricStatus" },
    },
  },
  "io.k8s.api.autoscaling.v2beta1.ObjectMetricSource": {
    f: { selector: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector" } },
  },
  "io.k8s.api.autoscaling.v2beta1.ObjectMetricStatus": {
    f: { selector: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector" } },
  },
  "io.k8s.api.autoscaling.v2beta1.PodsMetricSource": {
    f: { selector: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector" } },
  },
  "io.k8s.api.autoscaling.v2beta1.PodsMetricStatus": {
    f: { selector: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector" } },
  },
  "io.k8s.api.autoscaling.v2beta2.ExternalMetricSource": {
    f: { metric: { r: "io.k8s.api.autoscaling.v2beta2.MetricIdentifier" } },
  },
  "io.k8s.api.autoscaling.v2beta2.ExternalMetricStatus": {
    f: { metric: { r: "io.k8s.api.autoscaling.v2beta2.MetricIdentifier" } },
  },
  "io.k8s.api.autoscaling.v2beta2.HorizontalPodAutoscaler": {
    f: {
      metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
      spec: { r: "io.k8s.api.autoscaling.v2beta2.HorizontalPodAutoscalerSpec" },
      status: { r: "io.k8s.api.autoscaling.v2beta2.HorizontalPodAutoscalerStatus" },
    },
  },
  "io.k8s.api.autoscaling.v2beta2.HorizontalPodAutoscalerList": {
    f: { items: { i: { r: "io.k8s.api.autoscaling.v2beta2.HorizontalPodAutoscaler" } } },
  },
  "io.k8s.api.autoscaling.v2beta2.HorizontalPodAutoscalerSpec": {
    f: { metrics: { i: { r: "io.k8s.api.autoscaling.v2beta2.MetricSpec" } } },
  },
  "io.k8s.api.autoscaling.v2beta2.HorizontalPodAutoscalerStatus": {
    f: { currentMetrics: { i: { r: "io.k8s.api.autoscaling.v2beta2.MetricStatus" } } },
  },
  "io.k8s.api.autoscaling.v2beta2.MetricIdentifier": {
    f: { selector: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector" } },
  },
  "io.k8s.api.autoscaling.v2beta2.MetricSpec": {
    f: {
      external: { r: "io.k8s.api.autoscaling.v2beta2.ExternalMetricSource" },
      object: { r: "io.k8s.api.autoscaling.v2beta2.ObjectMetricSource" },
      pods: { r: "io.k8s.api.autoscaling.v2beta2.PodsMetricSource" },
    },
  },
  "io.k8s.api.autoscaling.v2beta2.MetricStatus": {
    f: {
      external: { r: "io.k8s.api.autoscaling.v2beta2.ExternalMetricStatus" },
      object: { r: "io.k8s.api.autoscaling.v2beta2.ObjectMetricStatus" },
      pods: { r: "io.k8s.api.autoscaling.v2beta2.PodsMetricStatus" },
    },
  },
  "io.k8s.api.autoscaling.v2beta2.ObjectMetricSource": {
    f: { metric: { r: "io.k8s.api.autoscaling.v2beta2.MetricIdentifier" } },
  },
  "io.k8s.api.autoscaling.v2beta2.ObjectMetricStatus": {
    f: { metric: { r: "io.k8s.api.autoscaling.v2beta2.MetricIdentifier" } },
  },
  "io.k8s.api.autoscaling.v2beta2.PodsMetricSource": {
    f: { metric: { r: "io.k8s.api.autoscaling.v2beta2.MetricIdentifier" } },
  },
  "io.k8s.api.autoscaling.v2beta2.PodsMetricStatus": {
    f: { metric: { r: "io.k8s.api.autoscaling.v2beta2.MetricIdentifier" } },
  },
  "io.k8s.api.batch.v1.CronJob": {
    f: {
      metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
      spec: { r: "io.k8s.api.batch.v1.CronJobSpec" },
    },
  },
  "io.k8s.api.batch.v1.CronJobList": { f: { items: { i: { r: "io.k8s.api.batch.v1.CronJob" } } } },
  "io.k8s.api.batch.v1.CronJobSpec": { f: { jobTemplate: { r: "io.k8s.api.batch.v1.JobTemplateSpec" } } },
  "io.k8s.api.batch.v1.Job": {
    f: {
      metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
      spec: { r: "io.k8s.api.batch.v1.JobSpec" },
      status: { r: "io.k8s.api.batch.v1.JobStatus" },
    },
  },
  "io.k8s.api.batch.v1.JobList": { f: { items: { i: { r: "io.k8s.api.batch.v1.Job" } } } },
  "io.k8s.api.batch.v1.JobSpec": {
    f: {
      selector: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector" },
      template: { r: "io.k8s.api.core.v1.PodTemplateSpec" },
    },
  },
  "io.k8s.api.batch.v1.JobStatus": { f: { conditions: { s: "merge", k: ["type"] } } },
  "io.k8s.api.batch.v1.JobTemplateSpec": {
    f: {
      metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
      spec: { r: "io.k8s.api.batch.v1.JobSpec" },
    },
  },
  "io.k8s.api.batch.v1beta1.CronJob": {
    f: {
      metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
      spec: { r: "io.k8s.api.batch.v1beta1.CronJobSpec" },
    },
  },
  "io.k8s.api.batch.v1beta1.CronJobList": { f: { items: { i: { r: "io.k8s.api.batch.v1beta1.CronJob" } } } },
  "io.k8s.api.batch.v1beta1.CronJobSpec": {
    f: { jobTemplate: { r: "io.k8s.api.batch.v1beta1.JobTemplateSpec" } },
  },
  "io.k8s.api.batch.v1beta1.JobTemplateSpec": {
    f: {
      metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
      spec: { r: "io.k8s.api.batch.v1.JobSpec" },
    },
  },
  "io.k8s.api.certificates.v1.CertificateSigningRequest": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.certificates.v1.CertificateSigningRequestList": {
    f: { items: { i: { r: "io.k8s.api.certificates.v1.CertificateSigningRequest" } } },
  },
  "io.k8s.api.certificates.v1beta1.CertificateSigningRequest": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.certificates.v1beta1.CertificateSigningRequestList": {
    f: { items: { i: { r: "io.k8s.api.certificates.v1beta1.CertificateSigningRequest" } } },
  },
  "io.k8s.api.coordination.v1.Lease": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.coordination.v1.LeaseList": { f: { items: { i: { r: "io.k8s.api.coordination.v1.Lease" } } } },
  "io.k8s.api.coordination.v1beta1.Lease": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.coordination.v1beta1.LeaseList": {
    f: { items: { i: { r: "io.k8s.api.coordination.v1beta1.Lease" } } },
  },
  "io.k8s.api.core.v1.Affinity": {
    f: {
      podAffinity: { r: "io.k8s.api.core.v1.PodAffinity" },
      podAntiAffinity: { r: "io.k8s.api.core.v1.PodAntiAffinity" },
    },
  },
  "io.k8s.api.core.v1.Binding": { f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } } },
  "io.k8s.api.core.v1.ComponentStatus": {
    f: {
      conditions: { s: "merge", k: ["type"] },
      metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
    },
  },
  "io.k8s.api.core.v1.ComponentStatusList": {
    f: { items: { i: { r: "io.k8s.api.core.v1.ComponentStatus" } } },
  },
  "io.k8s.api.core.v1.ConfigMap": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.core.v1.ConfigMapList": { f: { items: { i: { r: "io.k8s.api.core.v1.ConfigMap" } } } },
  "io.k8s.api.core.v1.Container": {
    f: {
      env: { s: "merge", k: ["name"] },
      ports: { s: "merge", k: ["containerPort", "protocol"] },
      volumeDevices: { s: "merge", k: ["devicePath"] },
      volumeMounts: { s: "merge", k: ["mountPath"] },
    },
  },
  "io.k8s.api.core.v1.Endpoints": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.core.v1.EndpointsList": { f: { items: { i: { r: "io.k8s.api.core.v1.Endpoints" } } } },
  "io.k8s.api.core.v1.EphemeralContainer": {
    f: {
      env: { s: "merge", k: ["name"] },
      volumeDevices: { s: "merge", k: ["devicePath"] },
      volumeMounts: { s: "merge", k: ["mountPath"] },
    },
  },
  "io.k8s.api.core.v1.EphemeralVolumeSource": {
    f: { volumeClaimTemplate: { r: "io.k8s.api.core.v1.PersistentVolumeClaimTemplate" } },
  },
  "io.k8s.api.core.v1.Event": { f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } } },
  "io.k8s.api.core.v1.EventList": { f: { items: { i: { r: "io.k8s.api.core.v1.Event" } } } },
  "io.k8s.api.core.v1.LimitRange": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.core.v1.LimitRangeList": { f: { items: { i: { r: "io.k8s.api.core.v1.LimitRange" } } } },
  "io.k8s.api.core.v1.Namespace": {
    f: {
      metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
      status: { r: "io.k8s.api.core.v1.NamespaceStatus" },
    },
  },
  "io.k8s.api.core.v1.NamespaceList": { f: { items: { i: { r: "io.k8s.api.core.v1.Namespace" } } } },
  "io.k8s.api.core.v1.NamespaceStatus": { f: { conditions: { s: "merge", k: ["type"] } } },
  "io.k8s.api.core.v1.Node": {
    f: {
      metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
      spec: { r: "io.k8s.api.core.v1.NodeSpec" },
      status: { r: "io.k8s.api.core.v1.NodeStatus" },
    },
  },
  "io.k8s.api.core.v1.NodeList": { f: { items: { i: { r: "io.k8s.api.core.v1.Node" } } } },
  "io.k8s.api.core.v1.NodeSpec": { f: { podCIDRs: { s: "merge" } } },
  "io.k8s.api.core.v1.NodeStatus": {
    f: { addresses: { s: "merge", k: ["type"] }, conditions: { s: "merge", k: ["type"] } },
  },
  "io.k8s.api.core.v1.PersistentVolume": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.core.v1.PersistentVolumeClaim": {
    f: {
      metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
      spec: { r: "io.k8s.api.core.v1.PersistentVolumeClaimSpec" },
      status: { r: "io.k8s.api.core.v1.PersistentVolumeClaimStatus" },
    },
  },
  "io.k8s.api.core.v1.PersistentVolumeClaimList": {
    f: { items: { i: { r: "io.k8s.api.core.v1.PersistentVolumeClaim" } } },
  },
  "io.k8s.api.core.v1.PersistentVolumeClaimSpec": {
    f: { selector: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector" } },
  },
  "io.k8s.api.core.v1.PersistentVolumeClaimStatus": { f: { conditions: { s: "merge", k: ["type"] } } },
  "io.k8s.api.core.v1.PersistentVolumeClaimTemplate": {
    f: {
      metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
      spec: { r: "io.k8s.api.core.v1.PersistentVolumeClaimSpec" },
    },
  },
  "io.k8s.api.core.v1.PersistentVolumeList": {
    f: { items: { i: { r: "io.k8s.api.core.v1.PersistentVolume" } } },
  },
  "io.k8s.api.core.v1.Pod": {
    f: {
      metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
      spec: { r: "io.k8s.api.core.v1.PodSpec" },
      status: { r: "io.k8s.api.core.v1.PodStatus" },
    },
  },
  "io.k8s.api.core.v1.PodAffinity": {
    f: {
      preferredDuringSchedulingIgnoredDuringExecution: {
        i: { r: "io.k8s.api.core.v1.WeightedPodAffinityTerm" },
      },
      requiredDuringSchedulingIgnoredDuringExecution: { i: { r: "io.k8s.api.core.v1.PodAffinityTerm" } },
    },
  },
  "io.k8s.api.core.v1.PodAffinityTerm": {
    f: {
      labelSelector: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector" },
      namespaceSelector: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector" },
    },
  },
  "io.k8s.api.core.v1.PodAntiAffinity": {
    f: {
      preferredDuringSchedulingIgnoredDuringExecution: {
        i: { r: "io.k8s.api.core.v1.WeightedPodAffinityTerm" },
      },
      requiredDuringSchedulingIgnoredDuringExecution: { i: { r: "io.k8s.api.core.v1.PodAffinityTerm" } },
    },
  },
  "io.k8s.api.core.v1.PodList": { f: { items: { i: { r: "io.k8s.api.core.v1.Pod" } } } },
  "io.k8s.api.core.v1.PodSpec": {
    f: {
      affinity: { r: "io.k8s.api.core.v1.Affinity" },
      containers: { i: { r: "io.k8s.api.core.v1.Container" }, s: "merge", k: ["name"] },
      ephemeralContainers: { i: { r: "io.k8s.api.core.v1.EphemeralContainer" }, s: "merge", k: ["name"] },
      hostAliases: { s: "merge", k: ["ip"] },
      imagePullSecrets: { s: "merge", k: ["name"] },
      initContainers: { i: { r: "io.k8s.api.core.v1.Container" }, s: "merge", k: ["name"] },
      topologySpreadConstraints: {
        i: { r: "io.k8s.api.core.v1.TopologySpreadConstraint" },
        s: "merge",
        k: ["topologyKey", "whenUnsatisfiable"],
      },
      volumes: { i: { r: "io.k8s.api.core.v1.Volume" }, s: "merge,retainKeys", k: ["name"] },
    },
  },
  "io.k8s.api.core.v1.PodStatus": {
    f: { conditions: { s: "merge", k: ["type"] }, podIPs: { s: "merge", k: ["ip"] } },
  },
  "io.k8s.api.core.v1.PodTemplate": {
    f: {
      metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
      template: { r: "io.k8s.api.core.v1.PodTemplateSpec" },
    },
  },
  "io.k8s.api.core.v1.PodTemplateList": { f: { items: { i: { r: "io.k8s.api.core.v1.PodTemplate" } } } },
  "io.k8s.api.core.v1.PodTemplateSpec": {
    f: {
      metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
      spec: { r: "io.k8s.api.core.v1.PodSpec" },
    },
  },
  "io.k8s.api.core.v1.ReplicationController": {
    f: {
      metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
      spec: { r: "io.k8s.api.core.v1.ReplicationControllerSpec" },
      status: { r: "io.k8s.api.core.v1.ReplicationControllerStatus" },
    },
  },
  "io.k8s.api.core.v1.ReplicationControllerList": {
    f: { items: { i: { r: "io.k8s.api.core.v1.ReplicationController" } } },
  },
  "io.k8s.api.core.v1.ReplicationControllerSpec": {
    f: { template: { r: "io.k8s.api.core.v1.PodTemplateSpec" } },
  },
  "io.k8s.api.core.v1.ReplicationControllerStatus": { f: { conditions: { s: "merge", k: ["type"] } } },
  "io.k8s.api.core.v1.ResourceQuota": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.core.v1.ResourceQuotaList": { f: { items: { i: { r: "io.k8s.api.core.v1.ResourceQuota" } } } },
  "io.k8s.api.core.v1.Secret": { f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } } },
  "io.k8s.api.core.v1.SecretList": { f: { items: { i: { r: "io.k8s.api.core.v1.Secret" } } } },
  "io.k8s.api.core.v1.Service": {
    f: {
      metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
      spec: { r: "io.k8s.api.core.v1.ServiceSpec" },
      status: { r: "io.k8s.api.core.v1.ServiceStatus" },
    },
  },
  "io.k8s.api.core.v1.ServiceAccount": {
    f: {
      metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
      secrets: { s: "merge", k: ["name"] },
    },
  },
  "io.k8s.api.core.v1.ServiceAccountList": {
    f: { items: { i: { r: "io.k8s.api.core.v1.ServiceAccount" } } },
  },
  "io.k8s.api.core.v1.ServiceList": { f: { items: { i: { r: "io.k8s.api.core.v1.Service" } } } },
  "io.k8s.api.core.v1.ServiceSpec": { f: { ports: { s: "merge", k: ["port", "protocol"] } } },
  "io.k8s.api.core.v1.ServiceStatus": { f: { conditions: { s: "merge", k: ["type"] } } },
  "io.k8s.api.core.v1.TopologySpreadConstraint": {
    f: { labelSelector: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector" } },
  },
  "io.k8s.api.core.v1.Volume": { f: { ephemeral: { r: "io.k8s.api.core.v1.EphemeralVolumeSource" } } },
  "io.k8s.api.core.v1.WeightedPodAffinityTerm": {
    f: { podAffinityTerm: { r: "io.k8s.api.core.v1.PodAffinityTerm" } },
  },
  "io.k8s.api.discovery.v1.EndpointSlice": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.discovery.v1.EndpointSliceList": {
    f: { items: { i: { r: "io.k8s.api.discovery.v1.EndpointSlice" } } },
  },
  "io.k8s.api.discovery.v1beta1.EndpointSlice": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.discovery.v1beta1.EndpointSliceList": {
    f: { items: { i: { r: "io.k8s.api.discovery.v1beta1.EndpointSlice" } } },
  },
  "io.k8s.api.events.v1.Event": { f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } } },
  "io.k8s.api.events.v1.EventList": { f: { items: { i: { r: "io.k8s.api.events.v1.Event" } } } },
  "io.k8s.api.events.v1beta1.Event": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.events.v1beta1.EventList": { f: { items: { i: { r: "io.k8s.api.events.v1beta1.Event" } } } },
  "io.k8s.api.extensions.v1beta1.Ingress": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.extensions.v1beta1.IngressList": {
    f: { items: { i: { r: "io.k8s.api.extensions.v1beta1.Ingress" } } },
  },
  "io.k8s.api.flowcontrol.v1beta1.FlowSchema": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.flowcontrol.v1beta1.FlowSchemaList": {
    f: { items: { i: { r: "io.k8s.api.flowcontrol.v1beta1.FlowSchema" } } },
  },
  "io.k8s.api.flowcontrol.v1beta1.PriorityLevelConfiguration": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.flowcontrol.v1beta1.PriorityLevelConfigurationList": {
    f: { items: { i: { r: "io.k8s.api.flowcontrol.v1beta1.PriorityLevelConfiguration" } } },
  },
  "io.k8s.api.networking.v1.Ingress": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.networking.v1.IngressClass": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.networking.v1.IngressClassList": {
    f: { items: { i: { r: "io.k8s.api.networking.v1.IngressClass" } } },
  },
  "io.k8s.api.networking.v1.IngressList": { f: { items: { i: { r: "io.k8s.api.networking.v1.Ingress" } } } },
  "io.k8s.api.networking.v1.NetworkPolicy": {
    f: {
      metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
      spec: { r: "io.k8s.api.networking.v1.NetworkPolicySpec" },
    },
  },
  "io.k8s.api.networking.v1.NetworkPolicyEgressRule": {
    f: { to: { i: { r: "io.k8s.api.networking.v1.NetworkPolicyPeer" } } },
  },
  "io.k8s.api.networking.v1.NetworkPolicyIngressRule": {
    f: { from: { i: { r: "io.k8s.api.networking.v1.NetworkPolicyPeer" } } },
  },
  "io.k8s.api.networking.v1.NetworkPolicyList": {
    f: { items: { i: { r: "io.k8s.api.networking.v1.NetworkPolicy" } } },
  },
  "io.k8s.api.networking.v1.NetworkPolicyPeer": {
    f: {
      namespaceSelector: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector" },
      podSelector: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector" },
    },
  },
  "io.k8s.api.networking.v1.NetworkPolicySpec": {
    f: {
      egress: { i: { r: "io.k8s.api.networking.v1.NetworkPolicyEgressRule" } },
      ingress: { i: { r: "io.k8s.api.networking.v1.NetworkPolicyIngressRule" } },
      podSelector: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector" },
    },
  },
  "io.k8s.api.networking.v1beta1.Ingress": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.networking.v1beta1.IngressClass": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.networking.v1beta1.IngressClassList": {
    f: { items: { i: { r: "io.k8s.api.networking.v1beta1.IngressClass" } } },
  },
  "io.k8s.api.networking.v1beta1.IngressList": {
    f: { items: { i: { r: "io.k8s.api.networking.v1beta1.Ingress" } } },
  },
  "io.k8s.api.node.v1.RuntimeClass": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.node.v1.RuntimeClassList": { f: { items: { i: { r: "io.k8s.api.node.v1.RuntimeClass" } } } },
  "io.k8s.api.node.v1beta1.RuntimeClass": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.node.v1beta1.RuntimeClassList": {
    f: { items: { i: { r: "io.k8s.api.node.v1beta1.RuntimeClass" } } },
  },
  "io.k8s.api.policy.v1.PodDisruptionBudget": {
    f: {
      metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
      spec: { r: "io.k8s.api.policy.v1.PodDisruptionBudgetSpec" },
      status: { r: "io.k8s.api.policy.v1.PodDisruptionBudgetStatus" },
    },
  },
  "io.k8s.api.policy.v1.PodDisruptionBudgetList": {
    f: { items: { i: { r: "io.k8s.api.policy.v1.PodDisruptionBudget" } } },
  },
  "io.k8s.api.policy.v1.PodDisruptionBudgetSpec": {
    f: { selector: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector" } },
  },
  "io.k8s.api.policy.v1.PodDisruptionBudgetStatus": { f: { conditions: { s: "merge", k: ["type"] } } },
  "io.k8s.api.policy.v1beta1.Eviction": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.policy.v1beta1.PodDisruptionBudget": {
    f: {
      metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
      spec: { r: "io.k8s.api.policy.v1beta1.PodDisruptionBudgetSpec" },
      status: { r: "io.k8s.api.policy.v1beta1.PodDisruptionBudgetStatus" },
    },
  },
  "io.k8s.api.policy.v1beta1.PodDisruptionBudgetList": {
    f: { items: { i: { r: "io.k8s.api.policy.v1beta1.PodDisruptionBudget" } } },
  },
  "io.k8s.api.policy.v1beta1.PodDisruptionBudgetSpec": {
    f: { selector: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector" } },
  },
  "io.k8s.api.policy.v1beta1.PodDisruptionBudgetStatus": { f: { conditions: { s: "merge", k: ["type"] } } },
  "io.k8s.api.policy.v1beta1.PodSecurityPolicy": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.policy.v1beta1.PodSecurityPolicyList": {
    f: { items: { i: { r: "io.k8s.api.policy.v1beta1.PodSecurityPolicy" } } },
  },
  "io.k8s.api.rbac.v1.AggregationRule": {
    f: { clusterRoleSelectors: { i: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector" } } },
  },
  "io.k8s.api.rbac.v1.ClusterRole": {
    f: {
      aggregationRule: { r: "io.k8s.api.rbac.v1.AggregationRule" },
      metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
    },
  },
  "io.k8s.api.rbac.v1.ClusterRoleBinding": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.rbac.v1.ClusterRoleBindingList": {
    f: { items: { i: { r: "io.k8s.api.rbac.v1.ClusterRoleBinding" } } },
  },
  "io.k8s.api.rbac.v1.ClusterRoleList": { f: { items: { i: { r: "io.k8s.api.rbac.v1.ClusterRole" } } } },
  "io.k8s.api.rbac.v1.Role": { f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } } },
  "io.k8s.api.rbac.v1.RoleBinding": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.rbac.v1.RoleBindingList": { f: { items: { i: { r: "io.k8s.api.rbac.v1.RoleBinding" } } } },
  "io.k8s.api.rbac.v1.RoleList": { f: { items: { i: { r: "io.k8s.api.rbac.v1.Role" } } } },
  "io.k8s.api.rbac.v1beta1.AggregationRule": {
    f: { clusterRoleSelectors: { i: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector" } } },
  },
  "io.k8s.api.rbac.v1beta1.ClusterRole": {
    f: {
      aggregationRule: { r: "io.k8s.api.rbac.v1beta1.AggregationRule" },
      metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
    },
  },
  "io.k8s.api.rbac.v1beta1.ClusterRoleBinding": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.rbac.v1beta1.ClusterRoleBindingList": {
    f: { items: { i: { r: "io.k8s.api.rbac.v1beta1.ClusterRoleBinding" } } },
  },
  "io.k8s.api.rbac.v1beta1.ClusterRoleList": {
    f: { items: { i: { r: "io.k8s.api.rbac.v1beta1.ClusterRole" } } },
  },
  "io.k8s.api.rbac.v1beta1.Role": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.rbac.v1beta1.RoleBinding": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.rbac.v1beta1.RoleBindingList": {
    f: { items: { i: { r: "io.k8s.api.rbac.v1beta1.RoleBinding" } } },
  },
  "io.k8s.api.rbac.v1beta1.RoleList": { f: { items: { i: { r: "io.k8s.api.rbac.v1beta1.Role" } } } },
  "io.k8s.api.scheduling.v1.PriorityClass": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.scheduling.v1.PriorityClassList": {
    f: { items: { i: { r: "io.k8s.api.scheduling.v1.PriorityClass" } } },
  },
  "io.k8s.api.scheduling.v1beta1.PriorityClass": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.scheduling.v1beta1.PriorityClassList": {
    f: { items: { i: { r: "io.k8s.api.scheduling.v1beta1.PriorityClass" } } },
  },
  "io.k8s.api.storage.v1.CSIDriver": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.storage.v1.CSIDriverList": { f: { items: { i: { r: "io.k8s.api.storage.v1.CSIDriver" } } } },
  "io.k8s.api.storage.v1.CSINode": {
    f: {
      metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
      spec: { r: "io.k8s.api.storage.v1.CSINodeSpec" },
    },
  },
  "io.k8s.api.storage.v1.CSINodeList": { f: { items: { i: { r: "io.k8s.api.storage.v1.CSINode" } } } },
  "io.k8s.api.storage.v1.CSINodeSpec": { f: { drivers: { s: "merge", k: ["name"] } } },
  "io.k8s.api.storage.v1.StorageClass": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.storage.v1.StorageClassList": {
    f: { items: { i: { r: "io.k8s.api.storage.v1.StorageClass" } } },
  },
  "io.k8s.api.storage.v1.VolumeAttachment": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.storage.v1.VolumeAttachmentList": {
    f: { items: { i: { r: "io.k8s.api.storage.v1.VolumeAttachment" } } },
  },
  "io.k8s.api.storage.v1beta1.CSIDriver": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.storage.v1beta1.CSIDriverList": {
    f: { items: { i: { r: "io.k8s.api.storage.v1beta1.CSIDriver" } } },
  },
  "io.k8s.api.storage.v1beta1.CSINode": {
    f: {
      metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
      spec: { r: "io.k8s.api.storage.v1beta1.CSINodeSpec" },
    },
  },
  "io.k8s.api.storage.v1beta1.CSINodeList": {
    f: { items: { i: { r: "io.k8s.api.storage.v1beta1.CSINode" } } },
  },
  "io.k8s.api.storage.v1beta1.CSINodeSpec": { f: { drivers: { s: "merge", k: ["name"] } } },
  "io.k8s.api.storage.v1beta1.CSIStorageCapacity": {
    f: {
      metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
      nodeTopology: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector" },
    },
  },
  "io.k8s.api.storage.v1beta1.CSIStorageCapacityList": {
    f: { items: { i: { r: "io.k8s.api.storage.v1beta1.CSIStorageCapacity" } } },
  },
  "io.k8s.api.storage.v1beta1.StorageClass": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.storage.v1beta1.StorageClassList": {
    f: { items: { i: { r: "io.k8s.api.storage.v1beta1.StorageClass" } } },
  },
  "io.k8s.api.storage.v1beta1.VolumeAttachment": {
    f: { metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } },
  },
  "io.k8s.api.storage.v1beta1.VolumeAttachmentList": {
    f: { items: { i: { r: "io.k8s.api.storage.v1beta1.VolumeAttachment" } } },
  },
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition": {
    f: {
      metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
      spec: { r: "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionSpec" },
    },
  },
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionList": {
    f: {
      items: {
        i: { r: "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition" },
      },
    },
  },
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionSpec": {
    f: {
      versions: {
        i: { r: "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionVersion" },
      },
    },
  },
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionVersion": {
    f: { schema: { r: "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceValidation" } },
  },
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceValidation": {
    f: { openAPIV3Schema: { r: "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps" } },
  },
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps": {
    f: {
      allOf: { i: { r: "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps" } },
      anyOf: { i: { r: "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps" } },
      definitions: { a: { r: "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps" } },
      not: { r: "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps" },
      oneOf: { i: { r: "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps" } },
      patternProperties: {
        a: { r: "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps" },
      },
      properties: { a: { r: "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps" } },
    },
  },
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1beta1.CustomResourceDefinition": {
    f: {
      metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
      spec: {
        r: "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1beta1.CustomResourceDefinitionSpec",
      },
    },
  },
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1beta1.CustomResourceDefinitionList": {
    f: {
      items: {
        i: { r: "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1beta1.CustomResourceDefinition" },
      },
    },
  },
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1beta1.CustomResourceDefinitionSpec": {
    f: {
      validation: {
        r: "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1beta1.CustomResourceValidation",
      },
      versions: {
        i: {
          r: "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1beta1.CustomResourceDefinitionVersion",
        },
      },
    },
  },
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1beta1.CustomResourceDefinitionVersion": {
    f: {
      schema: { r: "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1beta1.CustomResourceValidation" },
    },
  },
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1beta1.CustomResourceValidation": {
    f: {
      openAPIV3Schema: { r: "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1beta1.JSONSchemaProps" },
    },
  },
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1beta1.JSONSchemaProps": {
    f: {
      allOf: { i: { r: "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1beta1.JSONSchemaProps" } },
      anyOf: { i: { r: "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1beta1.JSONSchemaProps" } },
      definitions: {
        a: { r: "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1beta1.JSONSchemaProps" },
      },
      not: { r: "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1beta1.JSONSchemaProps" },
      oneOf: { i: { r: "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1beta1.JSONSchemaProps" } },
      patternProperties: {
        a: { r: "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1beta1.JSONSchemaProps" },
      },
      properties: {
        a: { r: "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1beta1.JSONSchemaProps" },
      },
    },
  },
  "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector": {
    f: { matchExpressions: { i: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement" } } },
  },
  "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement": { f: { key: { s: "merge", k: ["key"] } } },
  "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta": {
    f: { finalizers: { s: "merge" }, ownerReferences: { s: "merge", k: ["uid"] } },
  },
  "io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIService": {
    f: {
      metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
      status: { r: "io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIServiceStatus" },
    },
  },
  "io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIServiceList": {
    f: { items: { i: { r: "io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIService" } } },
  },
  "io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIServiceStatus": {
    f: { conditions: { s: "merge", k: ["type"] } },
  },
  "io.k8s.kube-aggregator.pkg.apis.apiregistration.v1beta1.APIService": {
    f: {
      metadata: { r: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
      status: { r: "io.k8s.kube-aggregator.pkg.apis.apiregistration.v1beta1.APIServiceStatus" },
    },
  },
  "io.k8s.kube-aggregator.pkg.apis.apiregistration.v1beta1.APIServiceList": {
    f: { items: { i: { r: "io.k8s.kube-aggregator.pkg.apis.apiregistration.v1beta1.APIService" } } },
  },
  "io.k8s.kube-aggregator.pkg.apis.apiregistration.v1beta1.APIServiceStatus": {
    f: { conditions: { s: "merge", k: ["type"] } },
  },
};

/** The definition of each resource type, by `apiVersion|kind`. */
export const RESOURCE_TYPES: Record<string, string> = {
  "admissionregistration.k8s.io/v1beta1|MutatingWebhookConfiguration":
    "io.k8s.api.admissionregistration.v1beta1.MutatingWebhookConfiguration",
  "admissionregistration.k8s.io/v1beta1|MutatingWebhookConfigurationList":
    "io.k8s.api.admissionregistration.v1beta1.MutatingWebhookConfigurationList",
  "admissionregistration.k8s.io/v1beta1|ValidatingWebhookConfiguration":
    "io.k8s.api.admissionregistration.v1beta1.ValidatingWebhookConfiguration",
  "admissionregistration.k8s.io/v1beta1|ValidatingWebhookConfigurationList":
    "io.k8s.api.admissionregistration.v1beta1.ValidatingWebhookConfigurationList",
  "admissionregistration.k8s.io/v1|MutatingWebhookConfiguration":
    "io.k8s.api.admissionregistration.v1.MutatingWebhookConfiguration",
  "admissionregistration.k8s.io/v1|MutatingWebhookConfigurationList":
    "io.k8s.api.admissionregistration.v1.MutatingWebhookConfigurationList",
  "admissionregistration.k8s.io/v1|ValidatingWebhookConfiguration":
    "io.k8s.api.admissionregistration.v1.ValidatingWebhookConfiguration",
  "admissionregistration.k8s.io/v1|ValidatingWebhookConfigurationList":
    "io.k8s.api.admissionregistration.v1.ValidatingWebhookConfigurationList",
  "apiextensions.k8s.io/v1beta1|CustomResourceDefinition":
    "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1beta1.CustomResourceDefinition",
  "apiextensions.k8s.io/v1beta1|CustomResourceDefinitionList":
    "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1beta1.CustomResourceDefinitionList",
  "apiextensions.k8s.io/v1|CustomResourceDefinition":
    "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition",
  "apiextensions.k8s.io/v1|CustomResourceDefinitionList":
    "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionList",
  "apiregistration.k8s.io/v1beta1|APIService":
    "io.k8s.kube-aggregator.pkg.apis.apiregistration.v1beta1.APIService",
  "apiregistration.k8s.io/v1beta1|APIServiceList":
    "io.k8s.kube-aggregator.pkg.apis.apiregistration.v1beta1.APIServiceList",
  "apiregistration.k8s.io/v1|APIService": "io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIService",
  "apiregistration.k8s.io/v1|APIServiceList":
    "io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIServiceList",
  "apps/v1|ControllerRevision": "io.k8s.api.apps.v1.ControllerRevision",
  "apps/v1|ControllerRevisionList": "io.k8s.api.apps.v1.ControllerRevisionList",
  "apps/v1|DaemonSet": "io.k8s.api.apps.v1.DaemonSet",
  "apps/v1|DaemonSetList": "io.k8s.api.apps.v1.DaemonSetList",
  "apps/v1|Deployment": "io.k8s.api.apps.v1.Deployment",
  "apps/v1|DeploymentList": "io.k8s.api.apps.v1.DeploymentList",
  "apps/v1|ReplicaSet": "io.k8s.api.apps.v1.ReplicaSet",
  "apps/v1|ReplicaSetList": "io.k8s.api.apps.v1.ReplicaSetList",
  "apps/v1|StatefulSet": "io.k8s.api.apps.v1.StatefulSet",
  "apps/v1|StatefulSetList": "io.k8s.api.apps.v1.StatefulSetList",
  "authentication.k8s.io/v1beta1|TokenReview": "io.k8s.api.authentication.v1beta1.TokenReview",
  "authentication.k8s.io/v1|TokenRequest": "io.k8s.api.authentication.v1.TokenRequest",
  "authentication.k8s.io/v1|TokenReview": "io.k8s.api.authentication.v1.TokenReview",
  "authorization.k8s.io/v1beta1|LocalSubjectAccessReview":
    "io.k8s.api.authorization.v1beta1.LocalSubjectAccessReview",
  "authorization.k8s.io/v1beta1|SelfSubjectAccessReview":
    "io.k8s.api.authorization.v1beta1.SelfSubjectAccessReview",
  "authorization.k8s.io/v1beta1|SelfSubjectRulesReview":
    "io.k8s.api.authorization.v1beta1.SelfSubjectRulesReview",
  "authorization.k8s.io/v1beta1|SubjectAccessReview": "io.k8s.api.authorization.v1beta1.SubjectAccessReview",
  "authorization.k8s.io/v1|LocalSubjectAccessReview": "io.k8s.api.authorization.v1.LocalSubjectAccessReview",
  "authorization.k8s.io/v1|SelfSubjectAccessReview": "io.k8s.api.authorization.v1.SelfSubjectAccessReview",
  "authorization.k8s.io/v1|SelfSubjectRulesReview": "io.k8s.api.authorization.v1.SelfSubjectRulesReview",
  "authorization.k8s.io/v1|SubjectAccessReview": "io.k8s.api.authorization.v1.SubjectAccessReview",
  "autoscaling/v1|HorizontalPodAutoscaler": "io.k8s.api.autoscaling.v1.HorizontalPodAutoscaler",
  "autoscaling/v1|HorizontalPodAutoscalerList": "io.k8s.api.autoscaling.v1.HorizontalPodAutoscalerList",
  "autoscaling/v1|Scale": "io.k8s.api.autoscaling.v1.Scale",
  "autoscaling/v2beta1|HorizontalPodAutoscaler": "io.k8s.api.autoscaling.v2beta1.HorizontalPodAutoscaler",
  "autoscaling/v2beta1|HorizontalPodAutoscalerList":
    "io.k8s.api.autoscaling.v2beta1.HorizontalPodAutoscalerList",
  "autoscaling/v2beta2|HorizontalPodAutoscaler": "io.k8s.api.autoscaling.v2beta2.HorizontalPodAutoscaler",
  "autoscaling/v2beta2|HorizontalPodAutoscalerList":
    "io.k8s.api.autoscaling.v2beta2.HorizontalPodAutoscalerList",
  "batch/v1beta1|CronJob": "io.k8s.api.batch.v1beta1.CronJob",
  "batch/v1beta1|CronJobList": "io.k8s.api.batch.v1beta1.CronJobList",
  "batch/v1|CronJob": "io.k8s.api.batch.v1.CronJob",
  "batch/v1|CronJobList": "io.k8s.api.batch.v1.CronJobList",
  "batch/v1|Job": "io.k8s.api.batch.v1.Job",
  "batch/v1|JobList": "io.k8s.api.batch.v1.JobList",
  "certificates.k8s.io/v1beta1|CertificateSigningRequest":
    "io.k8s.api.certificates.v1beta1.CertificateSigningRequest",
  "certificates.k8s.io/v1beta1|CertificateSigningRequestList":
    "io.k8s.api.certificates.v1beta1.CertificateSigningRequestList",
  "certificates.k8s.io/v1|CertificateSigningRequest": "io.k8s.api.certificates.v1.CertificateSigningRequest",
  "certificates.k8s.io/v1|CertificateSigningRequestList":
    "io.k8s.api.certificates.v1.CertificateSigningRequestList",
  "coordination.k8s.io/v1beta1|Lease": "io.k8s.api.coordination.v1beta1.Lease",
  "coordination.k8s.io/v1beta1|LeaseList": "io.k8s.api.coordination.v1beta1.LeaseList",
  "coordination.k8s.io/v1|Lease": "io.k8s.api.coordination.v1.Lease",
  "coordination.k8s.io/v1|LeaseList": "io.k8s.api.coordination.v1.LeaseList",
  "discovery.k8s.io/v1beta1|EndpointSlice": "io.k8s.api.discovery.v1beta1.EndpointSlice",
  "discovery.k8s.io/v1beta1|EndpointSliceList": "io.k8s.api.discovery.v1beta1.EndpointSliceList",
  "discovery.k8s.io/v1|EndpointSlice": "io.k8s.api.discovery.v1.EndpointSlice",
  "discovery.k8s.io/v1|EndpointSliceList": "io.k8s.api.discovery.v1.EndpointSliceList",
  "events.k8s.io/v1beta1|Event": "io.k8s.api.events.v1beta1.Event",
  "events.k8s.io/v1beta1|EventList": "io.k8s.api.events.v1beta1.EventList",
  "events.k8s.io/v1|Event": "io.k8s.api.events.v1.Event",
  "events.k8s.io/v1|EventList": "io.k8s.api.events.v1.EventList",
  "extensions/v1beta1|Ingress": "io.k8s.api.extensions.v1beta1.Ingress",
  "extensions/v1beta1|IngressList": "io.k8s.api.extensions.v1beta1.IngressList",
  "flowcontrol.apiserver.k8s.io/v1beta1|FlowSchema": "io.k8s.api.flowcontrol.v1beta1.FlowSchema",
  "flowcontrol.apiserver.k8s.io/v1beta1|FlowSchemaList": "io.k8s.api.flowcontrol.v1beta1.FlowSchemaList",
  "flowcontrol.apiserver.k8s.io/v1beta1|PriorityLevelConfiguration":
    "io.k8s.api.flowcontrol.v1beta1.PriorityLevelConfiguration",
  "flowcontrol.apiserver.k8s.io/v1beta1|PriorityLevelConfigurationList":
    "io.k8s.api.flowcontrol.v1beta1.PriorityLevelConfigurationList",
  "kustomize.config.k8s.io/v1beta1|Kustomization": "io.k8s.api.apps.v1.Kustomization",
  "networking.k8s.io/v1beta1|Ingress": "io.k8s.api.networking.v1beta1.Ingress",
  "networking.k8s.io/v1beta1|IngressClass": "io.k8s.api.networking.v1beta1.IngressClass",
  "networking.k8s.io/v1beta1|IngressClassList": "io.k8s.api.networking.v1beta1.IngressClassList",
  "networking.k8s.io/v1beta1|IngressList": "io.k8s.api.networking.v1beta1.IngressList",
  "networking.k8s.io/v1|Ingress": "io.k8s.api.networking.v1.Ingress",
  "networking.k8s.io/v1|IngressClass": "io.k8s.api.networking.v1.IngressClass",
  "networking.k8s.io/v1|IngressClassList": "io.k8s.api.networking.v1.IngressClassList",
  "networking.k8s.io/v1|IngressList": "io.k8s.api.networking.v1.IngressList",
  "networking.k8s.io/v1|NetworkPolicy": "io.k8s.api.networking.v1.NetworkPolicy",
  "networking.k8s.io/v1|NetworkPolicyList": "io.k8s.api.networking.v1.NetworkPolicyList",
  "node.k8s.io/v1beta1|RuntimeClass": "io.k8s.api.node.v1beta1.RuntimeClass",
  "node.k8s.io/v1beta1|RuntimeClassList": "io.k8s.api.node.v1beta1.RuntimeClassList",
  "node.k8s.io/v1|RuntimeClass": "io.k8s.api.node.v1.RuntimeClass",
  "node.k8s.io/v1|RuntimeClassList": "io.k8s.api.node.v1.RuntimeClassList",
  "policy/v1beta1|Eviction": "io.k8s.api.policy.v1beta1.Eviction",
  "policy/v1beta1|PodDisruptionBudget": "io.k8s.api.policy.v1beta1.PodDisruptionBudget",
  "policy/v1beta1|PodDisruptionBudgetList": "io.k8s.api.policy.v1beta1.PodDisruptionBudgetList",
  "policy/v1beta1|PodSecurityPolicy": "io.k8s.api.policy.v1beta1.PodSecurityPolicy",
  "policy/v1beta1|PodSecurityPolicyList": "io.k8s.api.policy.v1beta1.PodSecurityPolicyList",
  "policy/v1|PodDisruptionBudget": "io.k8s.api.policy.v1.PodDisruptionBudget",
  "policy/v1|PodDisruptionBudgetList": "io.k8s.api.policy.v1.PodDisruptionBudgetList",
  "rbac.authorization.k8s.io/v1beta1|ClusterRole": "io.k8s.api.rbac.v1beta1.ClusterRole",
  "rbac.authorization.k8s.io/v1beta1|ClusterRoleBinding": "io.k8s.api.rbac.v1beta1.ClusterRoleBinding",
  "rbac.authorization.k8s.io/v1beta1|ClusterRoleBindingList":
    "io.k8s.api.rbac.v1beta1.ClusterRoleBindingList",
  "rbac.authorization.k8s.io/v1beta1|ClusterRoleList": "io.k8s.api.rbac.v1beta1.ClusterRoleList",
  "rbac.authorization.k8s.io/v1beta1|Role": "io.k8s.api.rbac.v1beta1.Role",
  "rbac.authorization.k8s.io/v1beta1|RoleBinding": "io.k8s.api.rbac.v1beta1.RoleBinding",
  "rbac.authorization.k8s.io/v1beta1|RoleBindingList": "io.k8s.api.rbac.v1beta1.RoleBindingList",
  "rbac.authorization.k8s.io/v1beta1|RoleList": "io.k8s.api.rbac.v1beta1.RoleList",
  "rbac.authorization.k8s.io/v1|ClusterRole": "io.k8s.api.rbac.v1.ClusterRole",
  "rbac.authorization.k8s.io/v1|ClusterRoleBinding": "io.k8s.api.rbac.v1.ClusterRoleBinding",
  "rbac.authorization.k8s.io/v1|ClusterRoleBindingList": "io.k8s.api.rbac.v1.ClusterRoleBindingList",
  "rbac.authorization.k8s.io/v1|ClusterRoleList": "io.k8s.api.rbac.v1.ClusterRoleList",
  "rbac.authorization.k8s.io/v1|Role": "io.k8s.api.rbac.v1.Role",
  "rbac.authorization.k8s.io/v1|RoleBinding": "io.k8s.api.rbac.v1.RoleBinding",
  "rbac.authorization.k8s.io/v1|RoleBindingList": "io.k8s.api.rbac.v1.RoleBindingList",
  "rbac.authorization.k8s.io/v1|RoleList": "io.k8s.api.rbac.v1.RoleList",
  "scheduling.k8s.io/v1beta1|PriorityClass": "io.k8s.api.scheduling.v1beta1.PriorityClass",
  "scheduling.k8s.io/v1beta1|PriorityClassList": "io.k8s.api.scheduling.v1beta1.PriorityClassList",
  "scheduling.k8s.io/v1|PriorityClass": "io.k8s.api.scheduling.v1.PriorityClass",
  "scheduling.k8s.io/v1|PriorityClassList": "io.k8s.api.scheduling.v1.PriorityClassList",
  "storage.k8s.io/v1beta1|CSIDriver": "io.k8s.api.storage.v1beta1.CSIDriver",
  "storage.k8s.io/v1beta1|CSIDriverList": "io.k8s.api.storage.v1beta1.CSIDriverList",
  "storage.k8s.io/v1beta1|CSINode": "io.k8s.api.storage.v1beta1.CSINode",
  "storage.k8s.io/v1beta1|CSINodeList": "io.k8s.api.storage.v1beta1.CSINodeList",
  "storage.k8s.io/v1beta1|CSIStorageCapacity": "io.k8s.api.storage.v1beta1.CSIStorageCapacity",
  "storage.k8s.io/v1beta1|CSIStorageCapacityList": "io.k8s.api.storage.v1beta1.CSIStorageCapacityList",
  "storage.k8s.io/v1beta1|StorageClass": "io.k8s.api.storage.v1beta1.StorageClass",
  "storage.k8s.io/v1beta1|StorageClassList": "io.k8s.api.storage.v1beta1.StorageClassList",
  "storage.k8s.io/v1beta1|VolumeAttachment": "io.k8s.api.storage.v1beta1.VolumeAttachment",
  "storage.k8s.io/v1beta1|VolumeAttachmentList": "io.k8s.api.storage.v1beta1.VolumeAttachmentList",
  "storage.k8s.io/v1|CSIDriver": "io.k8s.api.storage.v1.CSIDriver",
  "storage.k8s.io/v1|CSIDriverList": "io.k8s.api.storage.v1.CSIDriverList",
  "storage.k8s.io/v1|CSINode": "io.k8s.api.storage.v1.CSINode",
  "storage.k8s.io/v1|CSINodeList": "io.k8s.api.storage.v1.CSINodeList",
  "storage.k8s.io/v1|StorageClass": "io.k8s.api.storage.v1.StorageClass",
  "storage.k8s.io/v1|StorageClassList": "io.k8s.api.storage.v1.StorageClassList",
  "storage.k8s.io/v1|VolumeAttachment": "io.k8s.api.storage.v1.VolumeAttachment",
  "storage.k8s.io/v1|VolumeAttachmentList": "io.k8s.api.storage.v1.VolumeAttachmentList",
  "v1|Binding": "io.k8s.api.core.v1.Binding",
  "v1|ComponentStatus": "io.k8s.api.core.v1.ComponentStatus",
  "v1|ComponentStatusList": "io.k8s.api.core.v1.ComponentStatusList",
  "v1|ConfigMap": "io.k8s.api.core.v1.ConfigMap",
  "v1|ConfigMapList": "io.k8s.api.core.v1.ConfigMapList",
  "v1|Endpoints": "io.k8s.api.core.v1.Endpoints",
  "v1|EndpointsList": "io.k8s.api.core.v1.EndpointsList",
  "v1|Event": "io.k8s.api.core.v1.Event",
  "v1|EventList": "io.k8s.api.core.v1.EventList",
  "v1|LimitRange": "io.k8s.api.core.v1.LimitRange",
  "v1|LimitRangeList": "io.k8s.api.core.v1.LimitRangeList",
  "v1|Namespace": "io.k8s.api.core.v1.Namespace",
  "v1|NamespaceList": "io.k8s.api.core.v1.NamespaceList",
  "v1|Node": "io.k8s.api.core.v1.Node",
  "v1|NodeList": "io.k8s.api.core.v1.NodeList",
  "v1|PersistentVolume": "io.k8s.api.core.v1.PersistentVolume",
  "v1|PersistentVolumeClaim": "io.k8s.api.core.v1.PersistentVolumeClaim",
  "v1|PersistentVolumeClaimList": "io.k8s.api.core.v1.PersistentVolumeClaimList",
  "v1|PersistentVolumeList": "io.k8s.api.core.v1.PersistentVolumeList",
  "v1|Pod": "io.k8s.api.core.v1.Pod",
  "v1|PodList": "io.k8s.api.core.v1.PodList",
  "v1|PodTemplate": "io.k8s.api.core.v1.PodTemplate",
  "v1|PodTemplateList": "io.k8s.api.core.v1.PodTemplateList",
  "v1|ReplicationController": "io.k8s.api.core.v1.ReplicationController",
  "v1|ReplicationControllerList": "io.k8s.api.core.v1.ReplicationControllerList",
  "v1|ResourceQuota": "io.k8s.api.core.v1.ResourceQuota",
  "v1|ResourceQuotaList": "io.k8s.api.core.v1.ResourceQuotaList",
  "v1|Secret": "io.k8s.api.core.v1.Secret",
  "v1|SecretList": "io.k8s.api.core.v1.SecretList",
  "v1|Service": "io.k8s.api.core.v1.Service",
  "v1|ServiceAccount": "io.k8s.api.core.v1.ServiceAccount",
  "v1|ServiceAccountList": "io.k8s.api.core.v1.ServiceAccountList",
  "v1|ServiceList": "io.k8s.api.core.v1.ServiceList",
};

/** Resource types kustomize knows to be cluster-scoped, as `apiVersion|kind`; every other type is namespaced. */
export const CLUSTER_SCOPED_TYPES: readonly string[] = [
  "admissionregistration.k8s.io/v1beta1|MutatingWebhookConfiguration",
  "admissionregistration.k8s.io/v1beta1|ValidatingWebhookConfiguration",
  "admissionregistration.k8s.io/v1|MutatingWebhookConfiguration",
  "admissionregistration.k8s.io/v1|ValidatingWebhookConfiguration",
  "apiextensions.k8s.io/v1beta1|CustomResourceDefinition",
  "apiextensions.k8s.io/v1|CustomResourceDefinition",
  "apiregistration.k8s.io/v1beta1|APIService",
  "apiregistration.k8s.io/v1|APIService",
  "certificates.k8s.io/v1beta1|CertificateSigningRequest",
  "certificates.k8s.io/v1|CertificateSigningRequest",
  "flowcontrol.apiserver.k8s.io/v1beta1|FlowSchema",
  "flowcontrol.apiserver.k8s.io/v1beta1|PriorityLevelConfiguration",
  "networking.k8s.io/v1beta1|IngressClass",
  "networking.k8s.io/v1|IngressClass",
  "node.k8s.io/v1beta1|RuntimeClass",
  "node.k8s.io/v1|RuntimeClass",
  "policy/v1beta1|PodSecurityPolicy",
  "rbac.authorization.k8s.io/v1beta1|ClusterRole",
  "rbac.authorization.k8s.io/v1beta1|ClusterRoleBinding",
  "rbac.authorization.k8s.io/v1|ClusterRole",
  "rbac.authorization.k8s.io/v1|ClusterRoleBinding",
  "scheduling.k8s.io/v1beta1|PriorityClass",
  "scheduling.k8s.io/v1|PriorityClass",
  "storage.k8s.io/v1beta1|CSIDriver",
  "storage.k8s.io/v1beta1|CSINode",
  "storage.k8s.io/v1beta1|StorageClass",
  "storage.k8s.io/v1beta1|VolumeAttachment",
  "storage.k8s.io/v1|CSIDriver",
  "storage.k8s.io/v1|CSINode",
  "storage.k8s.io/v1|StorageClass",
  "storage.k8s.io/v1|VolumeAttachment",
  "v1|ComponentStatus",
  "v1|Namespace",
  "v1|Node",
  "v1|PersistentVolume",
];

/** A builtin transformer's field: `path` (`/`-separated, `[]` marks a list) in objects of group/version/kind. */
export interface DefaultFieldSpec {
  path: string;
  group?: string;
  version?: string;
  kind?: string;
  create?: boolean;
}

/** The builtin transformers' default field specs (api/internal/konfig/builtinpluginconsts), by section. */
export const DEFAULT_FIELD_SPECS: {
  commonAnnotations: DefaultFieldSpec[];
  commonLabels: DefaultFieldSpec[];
  templateLabels: DefaultFieldSpec[];
  images: DefaultFieldSpec[];
  replicas: DefaultFieldSpec[];
  namespace: DefaultFieldSpec[];
  namePrefix: DefaultFieldSpec[];
  nameSuffix: DefaultFieldSpec[];
  nameReference: { group?: string; version?: string; kind: string; fieldSpecs: DefaultFieldSpec[] }[];
} = {
  commonAnnotations: [
    { create: true, path: "metadata/annotations" },
    {
      create: true,
      kind: "ReplicationController",
      path: "spec/template/metadata/annotations",
      version: "v1",
    },
    { create: true, kind: "Deployment", path: "spec/template/metadata/annotations" },
    { create: true, kind: "ReplicaSet", path: "spec/template/metadata/annotations" },
    { create: true, kind: "DaemonSet", path: "spec/template/metadata/annotations" },
    { create: true, kind: "StatefulSet", path: "spec/template/metadata/annotations" },
    { create: true, group: "batch", kind: "Job", path: "spec/template/metadata/annotations" },
    { create: true, group: "batch", kind: "CronJob", path: "spec/jobTemplate/metadata/annotations" },
    {
      create: true,
      group: "batch",
      kind: "CronJob",
      path: "spec/jobTemplate/spec/template/metadata/annotations",
    },
  ],
  commonLabels: [
    { create: true, kind: "Service", path: "spec/selector", version: "v1" },
    { create: true, kind: "ReplicationController", path: "spec/selector", version: "v1" },
    { create: true, kind: "Deployment", path: "spec/selector/matchLabels" },
    {
      create: false,
      group: "apps",
      kind: "Deployment",
      path: "spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
    },
    {
      create: false,
      group: "apps",
      kind: "Deployment",
      path: "spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
    },
    {
      create: false,
      group: "apps",
      kind: "Deployment",
      path: "spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
    },
    {
      create: false,
      group: "apps",
      kind: "Deployment",
      path: "spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
    },
    {
      create: false,
      group: "apps",
      kind: "Deployment",
      path: "spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels",
    },
    { create: true, kind: "ReplicaSet", path: "spec/selector/matchLabels" },
    { create: true, kind: "DaemonSet", path: "spec/selector/matchLabels" },
    { create: true, group: "apps", kind: "StatefulSet", path: "spec/selector/matchLabels" },
    {
      create: false,
      group: "apps",
      kind: "StatefulSet",
      path: "spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
    },
    {
      create: false,
      group: "apps",
      kind: "StatefulSet",
      path: "spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
    },
    {
      create: false,
      group: "apps",
      kind: "StatefulSet",
      path: "spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
    },
    {
      create: false,
      group: "apps",
      kind: "StatefulSet",
      path: "spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
    },
    {
      create: false,
      group: "apps",
      kind: "StatefulSet",
      path: "spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels",
    },
    { create: false, group: "batch", kind: "Job", path: "spec/selector/matchLabels" },
    { create: false, group: "batch", kind: "CronJob", path: "spec/jobTemplate/spec/selector/matchLabels" },
    { create: false, group: "policy", kind: "PodDisruptionBudget", path: "spec/selector/matchLabels" },
    {
      create: false,
      group: "networking.k8s.io",
      kind: "NetworkPolicy",
      path: "spec/podSelector/matchLabels",
    },
    {
      create: false,
      group: "networking.k8s.io",
      kind: "NetworkPolicy",
      path: "spec/ingress/from/podSelector/matchLabels",
    },
    {
      create: false,
      group: "networking.k8s.io",
      kind: "NetworkPolicy",
      path: "spec/egress/to/podSelector/matchLabels",
    },
    { create: true, path: "metadata/labels" },
    { create: true, kind: "ReplicationController", path: "spec/template/metadata/labels", version: "v1" },
    { create: true, kind: "Deployment", path: "spec/template/metadata/labels" },
    { create: true, kind: "ReplicaSet", path: "spec/template/metadata/labels" },
    { create: true, kind: "DaemonSet", path: "spec/template/metadata/labels" },
    { create: true, group: "apps", kind: "StatefulSet", path: "spec/template/metadata/labels" },
    { create: true, group: "apps", kind: "StatefulSet", path: "spec/volumeClaimTemplates[]/metadata/labels" },
    { create: true, group: "batch", kind: "Job", path: "spec/template/metadata/labels" },
    { create: true, group: "batch", kind: "CronJob", path: "spec/jobTemplate/metadata/labels" },
    { create: true, group: "batch", kind: "CronJob", path: "spec/jobTemplate/spec/template/metadata/labels" },
  ],
  templateLabels: [
    { create: true, path: "metadata/labels" },
    { create: true, kind: "ReplicationController", path: "spec/template/metadata/labels", version: "v1" },
    { create: true, kind: "Deployment", path: "spec/template/metadata/labels" },
    { create: true, kind: "ReplicaSet", path: "spec/template/metadata/labels" },
    { create: true, kind: "DaemonSet", path: "spec/template/metadata/labels" },
    { create: true, group: "apps", kind: "StatefulSet", path: "spec/template/metadata/labels" },
    { create: true, group: "apps", kind: "StatefulSet", path: "spec/volumeClaimTemplates[]/metadata/labels" },
    { create: true, group: "batch", kind: "Job", path: "spec/template/metadata/labels" },
    { create: true, group: "batch", kind: "CronJob", path: "spec/jobTemplate/metadata/labels" },
    { create: true, group: "batch", kind: "CronJob", path: "spec/jobTemplate/spec/template/metadata/labels" },
  ],
  images: [
    { create: true, path: "spec/containers[]/image" },
    { create: true, path: "spec/initContainers[]/image" },
    { create: true, path: "spec/volumes[]/image/reference" },
    { create: true, path: "spec/template/spec/containers[]/image" },
    { create: true, path: "spec/template/spec/initContainers[]/image" },
    { create: true, path: "spec/template/spec/volumes[]/image/reference" },
  ],
  replicas: [
    { create: true, kind: "Deployment", path: "spec/replicas" },
    { create: true, kind: "ReplicationController", path: "spec/replicas" },
    { create: true, kind: "ReplicaSet", path: "spec/replicas" },
    { create: true, kind: "StatefulSet", path: "spec/replicas" },
  ],
  namespace: [
    { create: true, kind: "Namespace", path: "metadata/name" },
    { create: true, group: "apiregistration.k8s.io", kind: "APIService", path: "spec/service/namespace" },
    {
      group: "apiextensions.k8s.io",
      kind: "CustomResourceDefinition",
      path: "spec/conversion/webhook/clientConfig/service/namespace",
    },
  ],
  namePrefix: [{ path: "metadata/name" }],
  nameSuffix: [{ path: "metadata/name" }],
  nameReference: [
    {
      fieldSpecs: [{ kind: "HorizontalPodAutoscaler", path: "spec/scaleTargetRef/name" }],
      kind: "Deployment",
    },
    {
      fieldSpecs: [{ kind: "HorizontalPodAutoscaler", path: "spec/scaleTargetRef/name" }],
      kind: "ReplicationController",
    },
    {
      fieldSpecs: [{ kind: "HorizontalPodAutoscaler", path: "spec/scaleTargetRef/name" }],
      kind: "ReplicaSet",
    },
    {
      fieldSpecs: [{ kind: "HorizontalPodAutoscaler", path: "spec/scaleTargetRef/name" }],
      kind: "StatefulSet",
    },
    {
      fieldSpecs: [
        { kind: "Pod", path: "spec/volumes/configMap/name", version: "v1" },
        { kind: "Pod", path: "spec/containers/env/valueFrom/configMapKeyRef/name", version: "v1" },
        { kind: "Pod", path: "spec/initContainers/env/valueFrom/configMapKeyRef/name", version: "v1" },
        { kind: "Pod", path: "spec/containers/envFrom/configMapRef/name", version: "v1" },
        { kind: "Pod", path: "spec/initContainers/envFrom/configMapRef/name", version: "v1" },
        { kind: "Pod", path: "spec/volumes/projected/sources/configMap/name", version: "v1" },
        { kind: "PodTemplate", path: "template/spec/volumes/configMap/name" },
        { kind: "PodTemplate", path: "template/spec/containers/env/valueFrom/configMapKeyRef/name" },
        { kind: "PodTemplate", path: "template/spec/initContainers/env/valueFrom/configMapKeyRef/name" },
        { kind: "PodTemplate", path: "template/spec/containers/envFrom/configMapRef/name" },
        { kind: "PodTemplate", path: "template/spec/initContainers/envFrom/configMapRef/name" },
        { kind: "PodTemplate", path: "template/spec/volumes/projected/sources/configMap/name" },
        { kind: "Deployment", path: "spec/template/spec/volumes/configMap/name" },
        { kind: "Deployment", path: "spec/template/spec/containers/env/valueFrom/configMapKeyRef/name" },
        { kind: "Deployment", path: "spec/template/spec/initContainers/env/valueFrom/configMapKeyRef/name" },
        { kind: "Deployment", path: "spec/template/spec/containers/envFrom/configMapRef/name" },
        { kind: "Deployment", path: "spec/template/spec/initContainers/envFrom/configMapRef/name" },
        { kind: "Deployment", path: "spec/template/spec/volumes/projected/sources/configMap/name" },
        { kind: "ReplicaSet", path: "spec/template/spec/volumes/configMap/name" },
        { kind: "ReplicaSet", path: "spec/template/spec/containers/env/valueFrom/configMapKeyRef/name" },
        { kind: "ReplicaSet", path: "spec/template/spec/initContainers/env/valueFrom/configMapKeyRef/name" },
        { kind: "ReplicaSet", path: "spec/template/spec/containers/envFrom/configMapRef/name" },
        { kind: "ReplicaSet", path: "spec/template/spec/initContainers/envFrom/configMapRef/name" },
        { kind: "ReplicaSet", path: "spec/template/spec/volumes/projected/sources/configMap/name" },
        { kind: "DaemonSet", path: "spec/template/spec/volumes/configMap/name" },
        { kind: "DaemonSet", path: "spec/template/spec/containers/env/valueFrom/configMapKeyRef/name" },
        { kind: "DaemonSet", path: "spec/template/spec/initContainers/env/valueFrom/configMapKeyRef/name" },
        { kind: "DaemonSet", path: "spec/template/spec/containers/envFrom/configMapRef/name" },
        { kind: "DaemonSet", path: "spec/template/spec/initContainers/envFrom/configMapRef/name" },
        { kind: "DaemonSet", path: "spec/template/spec/volumes/projected/sources/configMap/name" },
        { kind: "StatefulSet", path: "spec/template/spec/volumes/configMap/name" },
        { kind: "StatefulSet", path: "spec/template/spec/containers/env/valueFrom/configMapKeyRef/name" },
        { kind: "StatefulSet", path: "spec/template/spec/initContainers/env/valueFrom/configMapKeyRef/name" },
        { kind: "StatefulSet", path: "spec/template/spec/containers/envFrom/configMapRef/name" },
        { kind: "StatefulSet", path: "spec/template/spec/initContainers/envFrom/configMapRef/name" },
        { kind: "StatefulSet", path: "spec/template/spec/volumes/projected/sources/configMap/name" },
        { kind: "Job", path: "spec/template/spec/volumes/configMap/name" },
        { kind: "Job", path: "spec/template/spec/containers/env/valueFrom/configMapKeyRef/name" },
        { kind: "Job", path: "spec/template/spec/initContainers/env/valueFrom/configMapKeyRef/name" },
        { kind: "Job", path: "spec/template/spec/containers/envFrom/configMapRef/name" },
        { kind: "Job", path: "spec/template/spec/initContainers/envFrom/configMapRef/name" },
        { kind: "Job", path: "spec/template/spec/volumes/projected/sources/configMap/name" },
        { kind: "CronJob", path: "spec/jobTemplate/spec/template/spec/volumes/configMap/name" },
        {
          kind: "CronJob",
          path: "spec/jobTemplate/spec/template/spec/volumes/projected/sources/configMap/name",
        },
        {
          kind: "CronJob",
          path: "spec/jobTemplate/spec/template/spec/containers/env/valueFrom/configMapKeyRef/name",
        },
        {
          kind: "CronJob",
          path: "spec/jobTemplate/spec/template/spec/initContainers/env/valueFrom/configMapKeyRef/name",
        },
        { kind: "CronJob", path: "spec/jobTemplate/spec/template/spec/containers/envFrom/configMapRef/name" },
        {
          kind: "CronJob",
          path: "spec/jobTemplate/spec/template/spec/initContainers/envFrom/configMapRef/name",
        },
        { kind: "Node", path: "spec/configSource/configMap" },
        { kind: "Role", path: "rules/resourceNames" },
        { kind: "ClusterRole", path: "rules/resourceNames" },
        {
          kind: "Ingress",
          path: "metadata/annotations/nginx.ingress.kubernetes.io\\/fastcgi-params-configmap",
        },
      ],
      kind: "ConfigMap",
      version: "v1",
    },
    {
      fieldSpecs: [
        { kind: "Pod", path: "spec/volumes/secret/secretName", version: "v1" },
        { kind: "Pod", path: "spec/containers/env/valueFrom/secretKeyRef/name", version: "v1" },
        { kind: "Pod", path: "spec/initContainers/env/valueFrom/secretKeyRef/name", version: "v1" },
        { kind: "Pod", path: "spec/containers/envFrom/secretRef/name", version: "v1" },
        { kind: "Pod", path: "spec/initContainers/envFrom/secretRef/name", version: "v1" },
        { kind: "Pod", path: "spec/imagePullSecrets/name", version: "v1" },
        { kind: "Pod", path: "spec/volumes/projected/sources/secret/name", version: "v1" },
        { kind: "PodTemplate", path: "template/spec/volumes/secret/secretName" },
        { kind: "PodTemplate", path: "template/spec/containers/env/valueFrom/secretKeyRef/name" },
        { kind: "PodTemplate", path: "template/spec/initContainers/env/valueFrom/secretKeyRef/name" },
        { kind: "PodTemplate", path: "template/spec/containers/envFrom/secretRef/name" },
        { kind: "PodTemplate", path: "template/spec/initContainers/envFrom/secretRef/name" },
        { kind: "PodTemplate", path: "template/spec/imagePullSecrets/name" },
        { kind: "PodTemplate", path: "template/spec/volumes/projected/sources/secret/name" },
        { kind: "Deployment", path: "spec/template/spec/volumes/secret/secretName" },
        { kind: "Deployment", path: "spec/template/spec/containers/env/valueFrom/secretKeyRef/name" },
        { kind: "Deployment", path: "spec/template/spec/initContainers/env/valueFrom/secretKeyRef/name" },
        { kind: "Deployment", path: "spec/template/spec/containers/envFrom/secretRef/name" },
        { kind: "Deployment", path: "spec/template/spec/initContainers/envFrom/secretRef/name" },
        { kind: "Deployment", path: "spec/template/spec/imagePullSecrets/name" },
        { kind: "Deployment", path: "spec/template/spec/volumes/projected/sources/secret/name" },
        { kind: "ReplicaSet", path: "spec/template/spec/volumes/secret/secretName" },
        { kind: "ReplicaSet", path: "spec/template/spec/containers/env/valueFrom/secretKeyRef/name" },
        { kind: "ReplicaSet", path: "spec/template/spec/initContainers/env/valueFrom/secretKeyRef/name" },
        { kind: "ReplicaSet", path: "spec/template/spec/containers/envFrom/secretRef/name" },
        { kind: "ReplicaSet", path: "spec/template/spec/initContainers/envFrom/secretRef/name" },
        { kind: "ReplicaSet", path: "spec/template/spec/imagePullSecrets/name" },
        { kind: "ReplicaSet", path: "spec/template/spec/volumes/projected/sources/secret/name" },
        { kind: "DaemonSet", path: "spec/template/spec/volumes/secret/secretName" },
        { kind: "DaemonSet", path: "spec/template/spec/containers/env/valueFrom/secretKeyRef/name" },
        { kind: "DaemonSet", path: "spec/template/spec/initContainers/env/valueFrom/secretKeyRef/name" },
        { kind: "DaemonSet", path: "spec/template/spec/containers/envFrom/secretRef/name" },
        { kind: "DaemonSet", path: "spec/template/spec/initContainers/envFrom/secretRef/name" },
        { kind: "DaemonSet", path: "spec/template/spec/imagePullSecrets/name" },
        { kind: "DaemonSet", path: "spec/template/spec/volumes/projected/sources/secret/name" },
        { kind: "StatefulSet", path: "spec/template/spec/volumes/secret/secretName" },
        { kind: "StatefulSet", path: "spec/template/spec/containers/env/valueFrom/secretKeyRef/name" },
        { kind: "StatefulSet", path: "spec/template/spec/initContainers/env/valueFrom/secretKeyRef/name" },
        { kind: "StatefulSet", path: "spec/template/spec/containers/envFrom/secretRef/name" },
        { kind: "StatefulSet", path: "spec/template/spec/initContainers/envFrom/secretRef/name" },
        { kind: "StatefulSet", path: "spec/template/spec/imagePullSecrets/name" },
        { kind: "StatefulSet", path: "spec/template/spec/volumes/projected/sources/secret/name" },
        { kind: "Job", path: "spec/template/spec/volumes/secret/secretName" },
        { kind: "Job", path: "spec/template/spec/containers/env/valueFrom/secretKeyRef/name" },
        { kind: "Job", path: "spec/template/spec/initContainers/env/valueFrom/secretKeyRef/name" },
        { kind: "Job", path: "spec/template/spec/containers/envFrom/secretRef/name" },
        { kind: "Job", path: "spec/template/spec/initContainers/envFrom/secretRef/name" },
        { kind: "Job", path: "spec/template/spec/imagePullSecrets/name" },
        { kind: "Job", path: "spec/template/spec/volumes/projected/sources/secret/name" },
        { kind: "CronJob", path: "spec/jobTemplate/spec/template/spec/volumes/secret/secretName" },
        {
          kind: "CronJob",
          path: "spec/jobTemplate/spec/template/spec/volumes/projected/sources/secret/name",
        },
        {
          kind: "CronJob",
          path: "spec/jobTemplate/spec/template/spec/containers/env/valueFrom/secretKeyRef/name",
        },
        {
          kind: "CronJob",
          path: "spec/jobTemplate/spec/template/spec/initContainers/env/valueFrom/secretKeyRef/name",
        },
        { kind: "CronJob", path: "spec/jobTemplate/spec/template/spec/containers/envFrom/secretRef/name" },
        {
          kind: "CronJob",
          path: "spec/jobTemplate/spec/template/spec/initContainers/envFrom/secretRef/name",
        },
        { kind: "CronJob", path: "spec/jobTemplate/spec/template/spec/imagePullSecrets/name" },
        { kind: "Ingress", path: "spec/tls/secretName" },
        { kind: "Ingress", path: "metadata/annotations/ingress.kubernetes.io\\/auth-secret" },
        { kind: "Ingress", path: "metadata/annotations/nginx.ingress.kubernetes.io\\/auth-secret" },
        { kind: "Ingress", path: "metadata/annotations/nginx.ingress.kubernetes.io\\/auth-tls-secret" },
        { kind: "Ingress", path: "spec/tls/secretName" },
        { kind: "ServiceAccount", path: "imagePullSecrets/name" },
        { kind: "StorageClass", path: "parameters/secretName" },
        { kind: "StorageClass", path: "parameters/adminSecretName" },
        { kind: "StorageClass", path: "parameters/userSecretName" },
        { kind: "StorageClass", path: "parameters/secretRef" },
        { kind: "Role", path: "rules/resourceNames" },
        { kind: "ClusterRole", path: "rules/resourceNames" },
        {
          group: "serving.knative.dev",
          kind: "Service",
          path: "spec/template/spec/containers/env/valueFrom/secretKeyRef/name",
          version: "v1",
        },
        { kind: "PersistentVolume", path: "spec/azureFile/secretName" },
      ],
      kind: "Secret",
      version: "v1",
    },
    {
      fieldSpecs: [
        { group: "apps", kind: "StatefulSet", path: "spec/serviceName" },
        { kind: "Ingress", path: "spec/rules/http/paths/backend/serviceName" },
        { kind: "Ingress", path: "spec/backend/serviceName" },
        { kind: "Ingress", path: "spec/rules/http/paths/backend/service/name" },
        { kind: "Ingress", path: "spec/defaultBackend/service/name" },
        { group: "apiregistration.k8s.io", kind: "APIService", path: "spec/service/name" },
        {
          group: "admissionregistration.k8s.io",
          kind: "ValidatingWebhookConfiguration",
          path: "webhooks/clientConfig/service",
        },
        {
          group: "admissionregistration.k8s.io",
          kind: "MutatingWebhookConfiguration",
          path: "webhooks/clientConfig/service",
        },
      ],
      kind: "Service",
      version: "v1",
    },
    {
      fieldSpecs: [{ group: "rbac.authorization.k8s.io", kind: "RoleBinding", path: "roleRef/name" }],
      group: "rbac.authorization.k8s.io",
      kind: "Role",
    },
    {
      fieldSpecs: [
        { group: "rbac.authorization.k8s.io", kind: "RoleBinding", path: "roleRef/name" },
        { group: "rbac.authorization.k8s.io", kind: "ClusterRoleBinding", path: "roleRef/name" },
      ],
      group: "rbac.authorization.k8s.io",
      kind: "ClusterRole",
    },
    {
      fieldSpecs: [
        { group: "rbac.authorization.k8s.io", kind: "RoleBinding", path: "subjects" },
        { group: "rbac.authorization.k8s.io", kind: "ClusterRoleBinding", path: "subjects" },
        { kind: "Pod", path: "spec/serviceAccountName" },
        { kind: "StatefulSet", path: "spec/template/spec/serviceAccountName" },
        { kind: "Deployment", path: "spec/template/spec/serviceAccountName" },
        { kind: "ReplicationController", path: "spec/template/spec/serviceAccountName" },
        { kind: "CronJob", path: "spec/jobTemplate/spec/template/spec/serviceAccountName" },
        { kind: "Job", path: "spec/template/spec/serviceAccountName" },
        { kind: "DaemonSet", path: "spec/template/spec/serviceAccountName" },
      ],
      kind: "ServiceAccount",
      version: "v1",
    },
    {
      fieldSpecs: [
        { kind: "Pod", path: "spec/volumes/persistentVolumeClaim/claimName" },
        { kind: "StatefulSet", path: "spec/template/spec/volumes/persistentVolumeClaim/claimName" },
        { kind: "Deployment", path: "spec/template/spec/volumes/persistentVolumeClaim/claimName" },
        { kind: "ReplicationController", path: "spec/template/spec/volumes/persistentVolumeClaim/claimName" },
        {
          kind: "CronJob",
          path: "spec/jobTemplate/spec/template/spec/volumes/persistentVolumeClaim/claimName",
        },
        { kind: "Job", path: "spec/template/spec/volumes/persistentVolumeClaim/claimName" },
        { kind: "DaemonSet", path: "spec/template/spec/volumes/persistentVolumeClaim/claimName" },
      ],
      kind: "PersistentVolumeClaim",
      version: "v1",
    },
    {
      fieldSpecs: [
        { kind: "PersistentVolumeClaim", path: "spec/volumeName" },
        { kind: "ClusterRole", path: "rules/resourceNames" },
      ],
      kind: "PersistentVolume",
      version: "v1",
    },
    {
      fieldSpecs: [
        { kind: "PersistentVolume", path: "spec/storageClassName" },
        { kind: "PersistentVolumeClaim", path: "spec/storageClassName" },
        { kind: "StatefulSet", path: "spec/volumeClaimTemplates/spec/storageClassName" },
      ],
      group: "storage.k8s.io",
      kind: "StorageClass",
      version: "v1",
    },
    {
      fieldSpecs: [
        { kind: "Pod", path: "spec/priorityClassName" },
        { kind: "StatefulSet", path: "spec/template/spec/priorityClassName" },
        { kind: "Deployment", path: "spec/template/spec/priorityClassName" },
        { kind: "ReplicationController", path: "spec/template/spec/priorityClassName" },
        { kind: "CronJob", path: "spec/jobTemplate/spec/template/spec/priorityClassName" },
        { kind: "Job", path: "spec/template/spec/priorityClassName" },
        { kind: "DaemonSet", path: "spec/template/spec/priorityClassName" },
      ],
      group: "scheduling.k8s.io",
      kind: "PriorityClass",
      version: "v1",
    },
    {
      fieldSpecs: [{ kind: "Ingress", path: "spec/ingressClassName" }],
      group: "networking.k8s.io/v1",
      kind: "IngressClass",
      version: "v1",
    },
    {
      fieldSpecs: [
        {
          group: "admissionregistration.k8s.io",
          kind: "ValidatingAdmissionPolicyBinding",
          path: "spec/policyName",
        },
      ],
      group: "admissionregistration.k8s.io",
      kind: "ValidatingAdmissionPolicy",
    },
  ],
};
