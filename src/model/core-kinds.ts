/**
 * Core Kubernetes kinds as TypeScript types, from kubernetes-models (the same package kiln validates
 * core kinds with): every kind of every group/version it ships, each with its literal `apiVersion`
 * and `kind`, so an object literal passed to `add()` is checked field by field by `tsc`.
 * Type-only imports: nothing here is loaded at run time.
 */

import type * as admissionregistration_k8s_io_v1 from "kubernetes-models/admissionregistration.k8s.io/v1";
import type * as admissionregistration_k8s_io_v1beta1 from "kubernetes-models/admissionregistration.k8s.io/v1beta1";
import type * as apiextensions_k8s_io_v1 from "kubernetes-models/apiextensions.k8s.io/v1";
import type * as apiextensions_k8s_io_v1beta1 from "kubernetes-models/apiextensions.k8s.io/v1beta1";
import type * as apiregistration_k8s_io_v1 from "kubernetes-models/apiregistration.k8s.io/v1";
import type * as apiregistration_k8s_io_v1beta1 from "kubernetes-models/apiregistration.k8s.io/v1beta1";
import type * as apps_v1 from "kubernetes-models/apps/v1";
import type * as apps_v1beta1 from "kubernetes-models/apps/v1beta1";
import type * as apps_v1beta2 from "kubernetes-models/apps/v1beta2";
import type * as authentication_k8s_io_v1 from "kubernetes-models/authentication.k8s.io/v1";
import type * as authentication_k8s_io_v1beta1 from "kubernetes-models/authentication.k8s.io/v1beta1";
import type * as authorization_k8s_io_v1 from "kubernetes-models/authorization.k8s.io/v1";
import type * as authorization_k8s_io_v1beta1 from "kubernetes-models/authorization.k8s.io/v1beta1";
import type * as autoscaling_v1 from "kubernetes-models/autoscaling/v1";
import type * as autoscaling_v2 from "kubernetes-models/autoscaling/v2";
import type * as autoscaling_v2beta1 from "kubernetes-models/autoscaling/v2beta1";
import type * as autoscaling_v2beta2 from "kubernetes-models/autoscaling/v2beta2";
import type * as batch_v1 from "kubernetes-models/batch/v1";
import type * as batch_v1beta1 from "kubernetes-models/batch/v1beta1";
import type * as certificates_k8s_io_v1 from "kubernetes-models/certificates.k8s.io/v1";
import type * as certificates_k8s_io_v1beta1 from "kubernetes-models/certificates.k8s.io/v1beta1";
import type * as coordination_k8s_io_v1 from "kubernetes-models/coordination.k8s.io/v1";
import type * as coordination_k8s_io_v1beta1 from "kubernetes-models/coordination.k8s.io/v1beta1";
import type * as discovery_k8s_io_v1 from "kubernetes-models/discovery.k8s.io/v1";
import type * as discovery_k8s_io_v1beta1 from "kubernetes-models/discovery.k8s.io/v1beta1";
import type * as events_k8s_io_v1 from "kubernetes-models/events.k8s.io/v1";
import type * as events_k8s_io_v1beta1 from "kubernetes-models/events.k8s.io/v1beta1";
import type * as extensions_v1beta1 from "kubernetes-models/extensions/v1beta1";
import type * as flowcontrol_apiserver_k8s_io_v1 from "kubernetes-models/flowcontrol.apiserver.k8s.io/v1";
import type * as flowcontrol_apiserver_k8s_io_v1beta1 from "kubernetes-models/flowcontrol.apiserver.k8s.io/v1beta1";
import type * as flowcontrol_apiserver_k8s_io_v1beta2 from "kubernetes-models/flowcontrol.apiserver.k8s.io/v1beta2";
import type * as flowcontrol_apiserver_k8s_io_v1beta3 from "kubernetes-models/flowcontrol.apiserver.k8s.io/v1beta3";
import type * as networking_k8s_io_v1 from "kubernetes-models/networking.k8s.io/v1";
import type * as networking_k8s_io_v1beta1 from "kubernetes-models/networking.k8s.io/v1beta1";
import type * as policy_v1 from "kubernetes-models/policy/v1";
import type * as policy_v1beta1 from "kubernetes-models/policy/v1beta1";
import type * as rbac_authorization_k8s_io_v1 from "kubernetes-models/rbac.authorization.k8s.io/v1";
import type * as rbac_authorization_k8s_io_v1beta1 from "kubernetes-models/rbac.authorization.k8s.io/v1beta1";
import type * as scheduling_k8s_io_v1 from "kubernetes-models/scheduling.k8s.io/v1";
import type * as scheduling_k8s_io_v1beta1 from "kubernetes-models/scheduling.k8s.io/v1beta1";
import type * as storage_k8s_io_v1 from "kubernetes-models/storage.k8s.io/v1";
import type * as storage_k8s_io_v1beta1 from "kubernetes-models/storage.k8s.io/v1beta1";
import type * as core_v1 from "kubernetes-models/v1";

