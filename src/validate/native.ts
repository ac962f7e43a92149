/**
 * Rules the apiserver enforces on core kinds in Go code, not in their OpenAPI schema
 * (kubernetes/kubernetes pkg/apis/core/validation, pkg/apis/apps/validation,
 * pkg/apis/batch/validation): so neither a schema validator nor kubectl-validate, which runs the
 * schema, CEL and metadata checks, finds them. The subset here is what homelab manifests get
 * wrong: Service ports and their names, pod templates (containers, ports, volumes, mounts,
 * restart policy), workload selectors against template labels, Job restart policy and
 * ConfigMap/Secret keys. Messages follow the apiserver's field errors. No npm package carries
 * these rules.
 */

import { DNS1123_LABEL } from "../core/k8s-names.ts";
import { isObject as isObj } from "../core/object.ts";
import type { NodeIssue } from "./schema/nodes.ts";

type Path = Array<string | number>;
type Obj = Record<string, unknown>;

const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const DNS1123_LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const PORT_RANGE = "must be between 1 and 65535, inclusive";

/** Where each workload kind keeps its pod template, and whether it has a selector to match. */
const TEMPLATES: Record<string, { template: Path; selector?: Path; job?: boolean }> = {
  "/Pod": { template: [] },
  "apps/Deployment": { template: ["spec", "template"], selector: ["spec", "selector"] },
  "apps/StatefulSet": { template: ["spec", "template"], selector: ["spec", "selector"] },
  "apps/DaemonSet": { template: ["spec", "template"], selector: ["spec", "selector"] },
  "apps/ReplicaSet": { template: ["spec", "template"], selector: ["spec", "selector"] },
  "batch/Job": { template: ["spec", "template"], job: true },
  "batch/CronJob": { template: ["spec", "jobTemplate", "spec", "template"], job: true },
};

/** The native findings of one object of `group`/`kind`; paths from the object root. */
export function checkNative(obj: Obj, group: string, kind: string): NodeIssue[] {
  const issues: NodeIssue[] = [];
  const push = (path: Path, message: string) =>
    issues.push({ path, message, rule: "native", severity: "error" });
  const key = `${group}/${kind}`;
  if (key === "/Service") checkService(obj, push);
  if (key === "/ConfigMap" || key === "/Secret") checkDataKeys(obj, kind, push);
  const t = TEMPLATES[key];
  if (t) {
    const spec = at(obj, [...t.template, "spec"]);
    if (isObj(spec)) checkPodSpec(spec, [...t.template, "spec"], t.job === true, push);
    if (t.selector) checkSelector(obj, kind, t.selector, [...t.template, "metadata", "labels"], push);
  }
  return issues;
}

function at(obj: unknown, path: Path): unknown {
  let v = obj;
  for (const p of path) v = isObj(v) || Array.isArray(v) ? (v as Obj)[p as string] : undefined;
  return v;
}

type Push = (path: Path, message: string) => void;

function checkService(svc: Obj, push: Push): void {
  const spec = isObj(svc.spec) ? svc.spec : undefined;
  const ports = Array.isArray(spec?.ports) ? spec.ports : [];
  const type = spec?.type;
  if (ports.length === 0 && type !== "ExternalName" && spec?.clusterIP !== "None")
    push(["spec", "ports"], "Required value");
  const names = new Set<string>();
  const keys = new Set<string>();
  for (const [i, p] of ports.entries()) {
    if (!isObj(p)) continue;
    const base: Path = ["spec", "ports", i];
    const name = typeof p.name === "string" ? p.name : "";
    if (ports.length > 1 && !name) push([...base, "name"], "Required value");
    if (name) {
      if (!IANA_SVC_NAME.test(name) || name.length > 63)
        push([...base, "name"], `Invalid value: ${JSON.stringify(name)}: ${DNS1123_LABEL_MSG}`);
      if (names.has(name)) push([...base, "name"], `Duplicate value: ${JSON.stringify(name)}`);
      names.add(name);
    }
    if (typeof p.port === "number" && (p.port < 1 || p.port > 65535))
      push([...base, "port"], `Invalid value: ${p.port}: ${PORT_RANGE}`);
    checkTargetPort(p.targetPort, [...base, "targetPort"], push);
    const protocol = typeof p.protocol === "string" ? p.protocol : "TCP";
    const k = `${p.port}/${protocol}`;
    if (keys.has(k)) push(base, `Duplicate value: ${JSON.stringify({ port: p.port, protocol })}`);
    keys.add(k);
  }
}

