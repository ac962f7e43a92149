/**
 * A Flux repository as kustomize-controller would apply it, offline: entry points found, every
 * Kustomization's `spec.path` built with kustomize and the Flux Kustomization applied on top,
 * Kustomizations and ResourceSets in the output followed until nothing new appears. The result
 * is the set of objects Flux would apply, each located to the file and line it came from.
 *
 * Pipeline: list files → discover Kustomizations (bootstrap `flux-system`, FluxInstance
 * `spec.sync`, or any Kustomization no other one applies) → queue: resolve source, build path,
 * overlay, decrypt (placeholders), substitute → enqueue the Kustomizations found → repeat.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { Diagnostic } from "../core/errors.ts";
import { type KubeObject, parseApiVersion } from "../core/identity.ts";
import type { YamlDocument } from "../core/yaml.ts";
import {
  type BuildCache,
  type BuildResult,
  type BuiltObject,
  buildKustomization,
  createBuildCache,
  type Origin,
  readDocuments,
} from "../kustomize/index.ts";
import { checkKustomization } from "./checks.ts";
import { VARIABLE_NAME } from "./envsubst.ts";
import { listRepositoryFiles } from "./files.ts";
import { type HelmOptions, type HelmReleaseStatus, renderHelmReleases } from "./helm.ts";
import type { RenderedObject } from "./objects.ts";
import { kustomizeOverlay, setOwnerMetadata } from "./overlay.ts";
import { expandResourceSet } from "./resourceset.ts";
import { isSopsObject, wipeSops } from "./sops.ts";
import { substituteObject, substitutionDisabled, substitutionVariables } from "./substitute.ts";

export type { BuildCache, RenderedObject };
/** A parse cache for {@link LoadOptions.cache}, kept by a caller that loads a repository again. */
export { createBuildCache };

const KS_GROUP = "kustomize.toolkit.fluxcd.io";
const SOURCE_GROUP = "source.toolkit.fluxcd.io";

type Json = Record<string, any>;

/** One Flux Kustomization of the repository and what became of it. */
export interface FluxKustomization {
  name: string;
  namespace: string;
  /** `spec.path` relative to the repository root (`.` for the root), as written. */
  path: string;
  spec: Json;
  /** Where the Kustomization object is defined. */
  origin: Origin;
  /** `namespace/name` of the Kustomization that applies this one (absent for entry points). */
  appliedBy?: string;
  /** `namespace/name` of each dependsOn entry. */
  dependsOn: string[];
  source: { kind: string; name: string; namespace: string };
  status: "rendered" | "suspended" | "not rendered";
  /** Why it was not rendered. */
  reason?: string;
  /** Number of objects it applies. */
  objects: number;
  /** The cluster (entry point folder) when the repository holds several. */
  cluster?: string;
}

export interface FluxRepository {
  root: string;
  kustomizations: FluxKustomization[];
  objects: RenderedObject[];
  /** Entry-point Kustomizations that no Kustomization applies (applied by bootstrap or by hand). */
  entries: RenderedObject[];
  diagnostics: Diagnostic[];
  /** YAML files holding Kubernetes objects that no Kustomization reaches (relative to root). */
  notApplied: string[];
  /** The HelmReleases Flux applies: rendered (their charts' objects are in `objects`) or why not. */
  helmReleases: HelmReleaseStatus[];
}

export interface LoadOptions {
  /** Unset substitution variables are errors (Flux's strict substitution). */
  strict?: boolean;
  /** The folder (inside the root) whose files are discovered and listed; default: the root. */
  scope?: string;
  /** HelmRelease charts: where they are cached, whether to render them with helm. */
  helm?: HelmOptions;
  /**
   * Parsed files kept between loads of the same repository (`kiln validate --watch`): a file
   * whose text is unchanged is read but not parsed again. Without it, each load still parses
   * every file once, however many Kustomizations and clusters read it.
   */
  cache?: BuildCache;
}

/**
 * The root `spec.path`s of the Kustomizations in `target` are relative to: `target` itself, or
 * `outer` (the enclosing Git checkout) when more of their paths exist from there.
 */
