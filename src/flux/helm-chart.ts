/**
 * Where a HelmRelease's chart is, offline: a chart folder in this repository (a `GitRepository`
 * source that is the repository itself, `chart: ./path`), or kiln's chart cache for
 * HelmRepository and OCIRepository charts (filled on purpose by `kiln flux charts pull`; never
 * by validate, which does not touch the network).
 *
 * The cache holds charts unpacked as `helm pull --untar` leaves them:
 * `<cache>/charts/<sha256(source url), 16 hex>/<chart>/<version>/Chart.yaml`. A semver range in
 * `version` resolves to the highest cached version it allows (the `semver` package, as
 * source-controller resolves ranges against a repository index).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import semver from "semver";
import type { KubeObject } from "../core/identity.ts";
import { isObject, setOwn } from "../core/object.ts";
import { parseYamlDocuments } from "../core/yaml.ts";
import { defaultCacheDir, sha256 } from "../sources/cache.ts";

type Json = Record<string, any>;

/** A chart found offline. */
export interface LocalChart {
  /** Absolute folder holding Chart.yaml. */
  dir: string;
  /** Chart.yaml `name`. */
  name: string;
  /** Chart.yaml `version`. */
  version: string;
  /** `values.schema.json`, parsed, when the chart has one. */
  schema?: unknown;
  /** Chart values (values.yaml, then the HelmChart's `valuesFiles` merged in order). */
  defaults: Json;
  /** Extra values files of the chart (`valuesFiles`), absolute, in order, passed to helm before the release's values. */
  valuesFiles: string[];
  /**
   * Chart.yaml dependencies not vendored in `charts/` (a folder or a `.tgz`): source-controller
   * fetches them when it builds the chart; offline they are not there.
   */
  missingDependencies: string[];
}

/** What a HelmRelease asks for: the source and the chart in it. */
export interface ChartRequest {
  /** e.g. `HelmRepository flux-system/bitnami`, for messages. */
  source: string;
  sourceKind: string;
  /** The source's URL (`spec.url`), when the source object is known. */
  url?: string;
  chart: string;
  /** Version or semver range (`*` when unset); for an OCIRepository its tag, semver or `latest`. */
  version: string;
  valuesFiles: string[];
}

export type ChartResolution =
  | { chart: LocalChart; request: ChartRequest }
  | { reason: string; request?: ChartRequest; missing?: ChartRequest };

/** How the chart resolver sees the repository: its root and the objects Flux applies. */
export interface ChartContext {
  root: string;
  /** A rendered object by kind, namespace and name. */
  lookup: (kind: string, namespace: string, name: string) => KubeObject | undefined;
  /** True when a GitRepository source is this repository (flux-system or an alias of it). */
  isThisRepository: (namespace: string, name: string) => boolean;
  /** The chart cache folder (default `<kiln cache>/charts`). */
  cacheDir?: string;
}

/** kiln's chart cache folder: `<KILN_CACHE or $XDG_CACHE_HOME/kiln or ~/.cache/kiln>/charts`. */
export function chartCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(defaultCacheDir(env), "charts");
}

/** The cache folder of one chart of one source URL (its versions are subfolders). */
export function cachedChartFolder(cacheDir: string, url: string, chart: string): string {
  return path.join(cacheDir, sha256(url.replace(/\/+$/, "")).slice(0, 16), chart);
}

/** The chart a HelmRelease installs, or why it is not available offline. */
export function resolveChart(hr: KubeObject, ctx: ChartContext): ChartResolution {
  const spec = (hr.spec ?? {}) as Json;
  const ns = hr.metadata?.namespace ?? "default";
  if (isObject(spec.chartRef)) {
    const ref = spec.chartRef as Json;
    const refNs = typeof ref.namespace === "string" ? ref.namespace : ns;
    const name = String(ref.name ?? "");
    if (ref.kind === "OCIRepository") return fromOci(ctx, refNs, name);
    if (ref.kind === "HelmChart") {
      const hc = ctx.lookup("HelmChart", refNs, name);
      if (!hc) return { reason: `HelmChart ${refNs}/${name} is not defined in the repository` };
      return fromChartSpec(ctx, (hc.spec ?? {}) as Json, refNs);
    }
    return { reason: `chartRef kind ${String(ref.kind)} ${refNs}/${name} is not available offline` };
  }
  const chartSpec = spec.chart?.spec;
  if (!isObject(chartSpec)) return { reason: "it has neither spec.chart.spec nor spec.chartRef" };
  return fromChartSpec(ctx, chartSpec as Json, ns);
}

function fromChartSpec(ctx: ChartContext, cs: Json, ns: string): ChartResolution {
  const src = (cs.sourceRef ?? {}) as Json;
  const kind = String(src.kind ?? "");
  const srcNs = typeof src.namespace === "string" ? src.namespace : ns;
  const srcName = String(src.name ?? "");
  const chart = String(cs.chart ?? "");
  const valuesFiles = [
    ...(typeof cs.valuesFile === "string" ? [cs.valuesFile] : []),
    ...(Array.isArray(cs.valuesFiles) ? cs.valuesFiles.filter((f: unknown) => typeof f === "string") : []),
  ];
  const request: ChartRequest = {
    source: `${kind} ${srcNs}/${srcName}`,
    sourceKind: kind,
    chart,
    version: typeof cs.version === "string" && cs.version ? cs.version : "*",
    valuesFiles,
  };
  if (kind === "GitRepository") {
    if (!ctx.isThisRepository(srcNs, srcName))
      return { reason: `its chart is in another Git repository (${request.source})`, request };
    const dir = path.resolve(ctx.root, chart);
    if (dir !== ctx.root && !dir.startsWith(ctx.root + path.sep))
      return { reason: `chart path ${chart} is outside the repository`, request };
    if (!existsSync(path.join(dir, "Chart.yaml")))
      return { reason: `chart path ${chart} has no Chart.yaml in the repository`, request };
    return { chart: readChart(dir, valuesFiles), request };
  }
  if (kind === "HelmRepository") {
    const repo = ctx.lookup("HelmRepository", srcNs, srcName);
    const url =
      typeof (repo?.spec as Json | undefined)?.url === "string"
        ? ((repo!.spec as Json).url as string)
        : undefined;
    if (!url)
      return { reason: `HelmRepository ${srcNs}/${srcName} is not defined in the repository`, request };
    request.url = url;
    // An OCI HelmRepository names a registry path; the chart is <url>/<chart>, as `helm pull oci://` takes it.
    return fromCache(ctx, request, url, chart, request.version);
  }
  return { reason: `its chart source ${request.source} is not available offline`, request };
}

