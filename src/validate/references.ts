/**
 * Cross-resource checks: do the resources agree with each other? Flux sources and dependsOn
 * targets exist (and dependsOn has no cycle), valuesFrom/substituteFrom objects exist or are
 * optional or produced in-cluster, Kustomization paths exist in the tree, Compositions match an
 * XRD and name existing Functions, namespaces exist.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parseApiVersion } from "../core/identity.ts";
import { displayPath } from "../core/paths.ts";
import { parseYamlDocuments } from "../core/yaml.ts";
import type { ObjectFacts, Ref } from "./facts.ts";

/** A cross-resource finding, located at the referring object. */
export interface RefFinding {
  severity: "error" | "warning";
  message: string;
  rule: string;
  /** Index of the object in the facts list. */
  index: number;
  path: Array<string | number>;
}

export interface ReferenceOptions {
  /** Root of the repository tree that Flux Kustomization paths are relative to. */
  treeRoot?: string;
  /**
   * Where `treeRoot` sits inside the repository (a control plane's `repoPath`): Flux paths are
   * resolved after taking this prefix off; paths outside it are not kiln's output and are skipped.
   */
  treePrefix?: string;
}

/** Namespaces every cluster has. */
const BUILTIN_NAMESPACES = new Set(["default", "kube-system", "kube-public", "kube-node-lease"]);
/** Core kinds that are cluster-scoped (for objects whose schema is unknown). */
const CLUSTER_KINDS = new Set([
  "/Namespace",
  "/Node",
  "/PersistentVolume",
  "rbac.authorization.k8s.io/ClusterRole",
  "rbac.authorization.k8s.io/ClusterRoleBinding",
  "apiextensions.k8s.io/CustomResourceDefinition",
  "storage.k8s.io/StorageClass",
  "storage.k8s.io/CSIDriver",
  "scheduling.k8s.io/PriorityClass",
  "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
  "admissionregistration.k8s.io/MutatingWebhookConfiguration",
  "networking.k8s.io/IngressClass",
]);

const key = (
  cluster: string | undefined,
  group: string,
  kind: string,
  ns: string | undefined,
  name: string,
) => `${cluster ?? ""}|${group}/${kind}/${ns ?? ""}/${name}`;
const show = (kind: string, ns: string | undefined, name: string) => `${kind} ${ns ? `${ns}/` : ""}${name}`;

/** Runs every cross-resource check over the facts of all objects. */
export function checkReferences(facts: readonly ObjectFacts[], opts: ReferenceOptions = {}): RefFinding[] {
  const out: RefFinding[] = [];
  const byKey = new Map<string, number>();
  const byKindName = new Set<string>();
  facts.forEach((f, i) => {
    const k = key(f.cluster, f.group, f.kind, f.namespace, f.name);
    const first = byKey.get(k);
    if (first !== undefined && f.name) out.push(duplicate(facts[first]!, f, i));
    else byKey.set(k, i);
    byKindName.add(key(f.cluster, "", f.kind, f.namespace, f.name));
  });
  const produced = new Map<string, string>();
  for (const f of facts)
    for (const p of f.produces) produced.set(key(f.cluster, "", p.kind, p.namespace, p.name), p.by);
  const exists = (c: string | undefined, r: Ref) => {
    if (r.group) return byKey.has(key(c, r.group, r.kind, r.namespace, r.name));
    // Core objects (Secret, ConfigMap) and kind-only references.
    return byKindName.has(key(c, "", r.kind, r.namespace, r.name));
  };
  facts.forEach((f, index) => {
    for (const r of f.refs) {
      if (exists(f.cluster, r)) continue;
      const what = show(r.kind || "(no kind)", r.namespace, r.name);
      const by =
        produced.get(key(f.cluster, "", r.kind, r.namespace, r.name)) ??
        produced.get(key(f.cluster, "", r.kind, "*", r.name));
      if (by) continue;
      if (r.optional) continue;
      const hint =
        r.edge === "valuesFrom" || r.edge === "substituteFrom"
          ? " (mark it optional: true if it may be absent)"
          : "";
      out.push({
        severity: "error",
        rule: `ref/${r.edge}`,
        index,
        path: r.path,
        message: `refers to ${what}, which is not defined${hint}`,
      });
    }
  });
  for (const kind of ["Kustomization", "HelmRelease"]) out.push(...dependsOnCycles(facts, kind));
  out.push(...compositionChecks(facts));
  out.push(...namespaceChecks(facts));
  if (opts.treeRoot) out.push(...pathChecks(facts, opts.treeRoot, opts.treePrefix));
  return out;
}

