/**
 * Core Kubernetes kinds (Namespace, ConfigMap, Deployment, RBAC, …) are not CRDs, so there is no
 * CRD to import. Their validators come from `kubernetes-models` (4.5.1): it is generated from the
 * upstream Kubernetes OpenAPI spec, maintained, MIT-licensed, already a kiln dependency, and ships
 * each definition precompiled by ajv, so loading one costs a require, not a compile. Its schemas
 * are shipped only as compiled code, so the KindSchema of a core kind carries an open schema and
 * `compileValidator` routes it here.
 *
 * kubernetes-models' validators check types, required fields, enums and formats but never report
 * unknown fields (its schemas leave additionalProperties open). A compiled ajv validator reads
 * exactly the properties its schema names, and enumerates the keys only of maps
 * (additionalProperties) — so running it on a recording view of the object tells, per object,
 * which fields the schema knows: a field of an object whose known fields were looked up, that
 * was not looked up itself, is one the apiserver would reject as unknown. See unknownFields().
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ErrorObject } from "ajv";
import { isObject } from "../core/object.ts";
import { type SchemaIssue, toIssues } from "./issues.ts";
import { type KindSchema, SchemaSet } from "./schemas.ts";

export const CORE_SOURCE = "kubernetes-models@4.5.1";
/**
 * Kinds newer than kubernetes-models 4.5.1 (Kubernetes 1.31-era) come from 5.1.0, installed
 * beside it as `kubernetes-models-v5`: the same generator over a current OpenAPI spec. 5.x is
 * ESM-only and declares Node ≥ 22, so kiln does not move every core kind to it yet; its compiled
 * validators run on Node 20.19+ (require of an ES module).
 */
const CORE_SOURCE_V5 = "kubernetes-models@5.1.0";