function fromOci(ctx: ChartContext, ns: string, name: string): ChartResolution {
  const repo = ctx.lookup("OCIRepository", ns, name);
  const url =
    typeof (repo?.spec as Json | undefined)?.url === "string"
      ? ((repo!.spec as Json).url as string)
      : undefined;
  if (!url) return { reason: `OCIRepository ${ns}/${name} is not defined in the repository` };
  const ref = ((repo?.spec as Json | undefined)?.ref ?? {}) as Json;
  const version =
    typeof ref.semver === "string" ? ref.semver : typeof ref.tag === "string" ? ref.tag : "latest";
  const chart = url.replace(/\/+$/, "").split("/").pop() ?? "";
  const request: ChartRequest = {
    source: `OCIRepository ${ns}/${name}`,
    sourceKind: "OCIRepository",
    url,
    chart,
    version,
    valuesFiles: [],
  };
  return fromCache(ctx, request, url, chart, version);
}

function fromCache(
  ctx: ChartContext,
  request: ChartRequest,
  url: string,
  chart: string,
  want: string,
): ChartResolution {
  const folder = cachedChartFolder(ctx.cacheDir ?? chartCacheDir(), url, chart);
  const versions = existsSync(folder)
    ? readdirSync(folder).filter((v) => existsSync(path.join(folder, v, "Chart.yaml")))
    : [];
  const picked = pickVersion(versions, want);
  if (!picked)
    return {
      reason: `chart not available offline (${request.source}, chart ${chart}, version ${want}; fill the cache with \`kiln flux charts pull\`)`,
      request,
      missing: request,
    };
  return { chart: readChart(path.join(folder, picked), request.valuesFiles), request };
}

/**
 * The cached version a HelmRelease's `version` selects: an exact version or tag by name (a
 * leading `v` optional), `latest` or `*` the highest, otherwise the highest satisfying the range.
 */
export function pickVersion(versions: readonly string[], want: string): string | undefined {
  const exact = versions.find((v) => v === want || v.replace(/^v/, "") === want.replace(/^v/, ""));
  if (exact) return exact;
  const valid = versions.filter((v) => semver.valid(v, { loose: true }));
  if (want === "latest") return semver.rsort([...valid], { loose: true })[0];
  const range = semver.validRange(want, { loose: true });
  if (!range) return undefined;
  return semver.maxSatisfying(valid, range, { loose: true }) ?? undefined;
}

/** Reads Chart.yaml, values.yaml, the extra values files and values.schema.json of a chart folder. */
export function readChart(dir: string, valuesFiles: readonly string[] = []): LocalChart {
  const meta = readYamlMap(path.join(dir, "Chart.yaml"));
  const files = valuesFiles
    .map((f) => path.resolve(dir, f))
    .filter((f) => path.basename(f) !== "values.yaml");
  let defaults = readYamlMap(path.join(dir, "values.yaml"));
  for (const f of files) defaults = mergeMaps(defaults, readYamlMap(f));
  const chart: LocalChart = {
    dir,
    name: String(meta.name ?? path.basename(dir)),
    version: String(meta.version ?? ""),
    defaults,
    valuesFiles: files,
    missingDependencies: missingDependencies(dir, meta.dependencies),
  };
  const schemaFile = path.join(dir, "values.schema.json");
  if (existsSync(schemaFile) && statSync(schemaFile).isFile())
    chart.schema = JSON.parse(readFileSync(schemaFile, "utf8"));
  return chart;
}

function missingDependencies(dir: string, deps: unknown): string[] {
  if (!Array.isArray(deps)) return [];
  const vendored = existsSync(path.join(dir, "charts")) ? readdirSync(path.join(dir, "charts")) : [];
  return deps
    .filter((d): d is Json => isObject(d) && typeof d.name === "string")
    .filter(
      (d) =>
        !vendored.some(
          (f) =>
            (f === d.name && existsSync(path.join(dir, "charts", f, "Chart.yaml"))) ||
            (f.startsWith(`${d.name}-`) && f.endsWith(".tgz")),
        ),
    )
    .map((d) => d.name as string);
}

function readYamlMap(file: string): Json {
  if (!existsSync(file)) return {};
  const docs = parseYamlDocuments(readFileSync(file, "utf8"), file);
  const v = docs[0]?.value;
  return isObject(v) ? (v as Json) : {};
}

/**
 * Flux's `MergeMaps` (fluxcd/pkg/chartutil): `b` over `a`; maps merge key by key, anything else
 * (lists included) replaces.
 */
export function mergeMaps(a: Json, b: Json): Json {
  const out: Json = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    setOwn(out, k, isObject(v) && isObject(prev) ? mergeMaps(prev as Json, v as Json) : v);
  }
  return out;
}
