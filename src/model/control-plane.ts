/**
 * The authoring model. A control plane is a tree of named units — cluster → layer → app — that
 * each contribute resources. Units map to output folders in a Flux-friendly layout: every layer
 * is one folder reconciled by one Flux Kustomization, which kiln generates from the layer's
 * options (dependsOn, wait, interval, …) unless told not to.
 *
 * User code only calls methods on the context kiln hands it, so it works the same whether it
 * imports kiln from source or from an installed package.
 */
import { KilnError, type Location } from "../core/errors.ts";
import type { KubeObject, ObjectMeta } from "../core/identity.ts";
import { displayPath } from "../core/paths.ts";
import { callerLocation, captureCaller, type SourceLocation } from "./caller.ts";
import type { CoreObject } from "./core-kinds.ts";
import { type GraphNode, type Origin, ResourceGraph, type UnitKind } from "./graph.ts";
import type { InputChoices } from "./inputs.ts";
import { fluxSopsDecryption, isSopsSecret } from "./sops.ts";

export const CONTROL_PLANE = "kiln.dev/ControlPlane" as const;

export interface ControlPlaneDefinition<I extends object> {
  /** Name of the control plane (used in reports and the output marker). */
  name: string;
  /** Default inputs. Their shape is the input type; overrides are checked against it. */
  inputs: I;
  /**
   * The values union-typed inputs allow (`"sops" | "infisical"`, `number | "auto"`), which their
   * defaults cannot tell: checked in the defaults, `--set`, `-f` files and test overrides.
   */
  choices?: InputChoices<I>;
  /**
   * Path of the output folder inside the Git repository Flux reads, e.g. `./clusters` or
   * `./examples/homelab/out`. Generated Flux Kustomization paths start with it. Default `.`.
   */
  repoPath?: string;
  /** Declares the units and their resources. Must be deterministic. */
  build(ctx: BuildContext<I>): void | Promise<void>;
}

export interface ControlPlane<I extends object> extends Omit<ControlPlaneDefinition<I>, "choices"> {
  readonly kind: typeof CONTROL_PLANE;
  /** The definition's `choices`, typed there; untyped here so any control plane is a `ControlPlane<object>`. */
  readonly choices?: unknown;
}

/** Declares a control plane; the entry module default-exports the result. */
export function defineControlPlane<I extends object>(def: ControlPlaneDefinition<I>): ControlPlane<I> {
  return { ...def, kind: CONTROL_PLANE };
}

export function isControlPlane(v: unknown): v is ControlPlane<object> {
  return typeof v === "object" && v !== null && (v as { kind?: unknown }).kind === CONTROL_PLANE;
}

export interface FluxSourceRef {
  kind: "GitRepository" | "OCIRepository" | "Bucket" | "ExternalArtifact";
  name: string;
  namespace?: string;
}

export interface ClusterOptions {
  /** Source the generated layer Kustomizations read from. Default GitRepository flux-system/flux-system. */
  source?: FluxSourceRef;
  /** Namespace of generated Flux Kustomizations. Default `flux-system`. */
  fluxNamespace?: string;
  /**
   * Also declare what `flux bootstrap` creates for this cluster, so the output is complete on its
   * own: the Flux namespace, the GitRepository the layers read (`flux-system`) and the
   * `flux-system` Kustomization that applies the cluster's folder (gotk-sync.yaml's objects).
   */
  bootstrap?: FluxBootstrap;
  /**
   * The Secret in the Flux namespace holding the age identity kustomize-controller decrypts
   * `sopsSecret()`s with: every layer holding one gets `decryption: {provider: sops, secretRef}`
   * in its Flux Kustomization. Default `sops-age`, the name Flux's SOPS guide uses.
   */
  decryptionSecret?: string;
}

/** The repository `flux bootstrap` points the cluster at. */
export interface FluxBootstrap {
  /** The Git URL Flux clones (https:// or ssh://). */
  url: string;
  /** Default `main`. */
  branch?: string;
  /** GitRepository interval; default `1m0s`, as flux bootstrap writes it. */
  interval?: string;
  /** Name of the Secret with the Git credentials that bootstrap created, for a private repository. */
  secretRef?: string;
}

export interface LayerOptions {
  /** Layers (by name or unit) that must be ready before this one is applied. */
  dependsOn?: ReadonlyArray<string | LayerUnit>;
  /** Extra fields for the generated Flux Kustomization's spec (interval, wait, timeout, healthChecks, postBuild, …). */
  kustomization?: Record<string, unknown>;
  /** Set false when the layer is applied some other way (no Flux Kustomization is generated). */
  flux?: boolean;
}

/**
 * An object of a kind kiln has no TypeScript type for (a custom resource): exact metadata, and
 * only `spec` and `status` beside it, so a misspelt top-level key is a type error too (and a core
 * kind's fields stay checked against its own type). The few custom kinds with other top-level
 * fields (Crossplane's EnvironmentConfig `data`) are passed as their imported type or as a
 * `KubeObject` value, as are kubernetes-models objects.
 */
export interface CustomObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: unknown;
  status?: unknown;
}

