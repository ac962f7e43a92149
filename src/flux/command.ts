/**
 * `kiln flux build [NAME]` (what one Kustomization, or all, would apply: like `flate build ks`)
 * and `kiln flux tree` (the Kustomization DAG: who applies whom, sources, dependsOn). Both use the
 * repository model of repository.ts.
 */
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { type Diagnostic, formatDiagnostic, KilnError, UsageError } from "../core/errors.ts";
import { repositoryRootOf } from "../core/fs.ts";
import type { KubeObject } from "../core/identity.ts";
import { stringifyYaml } from "../core/yaml-emit.ts";
import {
  type FluxKustomization,
  type FluxRepository,
  fluxRepositoryRoot,
  loadFluxRepository,
} from "./repository.ts";
import { placeholder } from "./sops.ts";

export interface FluxFlags {
  path?: string;
  namespace?: string;
  output?: string;
  strict?: boolean;
  secrets?: boolean;
  /** `kiln flux build`: render HelmReleases' charts with helm and print their objects too. */
  enableHelm?: boolean;
}

export interface CommandOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/**
 * The repository `--path` names, found as `kiln validate` finds it: Kustomization paths are
 * relative to the enclosing Git checkout when more of them resolve from there (or, for an output
 * folder kiln built, to where its marker says it sits), and only the files under `--path` are
 * discovered.
 */
async function load(flags: FluxFlags): Promise<FluxRepository> {
  const target = path.resolve(flags.path ?? ".");
  if (!existsSync(target) || !statSync(target).isDirectory())
    throw new KilnError(`${flags.path ?? "."} is not a folder`, { file: flags.path ?? "." });
  const root = fluxRepositoryRoot(target, repositoryRootOf(target));
  return loadFluxRepository(root, {
    ...(root !== target ? { scope: target } : {}),
    strict: flags.strict ?? false,
    helm: { render: flags.enableHelm === true },
  });
}

function report(diagnostics: Diagnostic[]): { stderr: string; errors: number } {
  const shown = diagnostics.filter((d) => d.severity !== "info");
  return {
    stderr: shown.map((d) => `${formatDiagnostic(d)}\n`).join(""),
    errors: shown.filter((d) => d.severity === "error").length,
  };
}

/**
 * A Secret's values replaced by placeholders: `kiln flux build` prints what Flux would apply
 * without printing secret values, even plaintext ones.
 */
function maskSecret(o: KubeObject): KubeObject {
  if (o.kind !== "Secret" || o.apiVersion !== "v1") return o;
  const out: KubeObject = { ...o };
  for (const field of ["data", "stringData"] as const) {
    const m = o[field];
    if (!m || typeof m !== "object") continue;
    out[field] = Object.fromEntries(
      Object.keys(m).map((k) => [
        k,
        field === "data" ? Buffer.from(placeholder(k)).toString("base64") : placeholder(k),
      ]),
    );
  }
  return out;
}

export async function runFluxBuild(name: string | undefined, flags: FluxFlags): Promise<CommandOutput> {
  const format = flags.output ?? "yaml";
  if (format !== "yaml" && format !== "json")
    throw new UsageError(`--output must be yaml or json, got "${flags.output}"`);
  const repo = await load(flags);
  const chosen = repo.kustomizations.filter(
    (k) => (!name || k.name === name) && (!flags.namespace || k.namespace === flags.namespace),
  );
  if (name && !chosen.length)
    throw new KilnError(
      `no Kustomization named ${name}${flags.namespace ? ` in namespace ${flags.namespace}` : ""} in ${repo.root}`,
    );
  const keys = new Set(chosen.map((k) => `${k.cluster ?? ""}|${k.namespace}/${k.name}`));
  const objects = repo.objects
    .filter((o) => keys.has(`${o.cluster ?? ""}|${o.kustomization}`))
    .filter((o) => flags.secrets || o.object.kind !== "Secret")
    .map((o) => maskSecret(o.object));
  const stdout =
    format === "json"
      ? `${JSON.stringify(objects, null, 2)}\n`
      : objects.map((o) => `---\n${stringifyYaml(o)}`).join("");
  const { stderr, errors } = report(repo.diagnostics);
  return { stdout, stderr, exitCode: errors ? 1 : 0 };
}

export async function runFluxTree(flags: FluxFlags): Promise<CommandOutput> {
  const repo = await load(flags);
  const lines: string[] = [];
  const clusters = [...new Set(repo.kustomizations.map((k) => k.cluster ?? ""))];
  for (const cluster of clusters) {
    const list = repo.kustomizations.filter((k) => (k.cluster ?? "") === cluster);
    if (cluster) lines.push(`cluster ${cluster}`);
    const children = new Map<string, FluxKustomization[]>();
    for (const k of list) {
      const parent = k.appliedBy ?? "";
      children.set(parent, [...(children.get(parent) ?? []), k]);
    }
    const walk = (parent: string, indent: string) => {
      const kids = children.get(parent) ?? [];
      kids.forEach((k, i) => {
        const last = i === kids.length - 1;
        const branch = parent ? (last ? "└─ " : "├─ ") : "";
        const src = `${k.source.kind} ${k.source.namespace}/${k.source.name}`;
        const state =
          k.status === "rendered"
            ? `${k.objects} object${k.objects === 1 ? "" : "s"}`
            : `${k.status}: ${k.reason}`;
        const deps = k.dependsOn.length ? `; dependsOn ${k.dependsOn.join(", ")}` : "";
        lines.push(`${indent}${branch}${k.namespace}/${k.name}  ${k.path}  (${src}; ${state}${deps})`);
        walk(`${k.namespace}/${k.name}`, parent ? indent + (last ? "   " : "│  ") : indent);
      });
    };
    walk("", cluster ? "  " : "");
  }
  const { stderr, errors } = report(repo.diagnostics);
  return { stdout: lines.length ? `${lines.join("\n")}\n` : "", stderr, exitCode: errors ? 1 : 0 };
}