function checkTargetPort(v: unknown, path: Path, push: Push): void {
  if (typeof v === "number" && (v < 1 || v > 65535)) push(path, `Invalid value: ${v}: ${PORT_RANGE}`);
  if (typeof v === "string") portNameProblem(v, path, push);
}

/** IsValidPortName: an IANA service name, at most 15 characters, with a letter. */
function portNameProblem(name: string, path: Path, push: Push): void {
  if (name.length > 15)
    push(path, `Invalid value: ${JSON.stringify(name)}: must be no more than 15 characters`);
  else if (!IANA_SVC_NAME.test(name))
    push(
      path,
      `Invalid value: ${JSON.stringify(name)}: must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)`,
    );
  else if (name.includes("--"))
    push(path, `Invalid value: ${JSON.stringify(name)}: must not contain consecutive hyphens`);
  else if (!/[a-z]/.test(name))
    push(path, `Invalid value: ${JSON.stringify(name)}: must contain at least one letter (a-z)`);
}

function checkPodSpec(spec: Obj, base: Path, job: boolean, push: Push): void {
  const containers = Array.isArray(spec.containers) ? spec.containers : [];
  if (containers.length === 0) push([...base, "containers"], "Required value");
  const volumes = new Set<string>();
  for (const [i, v] of (Array.isArray(spec.volumes) ? spec.volumes : []).entries()) {
    if (!isObj(v) || typeof v.name !== "string") continue;
    const path = [...base, "volumes", i, "name"];
    if (!DNS1123_LABEL.test(v.name) || v.name.length > 63)
      push(path, `Invalid value: ${JSON.stringify(v.name)}: ${DNS1123_LABEL_MSG}`);
    if (volumes.has(v.name)) push(path, `Duplicate value: ${JSON.stringify(v.name)}`);
    volumes.add(v.name);
  }
  const names = new Set<string>();
  const lists: Array<[string, unknown]> = [
    ["initContainers", spec.initContainers],
    ["containers", spec.containers],
  ];
  for (const [field, list] of lists) {
    if (!Array.isArray(list)) continue;
    for (const [i, c] of list.entries()) {
      if (!isObj(c)) continue;
      const cBase: Path = [...base, field, i];
      const name = typeof c.name === "string" ? c.name : "";
      if (!name) push([...cBase, "name"], "Required value");
      else {
        if (!DNS1123_LABEL.test(name) || name.length > 63)
          push([...cBase, "name"], `Invalid value: ${JSON.stringify(name)}: ${DNS1123_LABEL_MSG}`);
        if (names.has(name)) push([...cBase, "name"], `Duplicate value: ${JSON.stringify(name)}`);
        names.add(name);
      }
      if (typeof c.image !== "string" || !c.image.trim()) push([...cBase, "image"], "Required value");
      checkContainerPorts(c, cBase, push);
      for (const [j, m] of (Array.isArray(c.volumeMounts) ? c.volumeMounts : []).entries()) {
        if (!isObj(m) || typeof m.name !== "string") continue;
        if (!volumes.has(m.name))
          push([...cBase, "volumeMounts", j, "name"], `Not found: ${JSON.stringify(m.name)}`);
        if (typeof m.mountPath !== "string" || !m.mountPath)
          push([...cBase, "volumeMounts", j, "mountPath"], "Required value");
      }
    }
  }
  const policy = spec.restartPolicy;
  if (policy !== undefined) {
    const allowed = job ? ["OnFailure", "Never"] : ["Always", "OnFailure", "Never"];
    if (!allowed.includes(String(policy)))
      push(
        [...base, "restartPolicy"],
        `Unsupported value: ${JSON.stringify(policy)}: supported values: ${allowed.map((a) => JSON.stringify(a)).join(", ")}`,
      );
  } else if (job) {
    // A Job's pods default to Always, which the apiserver then refuses: restartPolicy is required.
    push([...base, "restartPolicy"], 'Required value: valid values: "OnFailure", "Never"');
  }
}