/** [group, version, kind, scope]; the core group is "". */
const CORE_KINDS: ReadonlyArray<readonly [string, string, string, "Namespaced" | "Cluster"]> = [
  ["", "v1", "Namespace", "Cluster"],
  ["", "v1", "ConfigMap", "Namespaced"],
  ["", "v1", "Secret", "Namespaced"],
  ["", "v1", "ServiceAccount", "Namespaced"],
  ["", "v1", "Service", "Namespaced"],
  ["", "v1", "Pod", "Namespaced"],
  ["", "v1", "PersistentVolumeClaim", "Namespaced"],
  ["", "v1", "PersistentVolume", "Cluster"],
  ["", "v1", "Endpoints", "Namespaced"],
  ["", "v1", "LimitRange", "Namespaced"],
  ["", "v1", "ResourceQuota", "Namespaced"],
  ["apps", "v1", "Deployment", "Namespaced"],
  ["apps", "v1", "DaemonSet", "Namespaced"],
  ["apps", "v1", "StatefulSet", "Namespaced"],
  ["apps", "v1", "ReplicaSet", "Namespaced"],
  ["batch", "v1", "Job", "Namespaced"],
  ["batch", "v1", "CronJob", "Namespaced"],
  ["rbac.authorization.k8s.io", "v1", "Role", "Namespaced"],
  ["rbac.authorization.k8s.io", "v1", "RoleBinding", "Namespaced"],
  ["rbac.authorization.k8s.io", "v1", "ClusterRole", "Cluster"],
  ["rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "Cluster"],
  ["networking.k8s.io", "v1", "Ingress", "Namespaced"],
  ["networking.k8s.io", "v1", "IngressClass", "Cluster"],
  ["networking.k8s.io", "v1", "NetworkPolicy", "Namespaced"],
  ["policy", "v1", "PodDisruptionBudget", "Namespaced"],
  ["storage.k8s.io", "v1", "StorageClass", "Cluster"],
  ["scheduling.k8s.io", "v1", "PriorityClass", "Cluster"],
  ["coordination.k8s.io", "v1", "Lease", "Namespaced"],
  ["discovery.k8s.io", "v1", "EndpointSlice", "Namespaced"],
  ["autoscaling", "v2", "HorizontalPodAutoscaler", "Namespaced"],
  ["apiextensions.k8s.io", "v1", "CustomResourceDefinition", "Cluster"],
  ["admissionregistration.k8s.io", "v1", "ValidatingWebhookConfiguration", "Cluster"],
  ["admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration", "Cluster"],
  ["admissionregistration.k8s.io", "v1", "ValidatingAdmissionPolicy", "Cluster"],
  ["admissionregistration.k8s.io", "v1", "ValidatingAdmissionPolicyBinding", "Cluster"],
];

/** Core kinds only kubernetes-models 5.1.0 has (see CORE_SOURCE_V5). */
const CORE_KINDS_V5: ReadonlyArray<readonly [string, string, string, "Namespaced" | "Cluster"]> = [
  ["admissionregistration.k8s.io", "v1", "MutatingAdmissionPolicy", "Cluster"],
  ["admissionregistration.k8s.io", "v1", "MutatingAdmissionPolicyBinding", "Cluster"],
];

/**
 * Beta versions still served (when the cluster enables them) that neither kubernetes-models
 * version ships, validated with the schema of the v1 kind: [group, beta version, kind, the
 * version whose schema applies]. Checked against kubernetes/api (master of 2026-07-24):
 * admissionregistration/v1beta1/types.go and admissionregistration/v1/types.go declare the
 * admission policies and their bindings field for field alike — every struct they reach
 * (specs, MatchResources, ParamRef, Validation, Mutation, ApplyConfiguration, JSONPatch, …) has
 * the same fields, JSON names, +optional/+required/+listType markers and enum constants, and
 * v1beta1's RuleWithOperations and ReinvocationPolicyType are aliases of v1's. The webhook
 * configurations differ (sideEffects and admissionReviewVersions are optional in v1beta1), but
 * those v1beta1 kinds are no longer served (validate/removed.ts).
 */
const CORE_KINDS_AS_V1: ReadonlyArray<readonly [string, string, string, string]> = [
  ["admissionregistration.k8s.io", "v1beta1", "ValidatingAdmissionPolicy", "v1"],
  ["admissionregistration.k8s.io", "v1beta1", "ValidatingAdmissionPolicyBinding", "v1"],
  ["admissionregistration.k8s.io", "v1beta1", "MutatingAdmissionPolicy", "v1"],
  ["admissionregistration.k8s.io", "v1beta1", "MutatingAdmissionPolicyBinding", "v1"],
];

let cached: SchemaSet | undefined;

/** Core Kubernetes kinds, validated by kubernetes-models' compiled schemas (see the file comment). */
export function coreSchemas(): SchemaSet {
  if (cached) return cached;
  const set = new SchemaSet();
  const add = (kinds: typeof CORE_KINDS, source: string, pkg: string) => {
    for (const [group, version, kind, scope] of kinds) {
      set.add({
        group,
        version,
        kind,
        apiVersion: group ? `${group}/${version}` : version,
        scope,
        schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
        source: `${source} ${modulePath(pkg, group, version, kind)}`,
      });
    }
  };
  add(CORE_KINDS, CORE_SOURCE, "kubernetes-models");
  add(CORE_KINDS_V5, CORE_SOURCE_V5, "kubernetes-models-v5");
  for (const [group, version, kind, as] of CORE_KINDS_AS_V1) {
    const of = set.get(`${group}/${as}`, kind);
    if (!of) throw new Error(`core kinds: ${group}/${as} ${kind} is not in the table`);
    set.add({ ...of, version, apiVersion: `${group}/${version}` });
  }
  cached = set;
  return set;
}

export function isCoreKind(k: KindSchema): boolean {
  return k.source.startsWith(`${CORE_SOURCE} `) || k.source.startsWith(`${CORE_SOURCE_V5} `);
}

const require = createRequire(import.meta.url);
type CompiledValidate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
const validators = new Map<string, (obj: unknown) => SchemaIssue[]>();

/**
 * The kubernetes-models validator of a core kind. A kind validated with another version's schema
 * (CORE_KINDS_AS_V1) is checked as that version, whose validator admits only its own apiVersion.
 */
export function coreValidator(k: KindSchema): (obj: unknown) => SchemaIssue[] {
  const mod = k.source.slice(k.source.indexOf(" ") + 1);
  const key = `${k.apiVersion} ${mod}`;
  const hit = validators.get(key);
  if (hit) return hit;
  const modVersion = mod.split("/").at(-2);
  const asApiVersion = modVersion === k.version ? undefined : `${k.group}/${modVersion}`;
  let validate: CompiledValidate;
  if (mod.startsWith("kubernetes-models-v5/")) {
    const loaded = v5Validators.get(mod);
    if (!loaded) throw new Error(`${mod}: not loaded (loadCoreGroup first)`);
    validate = loaded;
  } else {
    const modelFile = require.resolve(mod);
    validate = (
      require(path.resolve(path.dirname(modelFile), schemaModuleOf(modelFile, mod))) as {
        validate: CompiledValidate;
      }
    ).validate;
  }
  const alwaysKnown = k.kind === "CustomResourceDefinition" ? droppedFromJsonSchemaProps : () => false;
  const fn = (given: unknown): SchemaIssue[] => {
    const obj = asApiVersion && isObject(given) ? { ...given, apiVersion: asApiVersion } : given;
    const view = recording(obj);
    const issues = validate(view.value) ? [] : toIssues(validate.errors ?? [], obj);
    unknownFields(obj, view.lookups, alwaysKnown, [], issues);
    return issues;
  };
  validators.set(key, fn);
  return fn;
}

/**
 * The compiled schema module a model module names; reading it avoids guessing kubernetes-models'
 * internal naming (IoK8sApi…, IoK8sApiextensionsApiserver…).
 */
function schemaModuleOf(modelFile: string, mod: string): string {
  const m = /(?:require\(|from\s*)"(\.[^"]*_schemas\/\w+\.js)"/.exec(readFileSync(modelFile, "utf8"));
  if (!m) throw new Error(`kubernetes-models: no compiled schema referenced by ${mod}`);
  return m[1]!;
}