export function fluxRepositoryRoot(target: string, outer?: string): string {
  const t = path.resolve(target);
  if (!outer || path.resolve(outer) === t) return t;
  const ks = discover(t, t, createBuildCache()).found.filter((c) => isFluxKustomization(c.object));
  const resolving = (root: string) => ks.filter((c) => kustomizationDir(root, c.object)).length;
  return resolving(path.resolve(outer)) > resolving(t) ? path.resolve(outer) : t;
}

interface Candidate {
  object: KubeObject;
  origin: Origin;
  appliedBy?: string;
}

const keyOf = (ns: string, name: string) => `${ns}/${name}`;
const isFluxKustomization = (o: KubeObject) =>
  o.kind === "Kustomization" && parseApiVersion(o.apiVersion).group === KS_GROUP;

/**
 * True when the folder holds at least one Flux Kustomization or FluxInstance (a Flux
 * repository). A text scan that stops at the first hit: deciding the mode must not cost a parse
 * of the whole tree.
 */
export function looksLikeFluxRepository(root: string): boolean {
  const files = listRepositoryFiles(path.resolve(root));
  const charts = files.charts.map((c) => c + path.sep);
  return files.yaml.some((f) => {
    if (charts.some((c) => f.startsWith(c))) return false;
    let text: string;
    try {
      text = readText(f);
    } catch {
      return false;
    }
    return (
      (/\bkind["']?\s*:\s*["']?Kustomization\b/.test(text) &&
        text.includes("kustomize.toolkit.fluxcd.io/")) ||
      /\bkind["']?\s*:\s*["']?FluxInstance\b/.test(text)
    );
  });
}

/**
 * Every YAML file of the scope, parsed as kustomize-controller reads it (kustomize's kyaml), so
 * the parse is shared through `cache` with the builds that read the same files as resources.
 */
function discover(root: string, scope: string, cache: BuildCache) {
  const files = listRepositoryFiles(scope);
  const found: Candidate[] = [];
  const k8sFiles = new Set<string>();
  const docsByFile = new Map<string, YamlDocument[]>();
  const gitRepositories: KubeObject[] = [];
  const chartDirs = files.charts.map((c) => c + path.sep);
  for (const file of files.yaml) {
    if (chartDirs.some((c) => file.startsWith(c))) continue;
    const rel = path.relative(root, file).split(path.sep).join("/");
    let docs: YamlDocument[];
    try {
      docs = readDocuments(file, rel || ".", "kyaml", cache);
    } catch {
      continue; // Not for Flux to apply unless a Kustomization reaches it; then kustomize reports it.
    }
    docsByFile.set(rel, docs);
    for (const d of docs) {
      const v = d.value as KubeObject | null;
      if (!v || typeof v !== "object" || typeof v.apiVersion !== "string" || typeof v.kind !== "string")
        continue;
      if (v.apiVersion.startsWith("kustomize.config.k8s.io/")) continue;
      k8sFiles.add(file);
      if (v.kind === "GitRepository" && parseApiVersion(v.apiVersion).group === SOURCE_GROUP)
        gitRepositories.push(v);
      if (isFluxKustomization(v) || v.kind === "FluxInstance" || instanceRelease(v))
        found.push({ object: v, origin: { file: path.relative(root, file), line: d.line } });
    }
  }
  return { files, found, k8sFiles, docsByFile, gitRepositories };
}

function readText(file: string): string {
  return readFileSync(file, "utf8");
}

/** Builds the repository at `root`: the model every Flux command and repository validation use. */
export async function loadFluxRepository(rootIn: string, opts: LoadOptions = {}): Promise<FluxRepository> {
  const root = path.resolve(rootIn);
  const cache = opts.cache ?? createBuildCache();
  const { files, found, k8sFiles, docsByFile, gitRepositories } = discover(
    root,
    opts.scope ? path.resolve(opts.scope) : root,
    cache,
  );
  /** The line of `spec.<p>` of the object whose document starts at `origin`. */
  const specLine = (origin: Origin) => (p: ReadonlyArray<string | number>) => {
    const doc = docsByFile.get(origin.file)?.find((d) => d.line === origin.line);
    return doc ? doc.locate(["spec", ...p]).line : origin.line;
  };
  const diagnostics: Diagnostic[] = [...files.warnings];
  const builds = new Map<string, Promise<BuildResult>>();
  const build = (dir: string) => {
    let b = builds.get(dir);
    if (!b) {
      b = buildKustomization(dir, { root, cache });
      builds.set(dir, b);
    }
    return b;
  };
  const objects: RenderedObject[] = [];
  const reached = new Set<string>();
  const reportedBuild = new Set<string>();
  const idKey = (kind: string, ns: string | undefined, name: string | undefined) =>
    `${kind}/${ns ?? ""}/${name ?? ""}`;

  // Entry points: bootstrap sync objects first; otherwise Kustomizations nobody else applies.
  const fromInstance = (c: Candidate): Candidate | undefined => {
    const spec = c.object.spec as Json | undefined;
    const sync = c.object.kind === "FluxInstance" ? spec?.sync : spec?.values?.instance?.sync;
    if (!sync || typeof sync !== "object") return undefined;
    const ns =
      (c.object.kind === "HelmRelease" ? spec?.targetNamespace : undefined) ??
      c.object.metadata?.namespace ??
      "flux-system";
    return {
      origin: c.origin,
      object: {
        apiVersion: `${KS_GROUP}/v1`,
        kind: "Kustomization",
        metadata: { name: typeof sync.name === "string" ? sync.name : ns, namespace: ns },
        spec: {
          path: sync.path ?? "./",
          prune: true,
          sourceRef: {
            kind: sync.kind ?? "GitRepository",
            name: typeof sync.name === "string" ? sync.name : ns,
          },
        },
      },
    };
  };
  const instances = found
    .filter((c) => c.object.kind === "FluxInstance" || instanceRelease(c.object))
    .flatMap((c) => fromInstance(c) ?? []);
  const candidates = found.filter((c) => isFluxKustomization(c.object));
  const bootstrap = candidates.filter(
    (c) =>
      c.object.metadata?.name === "flux-system" &&
      (c.object.spec as Json | undefined)?.sourceRef?.name === "flux-system",
  );
  let queue: Candidate[];
  if (instances.length || bootstrap.length) queue = [...instances, ...bootstrap];
  else {
    // Every Kustomization whose file no other Kustomization's path reaches.
    const reachedBy = new Map<string, Set<string>>();
    for (const c of candidates) {
      const dir = kustomizationDir(root, c.object);
      if (!dir) continue;
      const res = await build(dir);
      for (const o of res.objects) {
        const set = reachedBy.get(o.origin.file) ?? new Set();
        set.add(c.origin.file);
        reachedBy.set(o.origin.file, set);
      }
    }
    queue = candidates.filter((c) => {
      const by = reachedBy.get(c.origin.file);
      return !by || [...by].every((f) => f === c.origin.file);
    });
  }

  const toCheck: Array<{ key: string; spec: Json; origin: Origin; own: KubeObject[]; cluster: string }> = [];
  const allKs: FluxKustomization[] = [];
  // Several entry points with one identity are several clusters kept in one repository: each
  // is rendered on its own, named by its entry point's folder.
  const entryKey = (c: Candidate) =>
    keyOf(c.object.metadata?.namespace ?? "flux-system", c.object.metadata?.name ?? "");
  const keys = queue.map(entryKey);
  const clusters = new Map<string, Candidate[]>();
  for (const c of queue) {
    // A bootstrap entry is named by the folder it syncs (the cluster's folder), others by their own.
    const synced = instances.includes(c) || bootstrap.includes(c);
    const p = (c.object.spec as Json | undefined)?.path;
    const where =
      synced && typeof p === "string"
        ? path.posix.normalize(p).replace(/^\.\/|\/$/g, "") || "."
        : path.posix.dirname(c.origin.file);
    const cluster = new Set(keys).size < keys.length ? where : "";
    clusters.set(cluster, [...(clusters.get(cluster) ?? []), c]);
  }
  const identities = new Map<string, ReadonlyMap<string, KubeObject>>();
  const renderCluster = async (queue: Candidate[], cluster: string) => {
    const kustomizations = new Map<string, FluxKustomization>();
    const byIdentity = new Map<string, KubeObject>();
    identities.set(cluster, byIdentity);
    for (const g of gitRepositories)
      byIdentity.set(idKey(g.kind, g.metadata?.namespace ?? "flux-system", g.metadata?.name), g);
    const deferred = new Set<string>();
    const warned = new Set<string>();
    while (queue.length) {
      const c = queue.shift()!;
      const meta = c.object.metadata ?? {};
      const parent = c.appliedBy ? kustomizations.get(c.appliedBy) : undefined;
      const ns = meta.namespace ?? parent?.namespace ?? "flux-system";
      const name = meta.name ?? "";
      const key = keyOf(ns, name);
      if (kustomizations.has(key)) continue;
      const spec = (c.object.spec ?? {}) as Json;
      const src = spec.sourceRef ?? {};
      const ks: FluxKustomization = {
        name,
        namespace: ns,
        path: typeof spec.path === "string" ? spec.path : "./",
        spec,
        origin: c.origin,
        dependsOn: (Array.isArray(spec.dependsOn) ? spec.dependsOn : [])
          .filter((d: Json) => typeof d?.name === "string")
          .map((d: Json) => keyOf(d.namespace ?? ns, d.name)),
        source: {
          kind: String(src.kind ?? ""),
          name: String(src.name ?? ""),
          namespace: src.namespace ?? ns,
        },
        status: "rendered",
        objects: 0,
      };
      if (c.appliedBy) ks.appliedBy = c.appliedBy;
      const skip = (status: FluxKustomization["status"], reason: string) => {
        ks.status = status;
        ks.reason = reason;
        kustomizations.set(key, ks);
      };
      if (spec.suspend === true) {
        skip("suspended", "spec.suspend is true");
        continue;
      }
      const unavailable = sourceUnavailable(ks.source, byIdentity);
      if (unavailable) {
        skip("not rendered", unavailable);
        continue;
      }
      const dir = kustomizationDir(root, c.object);
      if (!dir) {
        skip("not rendered", `path ${ks.path} does not exist in the repository`);
        diagnostics.push({
          severity: "error",
          rule: "ref/path",
          file: c.origin.file,
          line: c.origin.line,
          path: "spec.path",
          resource: `Kustomization ${key}`,
          message: `path ${ks.path} does not exist in the repository tree`,
        });
        continue;
      }
      // substituteFrom objects may be applied by a Kustomization still in the queue: wait once.
      const vars = substitutionVariables(spec, (kind, n) => byIdentity.get(idKey(kind, ns, n)));
      if (vars.missing.length && !deferred.has(key) && queue.length) {
        deferred.add(key);
        queue.push(c);
        continue;
      }
      // A missing substituteFrom source is reported by validate's reference checks (ref/substituteFrom).
      if (vars.invalid.length) {
        skip("not rendered", `invalid variable names: ${vars.invalid.join(", ")}`);
        diagnostics.push({
          severity: "error",
          rule: "flux/substitute",
          file: c.origin.file,
          line: specLine(c.origin)(["postBuild"]),
          resource: `Kustomization ${key}`,
          message: `variable name ${vars.invalid.join(", ")} is invalid: it must match ${VARIABLE_NAME.source}`,
        });
        continue;
      }
      const overlay = kustomizeOverlay(spec, dir, c.origin.file, specLine(c.origin));
      const result = overlay ? await buildKustomization(dir, { root, overlay, cache }) : await build(dir);
      const buildKey = overlay ? `${dir}\0${key}` : dir;
      if (!reportedBuild.has(buildKey)) {
        reportedBuild.add(buildKey);
        diagnostics.push(...result.diagnostics);
      }
      const items = result.objects.map((b: BuiltObject) => ({
        object: structuredClone(b.object),
        origin: b.origin,
      }));
      kustomizations.set(key, ks);
      const rendered: RenderedObject[] = [];
      for (const it of items) {
        const origin: Origin = { ...it.origin };
        let object = it.object;
        const r: RenderedObject = { object, origin, kustomization: key };
        if (cluster) r.cluster = cluster;
        if (isSopsObject(object)) {
          object = wipeSops(object);
          r.sops = true;
        }
        // A substituteFrom source not in the repository (a controller's Secret, say): its variables
        // are unknown offline, so an object still holding `${…}` is rendered but not checked.
        const unknown = vars.missing.length > 0 && !substitutionDisabled(object);
        if (spec.postBuild && vars.values.size && !substitutionDisabled(object)) {
          const s = substituteObject(object, vars.values);
          object = s.object;
          const resource = `${object.kind} ${object.metadata?.namespace ? `${object.metadata.namespace}/` : ""}${object.metadata?.name ?? ""}`;
          for (const v of unknown ? [] : s.missing) {
            if (!opts.strict && warned.has(`${key}\0${v}`)) continue;
            warned.add(`${key}\0${v}`);
            diagnostics.push({
              severity: opts.strict ? "error" : "warning",
              rule: "flux/substitute",
              file: origin.file,
              line: origin.line,
              resource,
              message: opts.strict
                ? `variable ${v} is not set (Kustomization ${key} substitutes strictly)`
                : `variable ${v} is not set: Flux substitutes an empty string (Kustomization ${key})`,
            });
          }
          if (s.missing.length && opts.strict) r.notValidated = "its substitution failed";
          if (s.invalid.length) {
            r.notValidated = "its substitution failed";
            diagnostics.push({
              severity: "error",
              rule: "flux/substitute",
              file: origin.file,
              line: origin.line,
              resource,
              message: `${s.invalid.join(", ")}: Flux cannot substitute this (envsubst: missing closing brace; write \${NAME:-default} or \${NAME:=default}); the Kustomization ${key} fails`,
            });
          }
        }
        if (unknown && JSON.stringify(object).includes("${"))
          r.notValidated = `its variables come from ${vars.missing.join(", ")}, which is not in the repository`;
        setOwnerMetadata(object, spec, { name, namespace: ns });
        r.object = object;
        rendered.push(r);
        reached.add(origin.file);
        for (const p of origin.patches ?? []) reached.add(p.file);
      }
      // ResourceSets in the output expand into more objects of the same Kustomization.
      const providers = new Map<string, KubeObject>();
      for (const r of [...objects, ...rendered])
        if (r.object.kind === "ResourceSetInputProvider")
          providers.set(keyOf(r.object.metadata?.namespace ?? "", r.object.metadata?.name ?? ""), r.object);
      for (const r of [...rendered]) {
        if (r.object.kind !== "ResourceSet") continue;
        const e = expandResourceSet(r.object, providers);
        if ("reason" in e) {
          diagnostics.push({
            severity: "info",
            rule: "flux/resourceset",
            file: r.origin.file,
            line: r.origin.line,
            resource: `ResourceSet ${r.object.metadata?.namespace ?? ""}/${r.object.metadata?.name ?? ""}`,
            message: `not expanded: ${e.reason}`,
          });
          continue;
        }
        for (const o of e.objects)
          rendered.push({ object: o, origin: r.origin, kustomization: key, ...(cluster ? { cluster } : {}) });
      }
      ks.objects = rendered.length;
      toCheck.push({ key, spec, origin: c.origin, own: rendered.map((r) => r.object), cluster });
      for (const r of rendered) {
        objects.push(r);
        const o = r.object;
        byIdentity.set(idKey(o.kind, o.metadata?.namespace, o.metadata?.name), o);
        if (isFluxKustomization(o)) queue.push({ object: o, origin: r.origin, appliedBy: key });
      }
    }
    for (const k of kustomizations.values()) {
      if (cluster) k.cluster = cluster;
      allKs.push(k);
    }
  };
  for (const [cluster, entries] of clusters) await renderCluster(entries, cluster);
  const helm = await renderHelmReleases({
    root,
    objects,
    isThisRepository: (cluster, namespace, name) =>
      !sourceUnavailable({ kind: "GitRepository", namespace, name }, identities.get(cluster) ?? new Map()),
    specLine: (origin, p) => specLine(origin)(p),
    ...(opts.helm ? { options: opts.helm } : {}),
  });
  objects.push(...helm.objects);
  diagnostics.push(...helm.diagnostics);
  const helmReleases = helm.releases;
  const all = objects.map((o) => o.object);
  const unrendered = new Set(
    helmReleases.filter((h) => !h.rendered).map((h) => `${h.cluster ?? ""}|${h.namespace}/${h.name}`),
  );
  for (const t of toCheck)
    diagnostics.push(
      ...checkKustomization({
        key: t.key,
        spec: t.spec,
        file: t.origin.file,
        line: specLine(t.origin),
        all,
        own: t.own,
        chartsRendered: !t.own.some(
          (o) =>
            o.kind === "HelmRelease" &&
            unrendered.has(
              `${t.cluster}|${o.metadata?.namespace ?? t.key.split("/")[0]}/${o.metadata?.name ?? ""}`,
            ),
        ),
      }),
    );
  const entryFiles = new Set(queue.map((c) => c.origin.file));
  const notApplied = [...k8sFiles]
    .map((f) => path.relative(root, f))
    .filter((f) => !reached.has(f) && !entryFiles.has(f))
    .sort();
  const list = allKs.sort(
    (a, b) =>
      (a.cluster ?? "").localeCompare(b.cluster ?? "", "en") ||
      keyOf(a.namespace, a.name).localeCompare(keyOf(b.namespace, b.name), "en"),
  );
  const appliedIds = new Set(
    objects.map(
      (o) =>
        `${o.cluster ?? ""}|${idKey(o.object.kind, o.object.metadata?.namespace, o.object.metadata?.name)}`,
    ),
  );
  const entries: RenderedObject[] = allKs
    .filter(
      (k) =>
        !k.appliedBy &&
        k.origin.file &&
        !appliedIds.has(`${k.cluster ?? ""}|${idKey("Kustomization", k.namespace, k.name)}`),
    )
    .flatMap((k) => {
      const c = found.find((f) => f.origin.file === k.origin.file && f.origin.line === k.origin.line);
      return c && isFluxKustomization(c.object)
        ? [
            {
              object: c.object,
              origin: c.origin,
              kustomization: "",
              ...(k.cluster ? { cluster: k.cluster } : {}),
            },
          ]
        : [];
    });
  return { root, kustomizations: list, objects, entries, diagnostics, notApplied, helmReleases };
}

/**
 * A HelmRelease of flux-operator's `flux-instance` chart: the FluxInstance it installs is in its
 * values (`instance.sync`), a common way to bootstrap with flux-operator.
 */
function instanceRelease(o: KubeObject): boolean {
  if (o.kind !== "HelmRelease" || parseApiVersion(o.apiVersion).group !== "helm.toolkit.fluxcd.io")
    return false;
  const spec = (o.spec ?? {}) as Json;
  const sync = spec.values?.instance?.sync;
  return Boolean(sync && typeof sync === "object" && typeof sync.path === "string");
}

/** The absolute folder of a Kustomization's `spec.path`, or undefined when it is not a folder. */
function kustomizationDir(root: string, ks: KubeObject): string | undefined {
  const p = (ks.spec as Json | undefined)?.path;
  const dir = path.resolve(root, typeof p === "string" ? p : "./");
  if (dir !== root && !dir.startsWith(root + path.sep)) return undefined;
  return existsSync(dir) && statSync(dir).isDirectory() ? dir : undefined;
}

/**
 * Why the Kustomization's source is not this repository, or undefined when it is. A
 * GitRepository named `flux-system`, or one not defined anywhere in the rendered tree, is the
 * repository (flate's bootstrap aliasing); other sources need the network.
 */
function sourceUnavailable(
  source: FluxKustomization["source"],
  rendered: ReadonlyMap<string, KubeObject>,
): string | undefined {
  const { kind, name, namespace } = source;
  if (kind !== "GitRepository")
    return `its source ${kind || "(no kind)"} ${namespace}/${name} is not available offline`;
  if (name === "flux-system") return undefined;
  const repo = rendered.get(`GitRepository/${namespace}/${name}`);
  if (!repo || parseApiVersion(repo.apiVersion).group !== SOURCE_GROUP) return undefined;
  const url = (repo.spec as Json | undefined)?.url;
  const self =
    rendered.get(`GitRepository/${namespace}/flux-system`) ??
    rendered.get("GitRepository/flux-system/flux-system");
  if (self && (self.spec as Json | undefined)?.url === url) return undefined;
  return `its source GitRepository ${namespace}/${name} (${String(url)}) is another repository`;
}
