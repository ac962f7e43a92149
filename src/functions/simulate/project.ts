/**
 * What `kiln simulate <dir>` simulates: the XRs of a control plane's rendered resource graph
 * (objects whose apiVersion/kind a Composition's compositeTypeRef names), each with the
 * Composition it selects and the Functions of the graph. kiln function modules come from each
 * Function's `kiln.dev/function-module` annotation, relative to the project folder.
 */
import path from "node:path";
import { KilnError, type Location } from "../../core/errors.ts";
import { formatIdentity } from "../../core/identity.ts";
import { isObject } from "../../core/object.ts";
import { displayPath } from "../../core/paths.ts";
import type { GraphNode, ResourceGraph } from "../../model/graph.ts";
import { checkComposition, type LoadedObject } from "../render/load.ts";
import type { FunctionManifest } from "../render/runners.ts";

/** One XR to simulate, with the Composition and Functions of its cluster. */
export interface ProjectXR {
  xr: GraphNode;
  composition: GraphNode;
  functions: FunctionManifest[];
}

export interface SimulationProject {
  xrs: ProjectXR[];
}

/**
 * Objects in the XR's cluster when there are any (a control plane with two clusters has two
 * copies of the platform API, one per cluster), else all of them.
 */
function sameCluster(xr: GraphNode, nodes: readonly GraphNode[]): GraphNode[] {
  const mine = nodes.filter((n) => n.id.cluster === xr.id.cluster);
  return mine.length ? mine : [...nodes];
}

function originOf(n: GraphNode): Location {
  return {
    ...(n.origin.file ? { file: n.origin.file } : {}),
    ...(n.origin.line ? { line: n.origin.line } : {}),
    resource: formatIdentity(n.id),
  };
}

/** A graph node seen as a loaded file, so the render loader's checks (and their file:line) apply to it. */
export function asLoaded(n: GraphNode): LoadedObject {
  const line = n.origin.line ?? 1;
  return {
    object: n.object,
    file: n.origin.file ?? "(control plane)",
    doc: { index: 0, value: n.object, line, locate: () => ({ line, column: n.origin.column ?? 1 }) },
  };
}

/**
 * Finds the XRs (all, or those named `only`: `name` or `namespace/name`), their Compositions and
 * the Functions in a rendered graph. Throws a KilnError when nothing matches or a Composition
 * cannot be chosen.
 */
export function findSimulationProject(
  graph: ResourceGraph,
  projectDir: string,
  only?: string,
): SimulationProject {
  const nodes = graph.nodes();
  const compositions = nodes.filter(
    (n) => n.object.apiVersion === "apiextensions.crossplane.io/v1" && n.object.kind === "Composition",
  );
  const types = new Set(compositions.map((c) => typeKey(c.object.spec)));
  const functions = nodes.filter(
    (n) => n.object.kind === "Function" && /^pkg\.crossplane\.io\/v1(beta1)?$/.test(n.object.apiVersion),
  );
  let xrs = nodes.filter((n) => types.has(`${n.object.apiVersion}|${n.object.kind}`));
  if (only !== undefined) {
    xrs = xrs.filter(
      (n) =>
        n.object.metadata.name === only ||
        `${n.object.metadata.namespace ?? ""}/${n.object.metadata.name}` === only,
    );
  }
  if (xrs.length === 0) {
    const known = nodes
      .filter((n) => types.has(`${n.object.apiVersion}|${n.object.kind}`))
      .map((n) => formatIdentity(n.id))
      .join(", ");
    throw new KilnError(
      only !== undefined
        ? `no XR named "${only}" in ${displayPath(projectDir)} (XRs: ${known || "none"})`
        : `no XRs in ${displayPath(projectDir)}: no object's apiVersion and kind match a Composition's compositeTypeRef (${compositions.length} Compositions)`,
    );
  }
  return {
    xrs: xrs.map((xr) => ({
      xr,
      composition: chooseComposition(xr, sameCluster(xr, compositions)),
      functions: sameCluster(xr, functions).map((n) => ({
        object: n.object,
        location: originOf(n),
        baseDir: projectDir,
      })),
    })),
  };
}

function typeKey(spec: unknown): string {
  const ref = isObject(spec) && isObject(spec.compositeTypeRef) ? spec.compositeTypeRef : {};
  return `${String(ref.apiVersion)}|${String(ref.kind)}`;
}

/** The Composition an XR uses: its compositionRef, else the one its selector (or type alone) picks. */
function chooseComposition(xr: GraphNode, compositions: readonly GraphNode[]): GraphNode {
  const spec = isObject(xr.object.spec) ? xr.object.spec : {};
  const cp = isObject(spec.crossplane) ? spec.crossplane : spec;
  const ref = isObject(cp.compositionRef) ? cp.compositionRef : undefined;
  const type = `${xr.object.apiVersion}|${xr.object.kind}`;
  let candidates = compositions.filter((c) => typeKey(c.object.spec) === type);
  if (ref) {
    candidates = candidates.filter((c) => c.object.metadata.name === ref.name);
    if (candidates.length === 0) {
      throw new KilnError(
        `compositionRef names Composition "${String(ref.name)}", which is not in the project or not for ${xr.object.kind}`,
        originOf(xr),
      );
    }
  } else {
    const sel =
      isObject(cp.compositionSelector) && isObject(cp.compositionSelector.matchLabels)
        ? cp.compositionSelector.matchLabels
        : {};
    candidates = candidates.filter((c) =>
      Object.entries(sel).every(([k, v]) => c.object.metadata.labels?.[k] === v),
    );
    if (candidates.length !== 1) {
      throw new KilnError(
        candidates.length === 0
          ? "no Composition matches this XR's compositionSelector"
          : `${candidates.length} Compositions match this XR (${candidates.map((c) => c.object.metadata.name).join(", ")}); set spec.crossplane.compositionRef`,
        originOf(xr),
      );
    }
  }
  const chosen = candidates[0]!;
  checkComposition(asLoaded(chosen));
  return chosen;
}

/** The project folder: the folder given, or the entry file's folder. */
export function projectDirOf(entry: string | undefined, given: string): string {
  return entry ? path.dirname(entry) : path.resolve(given);
}
