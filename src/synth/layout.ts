/**
 * Maps a resource graph onto a Flux-friendly tree under `clusters/<cluster>/<layer>/…`, with a
 * `kustomization.yaml` in each folder listing what it holds in sorted order. Two granularities:
 *
 * - `files: "resource"` (default): one folder per unit, one file per resource — the easiest
 *   layout to review in a pull request.
 * - `files: "unit"`: one multi-document file per unit — an app becomes `<layer>/<app>.yaml`,
 *   resources added to a layer or cluster directly go to `_resources.yaml` (a name no unit can
 *   have). Far fewer files for very large planes, where file creation dominates synth time.
 *
 * Layer folders reconciled by their own Flux Kustomization are not listed by the cluster's
 * kustomization.yaml (Flux applies them separately, in dependsOn order).
 */
import { KilnError } from "../core/errors.ts";
import type { GraphNode, ResourceGraph, UnitInfo } from "../model/graph.ts";
import { isSopsSecret } from "../model/sops.ts";
import { toJson, toYaml, unwritableValue } from "./serialize.ts";

export type OutputFormat = "yaml" | "json";
export type FileGranularity = "resource" | "unit";

export interface LayoutOptions {
  format?: OutputFormat;
  files?: FileGranularity;
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9.-]+/g, "-");
}

/** Short, unique file names within one folder: kind-name, then with namespace, then with group. */
function fileNames(nodes: GraphNode[], ext: string): Map<GraphNode, string> {
  const variants = (n: GraphNode) => [
    `${slug(n.id.kind)}-${slug(n.id.name)}`,
    `${slug(n.id.kind)}-${n.id.namespace ? `${slug(n.id.namespace)}-` : ""}${slug(n.id.name)}`,
    `${slug(n.id.kind)}-${n.id.group ? `${slug(n.id.group)}-` : ""}${n.id.namespace ? `${slug(n.id.namespace)}-` : ""}${slug(n.id.name)}`,
  ];
  const out = new Map<GraphNode, string>();
  for (let level = 0; level < 3; level++) {
    const counts = new Map<string, number>();
    const pending = nodes.filter((n) => !out.has(n));
    for (const n of pending) counts.set(variants(n)[level]!, (counts.get(variants(n)[level]!) ?? 0) + 1);
    for (const n of pending) {
      const name = variants(n)[level]!;
      if (counts.get(name) === 1 || level === 2) out.set(n, `${name}.${ext}`);
    }
  }
  return out;
}

const join = (folder: string, name: string) => (folder ? `${folder}/${name}` : name);
const parentOf = (folder: string) => folder.slice(0, Math.max(0, folder.lastIndexOf("/")));

function nodesByUnit(graph: ResourceGraph): Map<string, GraphNode[]> {
  const byUnit = new Map<string, GraphNode[]>();
  for (const node of graph.nodes()) {
    const key = node.origin.unit.join("/");
    if (!byUnit.has(key)) byUnit.set(key, []);
    byUnit.get(key)!.push(node);
  }
  return byUnit;
}

const ROOT_UNIT: UnitInfo = { kind: "root", path: [], folder: "" };

/**
 * Where each `sopsSecret()` is written (node key → output path): a file of its own,
 * `<kind>-<name>.sops.<ext>` in its unit's folder (with `files: "unit"`, prefixed by the app's
 * name or `_resources.`), so `sops -d` and `.sops.yaml` path rules see one encrypted document.
 */
export function sopsSecretFiles(graph: ResourceGraph, opts: LayoutOptions = {}): Map<string, string> {
  const ext = opts.format === "json" ? "json" : "yaml";
  const out = new Map<string, string>();
  for (const [key, nodes] of nodesByUnit(graph)) {
    if (!nodes.some((n) => isSopsSecret(n.object))) continue;
    const unit = graph.units.get(key) ?? ROOT_UNIT;
    const sopsName = (name: string) => `${name.slice(0, -ext.length)}sops.${ext}`;
    if (opts.files === "unit") {
      const sops = nodes.filter((n) => isSopsSecret(n.object));
      const names = fileNames(sops, ext);
      const app = unit.kind === "app";
      const prefix = app ? `${unit.path[unit.path.length - 1]}.` : "_resources.";
      const folder = app ? parentOf(unit.folder) : unit.folder;
      for (const n of sops) out.set(n.key, join(folder, prefix + sopsName(names.get(n)!)));
    } else {
      const names = fileNames(nodes, ext);
      for (const n of nodes)
        if (isSopsSecret(n.object)) out.set(n.key, join(unit.folder, sopsName(names.get(n)!)));
    }
  }
  return out;
}

/**
 * The complete output tree as relative path → content. Pure and deterministic. A `sopsSecret()`
 * is written only as the encrypted text `kiln build` put in `graph.sopsTexts`; one without it is
 * an error (nothing is ever written in plaintext).
 */