/**
 * One identity defined twice: the apiserver keeps one of them, whichever is applied last. In one
 * file (or one cluster of a graph) that is an error, as `kiln build` makes it; across files it is
 * a warning, since a folder may hold several clusters' manifests side by side.
 */
function duplicate(first: ObjectFacts, again: ObjectFacts, index: number): RefFinding {
  const where = first.file
    ? ` (first at ${displayPath(first.file)}${first.line ? `:${first.line}` : ""})`
    : "";
  const sameFile = first.file === again.file || again.cluster !== undefined;
  return {
    severity: sameFile ? "error" : "warning",
    rule: "identity/duplicate",
    index,
    path: ["metadata", "name"],
    message: `${show(again.kind, again.namespace, again.name)} is defined twice${where}${sameFile ? "" : "; if both reach one cluster, the one applied last wins"}`,
  };
}

function dependsOnCycles(facts: readonly ObjectFacts[], kind: string): RefFinding[] {
  const nodes = new Map<string, number>();
  facts.forEach((f, i) => {
    if (f.kind === kind) nodes.set(`${f.cluster ?? ""}|${f.namespace ?? ""}/${f.name}`, i);
  });
  const edges = (i: number) =>
    facts[i]!.refs.filter((r) => r.edge === "dependsOn" && r.kind === kind)
      .map((r) => nodes.get(`${facts[i]!.cluster ?? ""}|${r.namespace ?? ""}/${r.name}`))
      .filter((x): x is number => x !== undefined);
  const state = new Map<number, 1 | 2>();
  const stack: number[] = [];
  const found: RefFinding[] = [];
  const reported = new Set<string>();
  const visit = (i: number) => {
    state.set(i, 1);
    stack.push(i);
    for (const j of edges(i)) {
      if (state.get(j) === 1) {
        const cycle = stack.slice(stack.indexOf(j));
        const names = [...cycle, j].map((n) => show(kind, facts[n]!.namespace, facts[n]!.name));
        const id = [...cycle].sort((a, b) => a - b).join(",");
        if (!reported.has(id)) {
          reported.add(id);
          const first = Math.min(...cycle);
          found.push({
            severity: "error",
            rule: "ref/dependsOn-cycle",
            index: first,
            path: ["spec", "dependsOn"],
            message: `dependsOn cycle: ${names.join(" → ")}`,
          });
        }
      } else if (!state.has(j)) visit(j);
    }
    stack.pop();
    state.set(i, 2);
  };
  for (const i of [...nodes.values()].sort((a, b) => a - b)) if (!state.has(i)) visit(i);
  return found;
}

function compositionChecks(facts: readonly ObjectFacts[]): RefFinding[] {
  const out: RefFinding[] = [];
  const xrds = facts.filter((f) => f.defines).map((f) => ({ ...f.defines!, cluster: f.cluster }));
  facts.forEach((f, index) => {
    if (!f.composes) return;
    const { group, version } = parseApiVersion(f.composes.apiVersion);
    const match = xrds.find(
      (d) => d.cluster === f.cluster && d.group === group && d.kind === f.composes!.kind,
    );
    if (!match) {
      out.push({
        severity: "error",
        rule: "ref/compositeTypeRef",
        index,
        path: ["spec", "compositeTypeRef"],
        message: `compositeTypeRef ${f.composes.apiVersion} ${f.composes.kind} matches no CompositeResourceDefinition`,
      });
    } else if (!match.versions.includes(version)) {
      out.push({
        severity: "error",
        rule: "ref/compositeTypeRef",
        index,
        path: ["spec", "compositeTypeRef", "apiVersion"],
        message: `the XRD for ${f.composes.kind} defines versions ${match.versions.join(", ")}, not ${version}`,
      });
    }
  });
  return out;
}

