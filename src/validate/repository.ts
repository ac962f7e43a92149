/**
 * Repository mode of `kiln validate`: a folder holding Flux Kustomizations is validated as Flux
 * would apply it — the rendered output of every Kustomization (src/flux), each object located
 * back to its file and line — instead of file by file. Files no Kustomization reaches are listed,
 * not validated; what the renderer reports (a missing path, a broken patch, an unset variable in
 * strict mode) is part of the report.
 */

import path from "node:path";
import type { Diagnostic } from "../core/errors.ts";
import { formatIdentity, identityOf, type KubeObject } from "../core/identity.ts";
import { displayPath } from "../core/paths.ts";
import {
  type BuildCache,
  createBuildCache,
  type FluxRepository,
  fluxRepositoryRoot,
  loadFluxRepository,
  looksLikeFluxRepository,
} from "../flux/repository.ts";
import type { CheckItem } from "./file-check.ts";
import { SchemaRegistry } from "./registry.ts";
import {
  checkTrees,
  finish,
  loadPolicyModules,
  type ValidateOptions,
  type ValidationReport,
} from "./validate.ts";

export { fluxRepositoryRoot, looksLikeFluxRepository };

export interface RepositoryReport extends ValidationReport {
  repository: FluxRepository;
}

/**
 * What `flux bootstrap` (or flux-operator) makes, and kiln therefore does not ask Git for: the
 * GitRepository that is the repository itself (a Kustomization kiln rendered from it) and the
 * namespace the entry points live in.
 */
function madeByBootstrap(d: Diagnostic, repo: FluxRepository): boolean {
  const m = /^(\S+) (?:([^/\s]+)\/)?(\S+)/.exec(d.resource ?? "");
  if (!m) return false;
  const [, kind, ns, name] = m;
  if (d.rule === "ref/sourceRef" && kind === "Kustomization")
    return repo.kustomizations.some(
      (k) =>
        k.name === name &&
        k.namespace === ns &&
        k.status !== "not rendered" &&
        k.source.kind === "GitRepository",
    );
  if (d.rule === "ref/namespace" && ns)
    return repo.kustomizations.some((k) => !k.appliedBy && k.namespace === ns);
  return false;
}

/**
 * flux-operator installs Flux with a patch to the notification CRDs that adds `FluxInstance` and
 * `ResourceSet` to the kinds an Alert's `eventSources` (and a Receiver's `resources`) may name
 * (its builder's notification profile); the upstream CRDs kiln checks against do not have them.
 */
function allowedByFluxOperator(d: Diagnostic, repo: FluxRepository): boolean {
  if (d.rule !== "schema/enum" || !/^Unsupported value: "(FluxInstance|ResourceSet)"/.test(d.message))
    return false;
  const at = /^Alert /.test(d.resource ?? "")
    ? /^spec\.eventSources\[\d+\]\.kind$/
    : /^Receiver /.test(d.resource ?? "")
      ? /^spec\.resources\[\d+\]\.kind$/
      : undefined;
  if (!at?.test(String(d.path ?? ""))) return false;
  return [...repo.entries, ...repo.objects].some((r) => {
    const o = r.object as KubeObject & { spec?: Record<string, any> };
    if (o.kind === "FluxInstance" && o.apiVersion?.startsWith("fluxcd.controlplane.io/")) return true;
    if (o.kind !== "HelmRelease") return false;
    const chart = o.spec?.chart?.spec?.chart ?? o.spec?.chartRef?.name;
    return typeof chart === "string" && chart.endsWith("flux-instance");
  });
}

/**
 * The parsed files of the repository validated last in this process, kept with `reuseChecks`
 * (`kiln validate --watch`) so that a re-run parses only the files whose text changed. One
 * repository's worth is kept; validating another replaces it. A single run keeps nothing.
 */
let parsed: { root: string; cache: BuildCache } | undefined;

