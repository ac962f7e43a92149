/**
 * Queries over rendered resources: `resources(graph).ofKind("HelmRelease").inNamespace("flux-system")`.
 * A `ResourceSet` is immutable; every filter returns a new one. It is generic over the object
 * type, so `ofKind<HelmRelease>(...)` (or `ofKind(Deployment)` with a model class) types the
 * objects it yields.
 */
import { KilnError } from "../core/errors.ts";
import type { KubeObject } from "../core/identity.ts";
import { ResourceGraph } from "../model/graph.ts";
import { FileGroup, readOutput } from "./files.ts";
import { matches, type Pattern } from "./match.ts";
import type { MatchResult } from "./matcher.ts";
import {
  describeResource,
  identityOfObject,
  type KindSelector,
  kindFilter,
  type Resource,
} from "./resource.ts";

/** Everything `resources()` and the vitest matchers accept. */
export type ResourceSource =
  | ResourceGraph
  | ResourceSet<unknown>
  | FileGroup
  | ReadonlyArray<KubeObject | Resource<unknown>>
  /** An output folder written by `synth` (or any folder of manifests). */
  | string;

/** Kubernetes label selector (`matchLabels` and `matchExpressions`, as in a Deployment's `spec.selector`). */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: ReadonlyArray<{
    key: string;
    operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
    values?: readonly string[];
  }>;
}

/** A model class with static `apiVersion` and `kind`, e.g. kubernetes-models' `Deployment`. */
export type ModelClass<T> = (abstract new (
  ...args: never[]
) => T) & { readonly apiVersion: string; readonly kind: string };

/** An immutable, ordered set of resources with chainable filters. */
export class ResourceSet<T = KubeObject> implements Iterable<Resource<T>> {
  readonly #items: readonly Resource<T>[];

  /** @internal use `resources()` */
  constructor(items: readonly Resource<T>[]) {
    this.#items = items;
  }