function namespaceChecks(facts: readonly ObjectFacts[]): RefFinding[] {
  const namespaces = new Set(
    facts.filter((f) => f.group === "" && f.kind === "Namespace").map((f) => `${f.cluster ?? ""}|${f.name}`),
  );
  // Namespaces a controller makes (a HelmRelease's install.createNamespace).
  for (const f of facts)
    for (const p of f.produces) if (p.kind === "Namespace") namespaces.add(`${f.cluster ?? ""}|${p.name}`);
  const out: RefFinding[] = [];
  facts.forEach((f, index) => {
    if (
      !f.namespace ||
      BUILTIN_NAMESPACES.has(f.namespace) ||
      namespaces.has(`${f.cluster ?? ""}|${f.namespace}`)
    )
      return;
    if (f.scope === "Cluster" || CLUSTER_KINDS.has(`${f.group}/${f.kind}`)) return;
    out.push({
      severity: "error",
      rule: "ref/namespace",
      index,
      path: ["metadata", "namespace"],
      message: `namespace ${f.namespace} is not defined (add a Namespace object)`,
    });
  });
  return out;
}

/** Flux resolves `spec.path` in the source; for the repository being validated we can check it. */
function pathChecks(facts: readonly ObjectFacts[], root: string, prefix?: string): RefFinding[] {
  const out: RefFinding[] = [];
  facts.forEach((f, index) => {
    for (const x of fluxPathFindings(f, { treeRoot: root, ...(prefix ? { treePrefix: prefix } : {}) }))
      out.push({ ...x, index });
  });
  return out;
}

/**
 * The path check of one object: it needs the tree, not the other objects, so file mode runs it
 * where the file is checked (in a worker thread, with the file's positions at hand).
 */
export function fluxPathFindings(
  f: ObjectFacts,
  opts: ReferenceOptions & { treeRoot: string },
): Array<Omit<RefFinding, "index">> {
  if (!f.fluxPath?.selfSource) return [];
  const root = opts.treeRoot;
  const pre = opts.treePrefix ? path.posix.normalize(opts.treePrefix).replace(/\/+$/, "") : ".";
  const rel = f.fluxPath.path;
  const finding = (message: string) => ({
    severity: "error" as const,
    rule: "ref/path",
    path: ["spec", "path"],
    message,
  });
  let inTree = path.posix.normalize(rel);
  if (pre !== ".") {
    if (inTree !== pre && !inTree.startsWith(`${pre}/`)) return [];
    inTree = inTree === pre ? "." : inTree.slice(pre.length + 1);
  }
  const dir = path.resolve(root, inTree);
  if (!(dir === root || dir.startsWith(root + path.sep)))
    return [finding(`path ${rel} leaves the repository`)];
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    return [finding(`path ${rel} does not exist in the repository tree`)];
  const out: Array<Omit<RefFinding, "index">> = [];
  for (const name of ["kustomization.yaml", "kustomization.yml", "Kustomization"]) {
    const file = path.join(dir, name);
    if (!existsSync(file)) continue;
    let listed: unknown;
    try {
      listed = (
        parseYamlDocuments(readFileSync(file, "utf8"), file)[0]?.value as { resources?: unknown } | null
      )?.resources;
    } catch (e) {
      out.push(finding(`${path.join(rel, name)}: ${(e as Error).message}`));
      break;
    }
    for (const entry of Array.isArray(listed) ? listed : []) {
      if (typeof entry !== "string" || /^[a-z]+:\/\//.test(entry) || entry.includes("?ref=")) continue;
      if (!existsSync(path.resolve(dir, entry)))
        out.push(finding(`${path.posix.join(rel, name)} lists ${entry}, which does not exist`));
    }
    break;
  }
  return out;
}