/** Validates what Flux would apply from the repository at `root`. */
export async function validateRepository(
  root: string,
  opts: ValidateOptions = {},
  scope?: string,
): Promise<RepositoryReport> {
  const abs = path.resolve(root);
  if (opts.reuseChecks && parsed?.root !== abs) parsed = { root: abs, cache: createBuildCache() };
  const repo = await loadFluxRepository(abs, {
    ...(opts.reuseChecks && parsed ? { cache: parsed.cache } : {}),
    strict: opts.strict ?? false,
    ...(scope ? { scope } : {}),
    ...(opts.helm ? { helm: opts.helm } : {}),
  });
  const registry = await SchemaRegistry.create(opts.schemas ?? {}, opts.kindSchemas ?? []);
  const show = (rel: string) => displayPath(path.join(abs, rel));
  const plain: CheckItem[] = [];
  const sops: CheckItem[] = [];
  const patchedBy = new Map<string, string>();
  for (const r of [...repo.entries, ...repo.objects]) {
    if (r.notValidated) continue;
    // A chart's object is located by its template and the HelmRelease that rendered it.
    const it: CheckItem = r.helm
      ? {
          object: r.object,
          file: `${r.helm.template || "(chart)"} via HelmRelease ${r.helm.release} (${show(r.origin.file)}:${r.origin.line})`,
        }
      : { object: r.object, file: show(r.origin.file), line: r.origin.line };
    if (r.cluster) it.cluster = r.cluster;
    // A chart's Secrets are made from the release's values (checked there), not kept in Git.
    (r.sops || r.helm ? sops : plain).push(it);
    if (r.origin.patches?.length)
      patchedBy.set(
        `${it.file}\0${formatIdentity(identityOf(r.object))}`,
        r.origin.patches.map((p) => `${show(p.file)}:${p.line}`).join(", "),
      );
  }
  const policies = [...(opts.policies ?? []), ...(await loadPolicyModules(opts.policyModules ?? []))];
  const settings = { ...opts, policies };
  // XRDs Flux applies give their XRs a schema, each Flux cluster's to its own (checkTrees).
  // Decrypted SOPS Secrets are not plaintext in Git: the Secret gate does not apply to them.
  const decrypted = new Set(sops);
  const sopsSettings = { ...settings, secretPolicy: false };
  const results = await checkTrees(
    [...plain, ...sops],
    (it) => (it.cluster ? `cluster ${it.cluster}` : "the repository"),
    registry,
    (it) => (decrypted.has(it) ? sopsSettings : settings),
  );
  const own: Diagnostic[] = repo.diagnostics.map((d) => (d.file ? { ...d, file: show(d.file) } : { ...d }));
  results.push({
    diagnostics: own,
    facts: [],
    counts: { rulesEvaluated: 0, notEvaluated: 0, transitionSkipped: 0 },
    resources: 0,
    withoutSchema: 0,
  });
  const notes = [...registry.allNotes()];
  if (repo.notApplied.length)
    notes.push(
      `not applied by Flux (no Kustomization reaches them, not validated): ${repo.notApplied.map(show).join(", ")}`,
    );
  if (repo.helmReleases.length) {
    const rendered = repo.helmReleases.filter((h) => h.rendered).length;
    notes.push(`${rendered} HelmReleases rendered, ${repo.helmReleases.length - rendered} not rendered`);
    for (const h of repo.helmReleases)
      if (!h.rendered)
        notes.push(
          `HelmRelease ${h.namespace}/${h.name}${h.cluster ? ` (cluster ${h.cluster})` : ""} not rendered: ${h.reason}`,
        );
  }
  for (const k of repo.kustomizations)
    if (k.status !== "rendered")
      notes.push(`Kustomization ${k.namespace}/${k.name} not rendered: ${k.reason}`);
  const files = new Set([...plain, ...sops].map((i) => i.file)).size;
  const report = await finish(results, files, notes, {});
  report.diagnostics = report.diagnostics.filter(
    (d) => !madeByBootstrap(d, repo) && !allowedByFluxOperator(d, repo),
  );
  report.summary.errors = report.diagnostics.filter((d) => d.severity === "error").length;
  report.summary.warnings = report.diagnostics.filter((d) => d.severity === "warning").length;
  // One object rendered by two Kustomizations is one file applied twice: say who applies it.
  const appliers = new Map<string, Set<string>>();
  for (const r of repo.objects) {
    const k = `${formatIdentity(identityOf(r.object))}${r.cluster ? ` (cluster ${r.cluster})` : ""}`;
    appliers.set(k, (appliers.get(k) ?? new Set()).add(`Kustomization ${r.kustomization}`));
  }
  for (const d of report.diagnostics) {
    const who = d.rule === "identity/duplicate" && d.resource ? appliers.get(d.resource) : undefined;
    if (who && who.size > 1) d.message += `; applied by ${[...who].sort().join(" and ")}`;
    const by = d.file && d.resource ? patchedBy.get(`${d.file}\0${d.resource}`) : undefined;
    if (by) d.message += ` (patched by ${by})`;
  }
  return { ...report, repository: repo };
}