function checkContainerPorts(c: Obj, cBase: Path, push: Push): void {
  const names = new Set<string>();
  for (const [k, p] of (Array.isArray(c.ports) ? c.ports : []).entries()) {
    if (!isObj(p)) continue;
    const base = [...cBase, "ports", k];
    if (typeof p.containerPort === "number" && (p.containerPort < 1 || p.containerPort > 65535))
      push([...base, "containerPort"], `Invalid value: ${p.containerPort}: ${PORT_RANGE}`);
    if (typeof p.hostPort === "number" && p.hostPort !== 0 && (p.hostPort < 1 || p.hostPort > 65535))
      push([...base, "hostPort"], `Invalid value: ${p.hostPort}: ${PORT_RANGE}`);
    if (typeof p.name === "string" && p.name) {
      portNameProblem(p.name, [...base, "name"], push);
      if (names.has(p.name)) push([...base, "name"], `Duplicate value: ${JSON.stringify(p.name)}`);
      names.add(p.name);
    }
  }
}

/** A workload's selector must be set and must select its own template's labels. */
function checkSelector(obj: Obj, kind: string, selectorPath: Path, labelsPath: Path, push: Push): void {
  const selector = at(obj, selectorPath);
  if (!isObj(selector)) {
    push(selectorPath, "Required value");
    return;
  }
  const labels = at(obj, labelsPath);
  const have = isObj(labels) ? labels : {};
  const matchLabels = isObj(selector.matchLabels) ? selector.matchLabels : {};
  const exprs = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  if (Object.keys(matchLabels).length === 0 && exprs.length === 0) {
    push(selectorPath, `Invalid value: empty selector is invalid for ${kind.toLowerCase()}`);
    return;
  }
  let ok = Object.entries(matchLabels).every(([k, v]) => have[k] === v);
  for (const e of exprs) {
    if (!isObj(e) || typeof e.key !== "string") continue;
    const values = Array.isArray(e.values) ? e.values.map(String) : [];
    const v = have[e.key];
    if (e.operator === "In") ok &&= typeof v === "string" && values.includes(v);
    else if (e.operator === "NotIn") ok &&= !(typeof v === "string" && values.includes(v));
    else if (e.operator === "Exists") ok &&= v !== undefined;
    else if (e.operator === "DoesNotExist") ok &&= v === undefined;
  }
  if (!ok) push(labelsPath, "Invalid value: `selector` does not match template `labels`");
}

function checkDataKeys(obj: Obj, kind: string, push: Push): void {
  const seen = new Set<string>();
  const fields = kind === "Secret" ? ["data", "stringData"] : ["data", "binaryData"];
  for (const field of fields) {
    const data = obj[field];
    if (!isObj(data)) continue;
    for (const k of Object.keys(data)) {
      if (k.length > 253 || !CONFIG_KEY.test(k))
        push(
          [field, k],
          `Invalid value: ${JSON.stringify(k)}: a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
        );
      // data and binaryData (ConfigMap) may not share a key; stringData merges into data.
      if (kind === "ConfigMap" && seen.has(k))
        push([field, k], `Invalid value: ${JSON.stringify(k)}: duplicate of key present in data`);
      seen.add(k);
    }
  }
}