/** The data fields of a kubernetes-models class (its interface, without the model's methods). */
type Data<C> = C extends abstract new (
  ...args: never[]
) => infer I
  ? { [P in keyof I as I[P] extends (...args: never[]) => unknown ? never : P]: I[P] }
  : never;

/** The kinds a kubernetes-models group/version module exports (classes with apiVersion and kind). */
type KindsOf<M> = {
  [K in keyof M]: Data<M[K]> extends { apiVersion: string; kind: string } ? Data<M[K]> : never;
}[keyof M];

/** Any core Kubernetes object, typed by its apiVersion and kind. */
export type CoreObject =
  | KindsOf<typeof core_v1>
  | KindsOf<typeof admissionregistration_k8s_io_v1>
  | KindsOf<typeof admissionregistration_k8s_io_v1beta1>
  | KindsOf<typeof apiextensions_k8s_io_v1>
  | KindsOf<typeof apiextensions_k8s_io_v1beta1>
  | KindsOf<typeof apiregistration_k8s_io_v1>
  | KindsOf<typeof apiregistration_k8s_io_v1beta1>
  | KindsOf<typeof apps_v1>
  | KindsOf<typeof apps_v1beta1>
  | KindsOf<typeof apps_v1beta2>
  | KindsOf<typeof authentication_k8s_io_v1>
  | KindsOf<typeof authentication_k8s_io_v1beta1>
  | KindsOf<typeof authorization_k8s_io_v1>
  | KindsOf<typeof authorization_k8s_io_v1beta1>
  | KindsOf<typeof autoscaling_v1>
  | KindsOf<typeof autoscaling_v2>
  | KindsOf<typeof autoscaling_v2beta1>
  | KindsOf<typeof autoscaling_v2beta2>
  | KindsOf<typeof batch_v1>
  | KindsOf<typeof batch_v1beta1>
  | KindsOf<typeof certificates_k8s_io_v1>
  | KindsOf<typeof certificates_k8s_io_v1beta1>
  | KindsOf<typeof coordination_k8s_io_v1>
  | KindsOf<typeof coordination_k8s_io_v1beta1>
  | KindsOf<typeof discovery_k8s_io_v1>
  | KindsOf<typeof discovery_k8s_io_v1beta1>
  | KindsOf<typeof events_k8s_io_v1>
  | KindsOf<typeof events_k8s_io_v1beta1>
  | KindsOf<typeof extensions_v1beta1>
  | KindsOf<typeof flowcontrol_apiserver_k8s_io_v1>
  | KindsOf<typeof flowcontrol_apiserver_k8s_io_v1beta1>
  | KindsOf<typeof flowcontrol_apiserver_k8s_io_v1beta2>
  | KindsOf<typeof flowcontrol_apiserver_k8s_io_v1beta3>
  | KindsOf<typeof networking_k8s_io_v1>
  | KindsOf<typeof networking_k8s_io_v1beta1>
  | KindsOf<typeof policy_v1>
  | KindsOf<typeof policy_v1beta1>
  | KindsOf<typeof rbac_authorization_k8s_io_v1>
  | KindsOf<typeof rbac_authorization_k8s_io_v1beta1>
  | KindsOf<typeof scheduling_k8s_io_v1>
  | KindsOf<typeof scheduling_k8s_io_v1beta1>
  | KindsOf<typeof storage_k8s_io_v1>
  | KindsOf<typeof storage_k8s_io_v1beta1>;
