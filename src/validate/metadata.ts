/**
 * ObjectMeta rules the apiserver applies to every object (k8s.io/apimachinery validation):
 * name format per kind, namespace as a DNS-1123 label, label and annotation syntax and sizes.
 */

import { DNS1035_LABEL, DNS1123_LABEL, DNS1123_SUBDOMAIN, QUALIFIED_NAME } from "../core/k8s-names.ts";
import type { NodeIssue } from "./schema/nodes.ts";

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
/** Kubernetes' TotalAnnotationSizeLimitB. */
export const ANNOTATIONS_MAX_BYTES = 256 * 1024;

type NameRule = "label" | "subdomain" | "dns1035" | "path-segment";

/** Name validation per kind, as the core registries declare it; everything else (CRs included) is a DNS-1123 subdomain. */
const NAME_RULES: Record<string, NameRule> = {
  "/Namespace": "label",
  "/Service": "dns1035",
  "rbac.authorization.k8s.io/Role": "path-segment",
  "rbac.authorization.k8s.io/ClusterRole": "path-segment",
  "rbac.authorization.k8s.io/RoleBinding": "path-segment",
  "rbac.authorization.k8s.io/ClusterRoleBinding": "path-segment",
};

function nameProblem(name: string, rule: NameRule): string | undefined {
  switch (rule) {
    case "label":
      if (name.length > 63) return "must be no more than 63 characters";
      return DNS1123_LABEL.test(name)
        ? undefined
        : "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
    case "dns1035":
      if (name.length > 63) return "must be no more than 63 characters";
      return DNS1035_LABEL.test(name)
        ? undefined
        : "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
    case "path-segment":
      if (name === "." || name === "..") return `may not be '${name}'`;
      return /[/%]/.test(name) ? "may not contain '/' or '%'" : undefined;
    default:
      if (name.length > 253) return "must be no more than 253 characters";
      return DNS1123_SUBDOMAIN.test(name)
        ? undefined
        : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
  }
}

function keyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined) {
    if (!prefix) return "prefix part must be non-empty";
    if (prefix.length > 253) return "prefix part must be no more than 253 characters";
    if (!DNS1123_SUBDOMAIN.test(prefix)) return "prefix part must be a lowercase RFC 1123 subdomain";
  }
  if (!name) return "name part must be non-empty";
  if (name.length > 63) return "name part must be no more than 63 characters";
  if (!QUALIFIED_NAME.test(name))
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  return undefined;
}

/** Checks `metadata` of an object of `group`/`kind`; returns issues with paths from the object root. */
export function checkMetadata(obj: Record<string, unknown>, group: string, kind: string): NodeIssue[] {
  const issues: NodeIssue[] = [];
  const push = (path: Array<string | number>, message: string) =>
    issues.push({ path, message, rule: "metadata", severity: "error" });
  const meta = obj.metadata;
  if (meta === undefined || meta === null || typeof meta !== "object" || Array.isArray(meta)) {
    push(["metadata"], "Required value: metadata must be an object");
    return issues;
  }
  const m = meta as Record<string, unknown>;
  const rule = NAME_RULES[`${group}/${kind}`] ?? "subdomain";
  if (typeof m.name === "string" && m.name) {
    const p = nameProblem(m.name, rule);
    if (p) push(["metadata", "name"], `Invalid value: ${JSON.stringify(m.name)}: ${p}`);
  } else if (typeof m.generateName === "string" && m.generateName) {
    // generateName is a prefix: the apiserver appends 5 characters and then validates.
    const p = nameProblem(`${m.generateName.replace(/-$/, "")}x`, rule);
    if (p) push(["metadata", "generateName"], `Invalid value: ${JSON.stringify(m.generateName)}: ${p}`);
  } else push(["metadata", "name"], "Required value: name or generateName is required");
  if (m.namespace !== undefined) {
    const ns = String(m.namespace);
    const p =
      ns.length > 63
        ? "must be no more than 63 characters"
        : DNS1123_LABEL.test(ns)
          ? undefined
          : "must be a lowercase RFC 1123 label";
    if (p) push(["metadata", "namespace"], `Invalid value: ${JSON.stringify(ns)}: ${p}`);
  }
  const labels = m.labels;
  if (labels !== undefined && labels !== null) {
    if (typeof labels !== "object" || Array.isArray(labels))
      push(["metadata", "labels"], "must be a map of strings");
    else
      for (const [k, v] of Object.entries(labels)) {
        const kp = keyProblem(k);
        if (kp) push(["metadata", "labels", k], `Invalid value: ${JSON.stringify(k)}: ${kp}`);
        if (typeof v !== "string") push(["metadata", "labels", k], "label values must be strings");
        else if (v.length > 63)
          push(["metadata", "labels", k], "Invalid value: label values must be no more than 63 characters");
        else if (!LABEL_VALUE.test(v))
          push(
            ["metadata", "labels", k],
            `Invalid value: ${JSON.stringify(v)}: a valid label value must be empty or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
          );
      }
  }
  const annotations = m.annotations;
  if (annotations !== undefined && annotations !== null) {
    if (typeof annotations !== "object" || Array.isArray(annotations))
      push(["metadata", "annotations"], "must be a map of strings");
    else {
      let size = 0;
      for (const [k, v] of Object.entries(annotations)) {
        const kp = keyProblem(k.toLowerCase());
        if (kp) push(["metadata", "annotations", k], `Invalid value: ${JSON.stringify(k)}: ${kp}`);
        if (typeof v !== "string") push(["metadata", "annotations", k], "annotation values must be strings");
        size += Buffer.byteLength(k) + Buffer.byteLength(String(v));
      }
      if (size > ANNOTATIONS_MAX_BYTES)
        push(
          ["metadata", "annotations"],
          `Too long: annotations may not have more than ${ANNOTATIONS_MAX_BYTES} bytes in total (${size})`,
        );
    }
  }
  return issues;
}