  /** Resources of one kind; see `KindSelector` for the accepted forms. */
  ofKind<C extends ModelClass<unknown>>(kind: C): ResourceSet<InstanceType<C>>;
  ofKind<U = T>(kind: KindSelector): ResourceSet<U>;
  ofKind(kind: KindSelector): ResourceSet<unknown> {
    const test = kindFilter(kind);
    return new ResourceSet(this.#items.filter((r) => test(r.id)));
  }

  /** Resources with this `metadata.name` (or whose name matches the RegExp). */
  named(name: string | RegExp): ResourceSet<T> {
    return this.where((_, r) => (typeof name === "string" ? r.id.name === name : name.test(r.id.name)));
  }

  /** Resources in this namespace; `inNamespace(undefined)` selects cluster-scoped (no namespace). */
  inNamespace(namespace: string | undefined): ResourceSet<T> {
    return this.where((_, r) => r.id.namespace === namespace);
  }

  /** Resources carrying every one of these labels with these values. */
  withLabels(labels: Readonly<Record<string, string>>): ResourceSet<T> {
    return this.selectedBy({ matchLabels: { ...labels } });
  }

  /** Resources a Kubernetes label selector selects (an empty selector selects everything). */
  selectedBy(selector: LabelSelector): ResourceSet<T> {
    return this.where((_, r) => selects(selector, labelsOf(r)));
  }

  /** Resources produced by this unit or a unit below it (`"home/controllers"` or `["home", "controllers"]`). */
  inUnit(unit: string | readonly string[]): ResourceSet<T> {
    const want = typeof unit === "string" ? unit.split("/").filter(Boolean) : unit;
    return this.where((_, r) => !!r.origin.unit && want.every((seg, i) => r.origin.unit![i] === seg));
  }

  /** Resources whose object matches the pattern (a plain object is matched with `objectLike`). */
  matching(pattern: Pattern<T>): ResourceSet<T> {
    return this.where((o) => matches(o, pattern).isSuccess);
  }

  /** Resources for which `test` returns true. */
  where(test: (object: T, resource: Resource<T>) => boolean): ResourceSet<T> {
    return new ResourceSet(this.#items.filter((r) => test(r.object, r)));
  }

  /** The only resource of the set; throws naming what was found when there are zero or several. */
  one(): T {
    return this.oneResource().object;
  }

  /** Like `one()`, but returns the resource with its identity and origin. */
  oneResource(): Resource<T> {
    if (this.#items.length === 1) return this.#items[0]!;
    const found = this.#items.length ? `: ${this.#items.map((r) => describeResource(r)).join("; ")}` : "";
    throw new Error(`expected exactly one resource, found ${this.#items.length}${found}`);
  }

  /** The objects, in source order. */
  objects(): T[] {
    return this.#items.map((r) => r.object);
  }

  /** The resources (object, identity, origin), in source order. */
  list(): Resource<T>[] {
    return [...this.#items];
  }

  /** Tests each object against the pattern and returns the results, in source order. */
  test(pattern: Pattern<T>): Array<{ resource: Resource<T>; result: MatchResult }> {
    return this.#items.map((resource) => ({ resource, result: matches(resource.object, pattern) }));
  }

  get size(): number {
    return this.#items.length;
  }

  [Symbol.iterator](): Iterator<Resource<T>> {
    return this.#items[Symbol.iterator]();
  }
}

function labelsOf(r: Resource<unknown>): Record<string, string> {
  return (r.object as KubeObject).metadata?.labels ?? {};
}

function selects(sel: LabelSelector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const inValues = has && (e.values ?? []).includes(labels[e.key]!);
    const ok =
      e.operator === "In"
        ? inValues
        : e.operator === "NotIn"
          ? !inValues
          : e.operator === "Exists"
            ? has
            : e.operator === "DoesNotExist"
              ? !has
              : undefined;
    if (ok === undefined) throw new Error(`unknown label selector operator: ${e.operator as string}`);
    if (!ok) return false;
  }
  return true;
}

/**
 * All resources of a source: a `ResourceGraph` (origin: unit and the user's source line), an
 * output folder path or a `FileGroup` (origin: output file and line), an array of objects, or
 * another `ResourceSet`. Reading a folder throws a KilnError naming file and line on bad YAML.
 */
export function resources(source: ResourceSource): ResourceSet<KubeObject> {
  if (source instanceof ResourceSet) return source as ResourceSet<KubeObject>;
  if (isGraph(source)) {
    return new ResourceSet(
      source.nodes().map((n) => ({ object: n.object, id: n.id, origin: { ...n.origin } })),
    );
  }
  if (source instanceof FileGroup) return new ResourceSet(source.resources);
  if (typeof source === "string") return new ResourceSet(readOutput(source).resources);
  if (Array.isArray(source)) {
    return new ResourceSet(
      source.map((x, index): Resource => {
        if (isResource(x)) return x as Resource;
        const object = x as KubeObject;
        return { object, id: identityOfObject(object), origin: { index } };
      }),
    );
  }
  throw new KilnError(
    `cannot read resources from ${describeSource(source)}: expected a ResourceGraph, a ResourceSet, a FileGroup, an array of objects or an output folder path`,
  );
}

/** Duck-typed too, so a graph from another copy of kiln (e.g. a linked checkout) still works. */
function isGraph(x: unknown): x is ResourceGraph {
  return (
    x instanceof ResourceGraph ||
    (!!x && typeof (x as ResourceGraph).nodes === "function" && (x as ResourceGraph).units instanceof Map)
  );
}

function isResource(x: unknown): boolean {
  return !!x && typeof x === "object" && "object" in x && "id" in x && "origin" in x;
}

function describeSource(x: unknown): string {
  if (x === null || x === undefined) return String(x);
  if (typeof x === "object") return `a ${(x as object).constructor?.name ?? "object"}`;
  return `a ${typeof x}`;
}