export function layoutFiles(graph: ResourceGraph, opts: LayoutOptions = {}): Map<string, string> {
  const ext = opts.format === "json" ? "json" : "yaml";
  const serialize = ext === "json" ? toJson : toYaml;
  const perUnit = opts.files === "unit";
  const byUnit = nodesByUnit(graph);
  const sopsFiles = sopsSecretFiles(graph, opts);
  for (const node of graph.nodes()) {
    const bad = unwritableValue(node.object);
    if (bad) {
      const o = node.origin;
      throw new KilnError(`${bad.what} cannot be written: a manifest holds only JSON data`, {
        ...(o.file ? { file: o.file, line: o.line, column: o.column } : {}),
        resource: `${node.id.kind} ${node.id.namespace ? `${node.id.namespace}/` : ""}${node.id.name}`,
        path: bad.path,
      });
    }
  }
  const files = new Map<string, string>();
  /** folder → entries its kustomization.yaml lists */
  const listed = new Map<string, Set<string>>();
  const list = (folder: string, entry: string) => {
    if (!listed.has(folder)) listed.set(folder, new Set());
    listed.get(folder)!.add(entry);
  };
  for (const [key, all] of byUnit) {
    const unit: UnitInfo = graph.units.get(key) ?? ROOT_UNIT;
    for (const n of all) {
      const file = sopsFiles.get(n.key);
      if (file === undefined) continue;
      const text = graph.sopsTexts.get(n.key);
      if (text === undefined)
        throw new KilnError(
          "a sopsSecret is written only encrypted: `kiln build` encrypts it (layoutFiles got it unencrypted)",
          { resource: `Secret ${n.id.namespace ? `${n.id.namespace}/` : ""}${n.id.name}` },
        );
      if (files.has(file)) throw new KilnError(`two resources are written to ${file}`);
      files.set(file, text);
      list(parentOf(file), file.slice(file.lastIndexOf("/") + 1));
    }
    const nodes = perUnit ? all.filter((n) => !sopsFiles.has(n.key)) : all;
    if (perUnit && nodes.length === 0) continue;
    if (perUnit) {
      const docs = nodes.map((n) => serialize(n.object));
      const content =
        ext === "json"
          ? `${JSON.stringify(
              nodes.map((n) => JSON.parse(serialize(n.object))),
              null,
              2,
            )}\n`
          : docs.join("---\n");
      const folder = unit.kind === "app" ? parentOf(unit.folder) : unit.folder;
      const name = unit.kind === "app" ? `${unit.path[unit.path.length - 1]}.${ext}` : `_resources.${ext}`;
      files.set(join(folder, name), content);
      list(folder, name);
    } else {
      const names = fileNames(nodes, ext);
      for (const n of nodes) {
        if (sopsFiles.has(n.key)) continue;
        const file = join(unit.folder, names.get(n)!);
        if (files.has(file)) throw new KilnError(`two resources are written to ${file}`);
        files.set(file, serialize(n.object));
        list(unit.folder, names.get(n)!);
      }
    }
  }
  // Sub-folders are listed by their parent, except layer folders that Flux reconciles on their own.
  const fluxLayers = fluxReconciledLayers(graph);
  const units = [...graph.units.values()].sort((a, b) => b.path.length - a.path.length);
  for (const unit of units) {
    if (unit.kind === "root" || unit.kind === "cluster") continue;
    if (!listed.get(unit.folder)?.size) continue;
    if (unit.kind === "layer" && fluxLayers.has(unit.path.join("/"))) continue;
    list(parentOf(unit.folder), unit.path[unit.path.length - 1]!);
  }
  // A layer Flux reconciles on its own is written even when empty: its Kustomization's path must
  // exist, and an empty kustomization applies nothing.
  for (const key of fluxLayers) {
    const unit = graph.units.get(key);
    if (unit?.kind === "layer" && !listed.get(unit.folder)?.size) listed.set(unit.folder, new Set());
  }
  for (const [folder, entries] of listed) {
    if (!folder) continue;
    if (entries.size === 0 && !fluxLayerFolder(graph, fluxLayers, folder)) continue;
    const kustomization = {
      apiVersion: "kustomize.config.k8s.io/v1beta1",
      kind: "Kustomization",
      resources: [...entries].sort(),
    };
    files.set(`${folder}/kustomization.yaml`, toYaml(kustomization));
  }
  for (const [p, content] of graph.artifacts) {
    if (files.has(p))
      throw new KilnError(`file ${p} added with unit.file() collides with a generated manifest`);
    files.set(p, content);
  }
  // A path cannot be both a file and a folder (`x` and `x/y`).
  const names = [...files.keys()].sort();
  const all = new Set(names);
  for (const n of names) {
    for (let i = n.indexOf("/"); i > 0; i = n.indexOf("/", i + 1)) {
      const dir = n.slice(0, i);
      if (all.has(dir)) throw new KilnError(`output ${dir} is written as a file and as a folder (${n})`);
    }
  }
  return files;
}

function fluxLayerFolder(graph: ResourceGraph, fluxLayers: Set<string>, folder: string): boolean {
  for (const key of fluxLayers) if (graph.units.get(key)?.folder === folder) return true;
  return false;
}

/** `cluster/layer` keys of layers that have a Flux Kustomization of their own in the cluster folder. */
function fluxReconciledLayers(graph: ResourceGraph): Set<string> {
  const out = new Set<string>();
  for (const n of graph.nodes()) {
    if (
      n.id.kind === "Kustomization" &&
      n.id.group === "kustomize.toolkit.fluxcd.io" &&
      n.origin.unit.length === 1
    ) {
      out.add(`${n.origin.unit[0]}/${n.id.name}`);
    }
  }
  return out;
}