/**
 * What `add()` takes. Core kinds are typed by their apiVersion and kind (kubernetes-models'
 * types), so `{ apiVersion: "v1", kind: "ConfigMap", dat: {} }` fails `tsc`.
 */
export type ObjectInput = CoreObject | CustomObject;

export interface Unit {
  readonly name: string;
  readonly path: readonly string[];
  /**
   * Adds resources this control plane writes. Duplicate identities anywhere in the graph are an
   * error; so are fields their schema does not know, in `kiln build`.
   */
  add(...objects: ObjectInput[]): this;
  /**
   * Adds resources taken from elsewhere (parsed YAML, another tool's output): checked as
   * `kiln validate` checks files, so fields their schema does not know are warnings.
   */
  include(...objects: KubeObject[]): this;
  /** Adds a non-manifest file to this unit's folder (not listed in kustomization.yaml). */
  file(name: string, content: string): this;
}

export interface AppUnit extends Unit {}

export interface LayerUnit extends Unit {
  app(name: string): AppUnit;
}

export interface ClusterUnit extends Unit {
  layer(name: string, options?: LayerOptions): LayerUnit;
}

export interface BuildContext<I extends object> {
  readonly inputs: Readonly<I>;
  cluster(name: string, options?: ClusterOptions): ClusterUnit;
  /** Adds resources at the output root (outside any cluster). */
  add(...objects: ObjectInput[]): void;
  /** Adds resources taken from elsewhere at the output root (see Unit.include). */
  include(...objects: KubeObject[]): void;
  /** Adds a file at the output root, e.g. a generated config for another system. */
  file(relPath: string, content: string): void;
}

const UNIT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Internal builder state for one render. */
export class _Builder {
  readonly graph = new ResourceGraph();
  readonly #layers = new Map<string, { options: LayerOptions; origin: Origin; cluster: ClusterOptions }>();

  constructor(readonly repoPath: string) {
    this.graph.units.set("", { kind: "root", path: [], folder: "" });
  }

  context<I extends object>(inputs: I): BuildContext<I> {
    const root = this.#unit("root", []);
    return {
      inputs,
      cluster: (name, options = {}) => this.#cluster(name, options),
      add: (...objects) => {
        root.add(...objects);
      },
      include: (...objects) => {
        root.include(...objects);
      },
      file: (relPath, content) => {
        root.file(relPath, content);
      },
    };
  }