const v5Validators = new Map<string, CompiledValidate>();

/**
 * Loads the validators kubernetes-models 5.x gives for the core kinds of `group`. Its modules
 * are ES modules only, imported asynchronously, so the validation stage calls this for each API
 * group that occurs before it looks kinds up (as it loads catalog groups).
 */
export async function loadCoreGroup(group: string): Promise<void> {
  for (const [g, v, kind] of CORE_KINDS_V5) {
    const mod = modulePath("kubernetes-models-v5", g, v, kind);
    if (g !== group || v5Validators.has(mod)) continue;
    const model = import.meta.resolve(mod);
    const schema = new URL(schemaModuleOf(fileURLToPath(model), mod), model).href;
    v5Validators.set(mod, ((await import(schema)) as { validate: CompiledValidate }).validate);
  }
}

/**
 * kubernetes-models' generator takes the fields `description` and `x-kubernetes-*` of the
 * apiextensions types (JSONSchemaProps, column definitions, external docs) for schema keywords
 * and drops them, so its CRD validator never looks them up although the apiserver knows them.
 */
function droppedFromJsonSchemaProps(key: string): boolean {
  return key === "description" || key.startsWith("x-kubernetes-");
}

/** What a validator did with one object: the keys it looked up, and whether it listed them all. */
interface Lookups {
  read: Set<string>;
  enumerated: boolean;
}

/**
 * `value` behind Proxies that record, per object, the property names a validator reads and
 * whether it enumerates the keys. Nested objects and arrays are wrapped on the way down, so only
 * the parts the validator descended into are recorded. One proxy per object keeps identity stable.
 */
function recording(value: unknown): { value: unknown; lookups: WeakMap<object, Lookups> } {
  const lookups = new WeakMap<object, Lookups>();
  const proxies = new WeakMap<object, object>();
  const wrap = (v: unknown): unknown => {
    if (typeof v !== "object" || v === null) return v;
    const known = proxies.get(v);
    if (known) return known;
    const l: Lookups = { read: new Set(), enumerated: false };
    lookups.set(v, l);
    const p = new Proxy(v, {
      get(target, key) {
        if (typeof key === "string") l.read.add(key);
        return wrap(Reflect.get(target, key));
      },
      has(target, key) {
        if (typeof key === "string") l.read.add(key);
        return Reflect.has(target, key);
      },
      getOwnPropertyDescriptor(target, key) {
        if (typeof key === "string") l.read.add(key);
        return Reflect.getOwnPropertyDescriptor(target, key);
      },
      ownKeys(target) {
        l.enumerated = true;
        return Reflect.ownKeys(target);
      },
    });
    proxies.set(v, p);
    return p;
  };
  return { value: wrap(value), lookups };
}

/**
 * Unknown fields: in every object whose known fields the validator looked up (some key read,
 * keys never enumerated), the keys it did not look up. Objects it never looked into (a field
 * typed `{}`, like RawExtension, or a value of the wrong type) have no known fields to compare.
 */
function unknownFields(
  v: unknown,
  lookups: WeakMap<object, Lookups>,
  alwaysKnown: (key: string) => boolean,
  at: Array<string | number>,
  out: SchemaIssue[],
): void {
  if (typeof v !== "object" || v === null) return;
  const l = lookups.get(v);
  if (!l) return;
  if (Array.isArray(v)) {
    for (const [i, item] of v.entries()) unknownFields(item, lookups, alwaysKnown, [...at, i], out);
    return;
  }
  const closed = !l.enumerated && l.read.size > 0;
  for (const [key, child] of Object.entries(v)) {
    if (closed && !l.read.has(key) && !alwaysKnown(key)) {
      out.push({ path: [...at, key], message: `unknown field "${key}"`, rule: "schema/unknown-field" });
    } else unknownFields(child, lookups, alwaysKnown, [...at, key], out);
  }
}

function modulePath(pkg: string, group: string, version: string, kind: string): string {
  return group ? `${pkg}/${group}/${version}/${kind}` : `${pkg}/${version}/${kind}`;
}
