/**
 * Maps a resource graph onto a Flux-friendly tree: one folder per unit
 * (`clusters/<cluster>/<layer>/<app>/`), one file per resource, and a `kustomization.yaml` in
 * each folder listing its files and sub-folders in sorted order.
 */
import type { GraphNode, ResourceGraph, UnitInfo } from "../model/graph.ts";
import { toJson, toYaml } from "./serialize.ts";

export type OutputFormat = "yaml" | "json";

export interface LayoutOptions {
  format?: OutputFormat;
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9.-]+/g, "-");
}

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

/** The complete output tree as relative path → content. Pure and deterministic. */
export function layoutFiles(graph: ResourceGraph, opts: LayoutOptions = {}): Map<string, string> {
  const format = opts.format ?? "yaml";
  const ext = format === "json" ? "json" : "yaml";
  const serialize = format === "json" ? toJson : toYaml;
  const byFolder = new Map<string, GraphNode[]>();
  for (const node of graph.nodes()) {
    const unit = graph.units.get(node.origin.unit.join("/"));
    const folder = unit?.folder ?? "";
    if (!byFolder.has(folder)) byFolder.set(folder, []);
    byFolder.get(folder)!.push(node);
  }
  const files = new Map<string, string>();
  const listed = new Map<string, Set<string>>();
  for (const [folder, nodes] of byFolder) {
    const names = fileNames(nodes, ext);
    const entries = new Set<string>();
    for (const n of nodes) {
      const name = names.get(n)!;
      files.set(folder ? `${folder}/${name}` : name, serialize(n.object));
      entries.add(name);
    }
    listed.set(folder, entries);
  }
  // Sub-folders are listed by their parent, except layer folders that Flux reconciles on their own.
  const units = [...graph.units.values()].sort((a, b) => b.path.length - a.path.length);
  for (const unit of units) {
    if (unit.kind === "root" || unit.kind === "cluster") continue;
    if (!listed.get(unit.folder)?.size) continue;
    if (unit.kind === "layer" && hasFluxKustomization(graph, unit)) continue;
    const parent = unit.folder.slice(0, unit.folder.lastIndexOf("/"));
    if (!listed.has(parent)) listed.set(parent, new Set());
    listed.get(parent)!.add(`${unit.path[unit.path.length - 1]}`);
  }
  for (const [folder, entries] of listed) {
    if (!folder || entries.size === 0) continue;
    const kustomization = {
      apiVersion: "kustomize.config.k8s.io/v1beta1",
      kind: "Kustomization",
      resources: [...entries].sort(),
    };
    files.set(`${folder}/kustomization.${ext === "json" ? "yaml" : ext}`, toYaml(kustomization));
  }
  for (const [p, content] of graph.artifacts) {
    if (files.has(p)) throw new Error(`artifact ${p} collides with a generated file`);
    files.set(p, content);
  }
  return files;
}

function hasFluxKustomization(graph: ResourceGraph, unit: UnitInfo): boolean {
  const [cluster, layer] = unit.path;
  return graph
    .nodes()
    .some(
      (n) =>
        n.id.kind === "Kustomization" &&
        n.id.group === "kustomize.toolkit.fluxcd.io" &&
        n.id.name === layer &&
        n.origin.unit.length === 1 &&
        n.origin.unit[0] === cluster,
    );
}