  #origin(path: readonly string[]): Origin {
    return lazyOrigin([...path], captureCaller());
  }

  #location(): Location {
    const loc = callerLocation();
    return loc ? { file: displayPath(loc.file), line: loc.line, column: loc.column } : {};
  }

  #unit(kind: UnitKind, path: string[]): Unit {
    const key = path.join("/");
    const folder = kind === "root" ? "" : ["clusters", ...path].join("/");
    if (kind !== "root") {
      const name = path[path.length - 1]!;
      if (!UNIT_NAME.test(name)) {
        throw new KilnError(
          `${kind} name "${name}" must be a DNS-1123 label (lowercase letters, digits and '-')`,
          this.#location(),
        );
      }
      if (this.graph.units.has(key)) throw new KilnError(`duplicate ${kind} "${key}"`, this.#location());
      this.graph.units.set(key, { kind, path, folder });
    }
    const builder = this;
    const unit: Unit = {
      name: path[path.length - 1] ?? "",
      path,
      add(...objects) {
        const origin = builder.#origin(path);
        // The types are checked by tsc; graph.add checks what a plain-JavaScript caller passes.
        for (const o of objects as KubeObject[]) {
          if (path.length < 2 && o && typeof o === "object" && isSopsSecret(o))
            throw new KilnError(
              `sopsSecret ${o.metadata?.namespace ?? ""}/${o.metadata?.name ?? ""} must be added to a layer or an app: the layer's Flux Kustomization decrypts it`,
              builder.#location(),
            );
          builder.graph.add(o, origin);
        }
        return this;
      },
      include(...objects) {
        const origin = builder.#origin(path);
        origin.foreign = true;
        for (const o of objects) builder.graph.add(o, origin);
        return this;
      },
      file(name, content) {
        checkFile(name, content, () => builder.#location());
        const at = folder ? `${folder}/${name}` : name;
        for (const other of builder.graph.artifacts.keys())
          if (other.startsWith(`${at}/`) || at.startsWith(`${other}/`))
            throw new KilnError(
              `file(): ${at} would be both a file and a folder (${other} is written too)`,
              builder.#location(),
            );
        builder.graph.artifacts.set(at, content);
        return this;
      },
    };
    return unit;
  }

  #cluster(name: string, options: ClusterOptions): ClusterUnit {
    const unit = this.#unit("cluster", [name]) as ClusterUnit;
    if (options.bootstrap) unit.add(...this.#bootstrapObjects(name, options, options.bootstrap));
    unit.layer = (layerName, layerOptions = {}) => {
      const layer = this.#unit("layer", [name, layerName]) as LayerUnit;
      layer.app = (appName) => this.#unit("app", [name, layerName, appName]) as AppUnit;
      this.#layers.set(`${name}/${layerName}`, {
        options: layerOptions,
        origin: this.#origin([name, layerName]),
        cluster: options,
      });
      return layer;
    };
    return unit;
  }

  /** gotk-sync.yaml's objects, and the namespace from gotk-components.yaml, as `flux bootstrap` writes them. */
  #bootstrapObjects(cluster: string, options: ClusterOptions, b: FluxBootstrap): KubeObject[] {
    const ns = options.fluxNamespace ?? "flux-system";
    const source = options.source ?? { kind: "GitRepository", name: "flux-system" };
    if (source.kind !== "GitRepository")
      throw new KilnError(
        `cluster "${cluster}": bootstrap declares a GitRepository, but the cluster's source is ${source.kind} ${source.name}`,
        this.#location(),
      );
    return [
      { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } },
      {
        apiVersion: "source.toolkit.fluxcd.io/v1",
        kind: "GitRepository",
        metadata: { name: source.name, namespace: source.namespace ?? ns },
        spec: {
          interval: b.interval ?? "1m0s",
          ref: { branch: b.branch ?? "main" },
          ...(b.secretRef ? { secretRef: { name: b.secretRef } } : {}),
          url: b.url,
        },
      },
      {
        apiVersion: "kustomize.toolkit.fluxcd.io/v1",
        kind: "Kustomization",
        metadata: { name: "flux-system", namespace: ns },
        spec: {
          interval: "10m0s",
          path: `${this.#repoDir()}/clusters/${cluster}`,
          prune: true,
          sourceRef: {
            kind: "GitRepository",
            name: source.name,
            ...(source.namespace ? { namespace: source.namespace } : {}),
          },
        },
      },
    ];
  }

  /** The output folder as a Flux path inside the repository (`./…`). */
  #repoDir(): string {
    const repo = this.repoPath.replace(/\/+$/, "") || ".";
    return repo.startsWith(".") ? repo : `./${repo}`;
  }

  /** Generates one Flux Kustomization per layer, in the layer's cluster folder. */
  finish(): ResourceGraph {
    const withSops = new Set<string>();
    for (const n of this.graph.nodes())
      if (isSopsSecret(n.object)) withSops.add(n.origin.unit.slice(0, 2).join("/"));
    for (const [key, { options, origin, cluster }] of this.#layers) {
      if (options.flux === false) continue;
      const [clusterName, layerName] = key.split("/") as [string, string];
      const ns = cluster.fluxNamespace ?? "flux-system";
      const source = cluster.source ?? { kind: "GitRepository", name: "flux-system" };
      const dependsOn = (options.dependsOn ?? []).map((d) => ({ name: typeof d === "string" ? d : d.name }));
      const obj: KubeObject = {
        apiVersion: "kustomize.toolkit.fluxcd.io/v1",
        kind: "Kustomization",
        metadata: { name: layerName, namespace: ns },
        spec: {
          interval: "10m",
          retryInterval: "1m",
          timeout: "5m",
          path: `${this.#repoDir()}/clusters/${clusterName}/${layerName}`,
          prune: true,
          wait: true,
          sourceRef: source,
          ...(dependsOn.length ? { dependsOn } : {}),
          ...(withSops.has(key) ? { decryption: fluxSopsDecryption(cluster.decryptionSecret) } : {}),
          ...options.kustomization,
        },
      };
      this.graph.add(
        obj,
        lazyOrigin([clusterName], () => origin),
      );
    }
    return this.graph;
  }
}

export type { GraphNode };

/** A `file()` call's path and content, checked where the user made the call. */
function checkFile(name: unknown, content: unknown, where: () => Location): void {
  const bad =
    typeof name !== "string"
      ? `expects a path string, got ${name === null ? "null" : typeof name}`
      : name === ""
        ? "expects a path, got an empty string"
        : name.includes("\0")
          ? "path contains a NUL character"
          : name.startsWith("/") || /^[A-Za-z]:/.test(name)
            ? `path ${JSON.stringify(name)} must be relative`
            : name.split(/[\\/]/).some((s) => s === "" || s === "." || s === "..")
              ? `path ${JSON.stringify(name)} has an empty, "." or ".." segment`
              : typeof content !== "string"
                ? `content of ${name} must be a string, got ${content === null ? "null" : Array.isArray(content) ? "array" : typeof content}`
                : undefined;
  if (bad) throw new KilnError(`file(): ${bad}`, where());
}

/**
 * An origin whose file/line are worked out only when read: resolving a source-mapped stack costs
 * tens of microseconds, and most origins are never printed.
 */
function lazyOrigin(unit: string[], resolve: () => SourceLocation | Origin | undefined): Origin {
  let loc: { file?: string; line?: number; column?: number } | undefined;
  const get = () => {
    if (!loc) {
      const r = resolve();
      loc = r?.file ? { file: displayPath(r.file), line: r.line, column: r.column } : {};
    }
    return loc;
  };
  const origin = { unit } as Origin;
  for (const k of ["file", "line", "column"] as const) {
    Object.defineProperty(origin, k, { enumerable: true, get: () => get()[k] });
  }
  return origin;
}
