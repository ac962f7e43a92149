/**
 * HelmReleases as helm-controller installs them, offline: for each HelmRelease Flux applies,
 * find its chart (helm-chart.ts), merge its values in Flux's order (helm-values.ts), check them
 * against the chart's values.schema.json (helm-schema.ts) and, with the real `helm` on PATH,
 * render the chart (helm-render.ts). Every release ends up rendered or not rendered with a
 * reason; values that fail the schema are errors at the release's `spec.values`.
 */
import { createHash } from "node:crypto";
import os from "node:os";
import type { Diagnostic } from "../core/errors.ts";
import { type KubeObject, parseApiVersion } from "../core/identity.ts";
import { formatJsonPath } from "../core/paths.ts";
import { mapLimit } from "../core/workers.ts";
import { dataAt, renderValue } from "../import/issues.ts";
import type { Origin } from "../kustomize/index.ts";
import { type ChartRequest, type ChartResolution, resolveChart } from "./helm-chart.ts";
import { DEFAULT_KUBE_VERSION, findHelm, helmTemplate } from "./helm-render.ts";
import { checkJsonSchema } from "./helm-schema.ts";
import { coalesce, mergeReleaseValues, sourceOf } from "./helm-values.ts";
import type { RenderedObject } from "./objects.ts";

type Json = Record<string, any>;

/** Options of the HelmRelease stage. */
export interface HelmOptions {
  /** Render charts with helm (default true when helm is on PATH). */
  render?: boolean;
  /** The helm executable (default: `helm` on PATH). */
  helm?: string;
  /** `.Capabilities.KubeVersion` (default DEFAULT_KUBE_VERSION). */
  kubeVersion?: string;
  /** The chart cache (default `<kiln cache>/charts`). */
  cacheDir?: string;
}

/** One HelmRelease Flux applies and what became of it. */
export interface HelmReleaseStatus {
  name: string;
  namespace: string;
  cluster?: string;
  /** `<chart>@<version>` when the chart was found. */
  chart?: string;
  rendered: boolean;
  /** Why it was not rendered. */
  reason?: string;
  /** Objects the chart rendered. */
  objects: number;
  /** A chart that would come from kiln's chart cache but is not there (what `kiln flux charts pull` fetches). */
  missing?: ChartRequest;
}

export interface HelmStageInput {
  root: string;
  objects: readonly RenderedObject[];
  /** True when GitRepository `namespace/name` is this repository (in `cluster`). */
  isThisRepository: (cluster: string, namespace: string, name: string) => boolean;
  /** The line of `spec.<path>` of the object defined at `origin`. */
  specLine: (origin: Origin, path: ReadonlyArray<string | number>) => number;
  options?: HelmOptions;
}

export interface HelmStageResult {
  releases: HelmReleaseStatus[];
  objects: RenderedObject[];
  diagnostics: Diagnostic[];
}

const isHelmRelease = (o: KubeObject) =>
  o.kind === "HelmRelease" && parseApiVersion(o.apiVersion).group === "helm.toolkit.fluxcd.io";

/**
 * helm-controller's release name: `spec.releaseName`, else `[targetNamespace-]name`, shortened
 * past 53 characters to 40 characters, `-` and 12 hex of its sha256 (as helm-controller does).
 */
export function releaseName(hr: KubeObject): string {
  const spec = (hr.spec ?? {}) as Json;
  const name =
    typeof spec.releaseName === "string" && spec.releaseName
      ? spec.releaseName
      : `${typeof spec.targetNamespace === "string" && spec.targetNamespace ? `${spec.targetNamespace}-` : ""}${hr.metadata?.name ?? ""}`;
  if (name.length <= 53) return name;
  return `${name.slice(0, 40)}-${createHash("sha256").update(name).digest("hex").slice(0, 12)}`;
}

