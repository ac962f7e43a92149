/**
 * The resource graph: every object a control plane renders, with where it came from and the
 * typed edges that later stages (validation, reports) discover between objects.
 */
import { KilnError } from "../core/errors.ts";
import { formatIdentity, type Identity, identityKey, identityOf, type KubeObject } from "../core/identity.ts";

export type UnitKind = "root" | "cluster" | "layer" | "app";

/** Layout facts about a unit. */
export interface UnitInfo {
  kind: UnitKind;
  path: string[];
  /** Output folder relative to the output root (posix separators, "" for the root). */
  folder: string;
}

/** Where a resource was produced: the unit path and the user's source location. */
export interface Origin {
  /** Unit path from the root, e.g. `["home", "controllers", "traefik"]`. */
  unit: string[];
  /** User source file that called `add`, when known. */
  file?: string;
  line?: number;
  column?: number;
  /**
   * Taken from elsewhere (`include()`: parsed YAML, another tool's output) rather than written by
   * this control plane: fields its schema does not know are warnings, not errors, in `kiln build`.
   */
  foreign?: boolean;
}

export interface GraphNode {
  key: string;
  id: Identity;
  object: KubeObject;
  origin: Origin;
}

/** Kinds of relationships between resources. */
export type EdgeKind =
  | "dependsOn"
  | "sourceRef"
  | "chartRef"
  | "valuesFrom"
  | "substituteFrom"
  | "compositeTypeRef"
  | "functionRef"
  | "namespace"
  | "secretRef"
  | "configMapRef"
  | "providerConfigRef"
  | "owner";

export interface Edge {
  from: string;
  to: string;
  kind: EdgeKind;
  /** JSON path in `from` where the reference is written. */
  path?: string;
}

function formatOrigin(o: Origin): string {
  const where = o.file ? ` at ${o.file}${o.line ? `:${o.line}` : ""}${o.column ? `:${o.column}` : ""}` : "";
  return `unit ${o.unit.join("/") || "(root)"}${where}`;
}

export class ResourceGraph {
  /** Units by path (`cluster/layer/app`, "" for the root); synth maps them to folders. */
  readonly units = new Map<string, UnitInfo>();
  /** Non-manifest files by output-relative path. */
  readonly artifacts = new Map<string, string>();
  /**
   * Node key → the file text of a `sopsSecret()` once `kiln build` encrypted it (sops' own layout,
   * written as is). Set only through {@link ResourceGraph.sealSopsSecret}.
   */
  readonly sopsTexts = new Map<string, string>();
  readonly #nodes = new Map<string, GraphNode>();
  readonly #edges: Edge[] = [];

  /** Adds an object. Throws a KilnError naming both producers when the identity already exists. */
  add(object: KubeObject, origin: Origin): GraphNode {
    if (
      !object ||
      typeof object !== "object" ||
      typeof object.apiVersion !== "string" ||
      !object.apiVersion
    ) {
      throw new KilnError(
        "resource has no apiVersion",
        origin.file ? { file: origin.file, line: origin.line } : {},
      );
    }
    if (typeof object.kind !== "string" || !object.kind) {
      throw new KilnError(`resource (${object.apiVersion}) has no kind`, originLocation(origin));
    }
    if (!object.metadata?.name) {
      throw new KilnError(`${object.kind} has no metadata.name`, originLocation(origin));
    }
    const top = origin.unit[0];
    const id = identityOf(
      object,
      top !== undefined && this.units.get(top)?.kind === "cluster" ? top : undefined,
    );
    const key = identityKey(id);
    const prev = this.#nodes.get(key);
    if (prev) {
      throw new KilnError(
        `duplicate resource ${formatIdentity(id)}: produced by ${formatOrigin(prev.origin)} and by ${formatOrigin(origin)}`,
        { ...originLocation(origin), resource: formatIdentity(id) },
      );
    }
    const node: GraphNode = { key, id, object, origin };
    this.#nodes.set(key, node);
    return node;
  }

  /**
   * Replaces a `sopsSecret()` node's object by its encrypted form (the object validators see, its
   * values `ENC[…]`) and records the text to write. The identity must not change.
   */
  sealSopsSecret(key: string, encrypted: KubeObject, text: string): void {
    const node = this.#nodes.get(key);
    if (!node) throw new Error(`no node ${key}`);
    node.object = encrypted;
    this.sopsTexts.set(key, text);
  }

  addEdge(edge: Edge): void {
    this.#edges.push(edge);
  }

  get(key: string): GraphNode | undefined {
    return this.#nodes.get(key);
  }

  /** Looks up by identity parts; version is ignored; `cluster` is needed for objects inside a cluster unit. */
  find(id: Omit<Identity, "version"> & { version?: string }): GraphNode | undefined {
    return this.#nodes.get(identityKey({ ...id, version: id.version ?? "" }));
  }

  /** All nodes in insertion order. */
  nodes(): GraphNode[] {
    return [...this.#nodes.values()];
  }

  /** All objects in insertion order. */
  objects(): KubeObject[] {
    return this.nodes().map((n) => n.object);
  }

  edges(): readonly Edge[] {
    return this.#edges;
  }

  get size(): number {
    return this.#nodes.size;
  }
}

function originLocation(o: Origin) {
  return o.file
    ? { file: o.file, ...(o.line ? { line: o.line } : {}), ...(o.column ? { column: o.column } : {}) }
    : {};
}