/** Runs the HelmRelease stage over the objects a Flux repository applies. */
export async function renderHelmReleases(input: HelmStageInput): Promise<HelmStageResult> {
  const opts = input.options ?? {};
  const helm = opts.render === false ? undefined : (opts.helm ?? findHelm());
  const kubeVersion = opts.kubeVersion ?? DEFAULT_KUBE_VERSION;
  const index = new Map<string, RenderedObject>();
  const key = (cluster: string | undefined, kind: string, ns: string, name: string) =>
    `${cluster ?? ""}|${kind}/${ns}/${name}`;
  for (const r of input.objects)
    index.set(
      key(r.cluster, r.object.kind, r.object.metadata?.namespace ?? "", r.object.metadata?.name ?? ""),
      r,
    );
  const apiVersions = crdApiVersions(input.objects);
  const diagnostics: Diagnostic[] = [];
  const releases = input.objects.filter((r) => isHelmRelease(r.object));

  const one = async (
    r: RenderedObject,
  ): Promise<{ status: HelmReleaseStatus; objects: RenderedObject[] }> => {
    const hr = r.object;
    const ns = hr.metadata?.namespace ?? r.kustomization.split("/")[0] ?? "default";
    const name = hr.metadata?.name ?? "";
    const spec = (hr.spec ?? {}) as Json;
    const resource = `HelmRelease ${ns}/${name}`;
    const status: HelmReleaseStatus = { name, namespace: ns, rendered: false, objects: 0 };
    if (r.cluster) status.cluster = r.cluster;
    const skip = (reason: string) => {
      status.reason = reason;
      return { status, objects: [] };
    };
    const at = (p: ReadonlyArray<string | number>): Diagnostic => ({
      severity: "error",
      file: r.origin.file,
      line: input.specLine(r.origin, p),
      resource,
      message: "",
    });
    if (spec.suspend === true) return skip("spec.suspend is true");
    if (r.notValidated) return skip(`not checked: ${r.notValidated}`);
    const withNs = { ...hr, metadata: { ...hr.metadata, namespace: ns } };
    let res: ChartResolution;
    try {
      res = resolveChart(withNs, {
        root: input.root,
        lookup: (kind, n, nm) => index.get(key(r.cluster, kind, n, nm))?.object,
        isThisRepository: (n, nm) => input.isThisRepository(r.cluster ?? "", n, nm),
        ...(opts.cacheDir ? { cacheDir: opts.cacheDir } : {}),
      });
    } catch (e) {
      diagnostics.push({
        ...at(["chart"]),
        rule: "helm/chart",
        message: `cannot read the chart: ${(e as Error).message}`,
      });
      return skip("its chart cannot be read");
    }
    if ("reason" in res) {
      if (res.missing) status.missing = res.missing;
      return skip(res.reason);
    }
    const chart = res.chart;
    status.chart = `${chart.name}@${chart.version}`;
    const merged = mergeReleaseValues(withNs, (kind, n, nm) => index.get(key(r.cluster, kind, n, nm)));
    for (const note of merged.notes)
      diagnostics.push({ ...at(["valuesFrom"]), severity: "info", rule: "helm/values", message: note });
    if (merged.failed) {
      if (!/is not applied by Flux|has no key/.test(merged.failed))
        diagnostics.push({ ...at(["valuesFrom"]), rule: "helm/values", message: merged.failed });
      return skip(merged.failed);
    }
    let skipSchemaValidation = false;
    if (chart.schema !== undefined) {
      const checked = coalesce(merged.values, chart.defaults);
      const check = checkJsonSchema(chart.schema, checked);
      if ("error" in check) {
        skipSchemaValidation = true;
        diagnostics.push({
          ...at(["values"]),
          severity: "warning",
          rule: "helm/values-schema",
          message: `values not checked: ${chart.name}'s values.schema.json: ${check.error}`,
        });
      } else if (check.issues.length) {
        for (const issue of check.issues) {
          const from = sourceOf(merged.sources, issue.path);
          // A value from a Secret is never quoted.
          const shown = renderValue(dataAt(checked, issue.path));
          if (from.startsWith("Secret ") && issue.message.includes(shown))
            issue.message = issue.message.replaceAll(shown, "(a value from a Secret)");
          diagnostics.push({
            ...at(from === "spec.values" ? ["values", ...issue.path] : ["values"]),
            rule: "helm/values-schema",
            path: formatJsonPath(["spec", "values", ...issue.path]),
            message: `${issue.message} (${chart.name}'s values.schema.json${from && from !== "spec.values" ? `; value from ${from}` : ""})`,
          });
        }
        return skip(`its values do not match ${chart.name}'s values.schema.json`);
      }
    }
    if (!helm) return skip(opts.render === false ? "rendering not asked for" : "helm not on PATH");
    if (chart.missingDependencies.length)
      return skip(
        `chart dependencies not in ${chart.name}'s charts/ folder (${chart.missingDependencies.join(", ")}): source-controller fetches them, offline they are not available`,
      );
    const crds = spec.install?.crds ?? "Create";
    const out = await helmTemplate({
      helm,
      release: releaseName(hr),
      namespace: typeof spec.targetNamespace === "string" && spec.targetNamespace ? spec.targetNamespace : ns,
      chartDir: chart.dir,
      valuesFiles: chart.valuesFiles,
      values: merged.values,
      kubeVersion,
      apiVersions,
      includeCrds: crds !== "Skip",
      skipSchemaValidation,
    });
    if ("error" in out) {
      diagnostics.push({
        ...at(["chart"]),
        rule: "helm/template",
        message: `helm template failed: ${out.error}`,
      });
      return skip("helm template failed");
    }
    status.rendered = true;
    status.objects = out.objects.length;
    const objects = out.objects.map((t): RenderedObject => {
      const o = t.object;
      // helm-controller labels every object with the release that made it (its post-renderer;
      // the CRDs of crds/, which it applies itself, through a visitor that sets the same labels).
      o.metadata ??= {};
      o.metadata.labels = {
        ...(o.metadata.labels ?? {}),
        "helm.toolkit.fluxcd.io/name": name,
        "helm.toolkit.fluxcd.io/namespace": ns,
      };
      const item: RenderedObject = {
        object: o,
        origin: r.origin,
        kustomization: r.kustomization,
        helm: { release: `${ns}/${name}`, template: t.template },
      };
      if (r.cluster) item.cluster = r.cluster;
      return item;
    });
    return { status, objects };
  };

  const limit = Math.max(1, Math.min(4, os.availableParallelism()));
  const done = await mapLimit(releases, limit, one);
  return {
    releases: done.map((d) => d.status),
    objects: done.flatMap((d) => d.objects),
    diagnostics,
  };
}

/**
 * `group/version` and `group/version/Kind` of every CRD the repository applies: the cluster
 * will serve them, so charts that ask `.Capabilities.APIVersions.Has` see them, as they would
 * in a cluster where Flux applied the CRDs first.
 */
function crdApiVersions(objects: readonly RenderedObject[]): string[] {
  const out = new Set<string>();
  for (const { object: o } of objects) {
    if (o.kind !== "CustomResourceDefinition") continue;
    const spec = (o.spec ?? {}) as Json;
    const group = spec.group;
    const kind = spec.names?.kind;
    if (typeof group !== "string" || typeof kind !== "string" || !Array.isArray(spec.versions)) continue;
    for (const v of spec.versions)
      if (typeof v?.name === "string" && v.served !== false) {
        out.add(`${group}/${v.name}`);
        out.add(`${group}/${v.name}/${kind}`);
      }
  }
  return [...out].sort();
}
