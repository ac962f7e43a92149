/**
 * The build pipeline behind `kiln synth` and `kiln build`: inputs → render → synth → validate.
 * This is the only module that strings the stages together; each stage stays ignorant of the
 * ones after it.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { KilnError, UsageError } from "./core/errors.ts";
import { displayPath } from "./core/paths.ts";
import { parseYamlDocuments } from "./core/yaml.ts";
import { checkConfig, findConfigFile, type KilnConfig } from "./import/config.ts";
import { ensureImports } from "./import/project.ts";
import { type InputSource, parseSetFlags } from "./model/inputs.ts";
import { importUserModule } from "./model/load.ts";
import { loadControlPlane, renderControlPlane } from "./model/render.ts";
import { sopsSecretFiles } from "./synth/layout.ts";
import { synth } from "./synth/synth.ts";

export interface BuildOptions {
  out?: string;
  set?: string[];
  values?: string[];
  format?: string;
  files?: string;
  validate?: boolean;
  strict?: boolean;
  /** Re-import CRDs without the network (default: KILN_OFFLINE=1). */
  offline?: boolean;
  /** CRD mirror folder (default: KILN_MIRROR). */
  mirror?: string;
  /** Where progress lines go (default stdout). */
  log?: (line: string) => void;
  /** Write only the files whose bytes changed and delete stale ones (`--watch`; see synth). */
  inPlace?: boolean;
}

export interface BuildResult {
  outDir: string;
  files: string[];
  resources: number;
}

/**
 * Reads `-f values.yaml` files as override objects, with file:line errors; `source` gives the
 * line of an input path, for errors on the values (applyOverrides).
 */
export function readValuesFiles(files: readonly string[]): Array<{ values: unknown; source: InputSource }> {
  return files.map((f) => {
    let text: string;
    try {
      text = readFileSync(f, "utf8");
    } catch {
      throw new KilnError(`cannot read values file ${f}`);
    }
    const docs = parseYamlDocuments(text, displayPath(f));
    const doc = docs[0];
    const line = (at: readonly string[]) =>
      doc?.locate(
        at.flatMap((seg) =>
          seg
            .split(/\[(\d+)\]/)
            .filter(Boolean)
            .map((s, i) => (i > 0 ? Number(s) : s)),
        ),
      ).line;
    return { values: doc?.value ?? {}, source: { name: displayPath(f), line } };
  });
}

/** The overrides of `-f` files and `--set` flags, in order, each with its source. */
export function inputOverrides(
  controlPlane: { inputs: object; choices?: unknown },
  values: readonly string[],
  sets: readonly string[],
): { overrides: unknown[]; overrideSources: InputSource[] } {
  const files = readValuesFiles(values);
  const overrides: unknown[] = files.map((v) => v.values);
  const overrideSources = files.map((v) => v.source);
  if (sets.length) {
    overrides.push(parseSetFlags(controlPlane.inputs, sets, controlPlane.choices));
    overrideSources.push({ name: "--set" });
  }
  return { overrides, overrideSources };
}

/** Loads `kiln.config.ts` from a project folder; undefined when the project has none. */
export async function loadProjectConfig(
  dir: string,
): Promise<{ config: KilnConfig; file: string } | undefined> {
  const file = findConfigFile(dir);
  if (!file) return undefined;
  const mod = await importUserModule(file);
  // Outside a `"type": "module"` package the module loads as CommonJS: its default sits one level down.
  const d = mod.default as { default?: unknown; crds?: unknown } | undefined;
  const value = d && d.crds === undefined && d.default !== undefined ? d.default : d;
  return { config: checkConfig(value, displayPath(file)), file };
}

/** Renders `dir`, writes its manifests and (for `build`) validates them. */
export async function runBuild(dir: string, opts: BuildOptions): Promise<BuildResult> {
  const log = opts.log ?? ((l: string) => process.stdout.write(`${l}\n`));
  if (opts.format && opts.format !== "yaml" && opts.format !== "json") {
    throw new UsageError(`--format must be yaml or json, got "${opts.format}"`);
  }
  if (opts.files && opts.files !== "resource" && opts.files !== "unit") {
    throw new UsageError(`--files must be resource or unit, got "${opts.files}"`);
  }
  const { controlPlane, file } = await loadControlPlane(dir);
  // CRD import before render: re-import when pins changed or output is missing (see docs/import.md).
  const project = await loadProjectConfig(path.dirname(file));
  const imports = project
    ? await ensureImports(
        { dir: path.dirname(file), config: project.config, configFile: project.file },
        {
          offline: opts.offline ?? process.env.KILN_OFFLINE === "1",
          ...(opts.mirror ? { mirror: opts.mirror } : {}),
          log,
        },
      )
    : undefined;
  if (imports?.status === "imported") log(`imported ${imports.schemas.size} CRD kinds into .kiln/imports`);
  if (imports?.status === "unavailable") log(`warning: CRDs could not be imported: ${imports.reason}`);
  const { graph } = await renderControlPlane(controlPlane, {
    entryFile: file,
    ...inputOverrides(controlPlane, opts.values ?? [], opts.set ?? []),
  });
  const baseDir = path.dirname(file);
  const outDir = path.resolve(opts.out ?? path.join(baseDir, "out"));
  const layout = {
    format: (opts.format as "yaml" | "json") ?? "yaml",
    files: (opts.files as "resource" | "unit") ?? "resource",
    ...(controlPlane.repoPath ? { repoPath: controlPlane.repoPath } : {}),
  };
  const sopsFiles = sopsSecretFiles(graph, layout);
  if (sopsFiles.size) {
    // Encrypted in memory before anything is written (docs/build.md, SOPS Secrets).
    const { sealSopsSecrets } = await import("./secrets/seal.ts");
    const sealed = await sealSopsSecrets(graph, sopsFiles, { outDir, cwd: baseDir, log });
    const changed = sealed.filter((s) => s.status !== "unchanged");
    log(
      `encrypted ${sealed.length} SOPS Secret${sealed.length === 1 ? "" : "s"} (${sealed.length - changed.length} unchanged)`,
    );
    for (const s of changed)
      log(`  ${s.file}: ${s.status}${s.changedKeys.length ? ` (${s.changedKeys.join(", ")})` : ""}`);
  }
  const result = await synth(graph, outDir, { ...layout, ...(opts.inPlace ? { inPlace: true } : {}) });
  const update = result.update
    ? `: ${result.update.written.length} changed, ${result.update.removed.length} removed`
    : "";
  log(`wrote ${result.files.length} files (${graph.size} resources) to ${displayPath(outDir)}${update}`);
  if (opts.validate) {
    // After synth, so Flux Kustomization paths are checked against the tree just written.
    const { validateBuild } = await import("./validate/build-step.ts");
    await validateBuild(graph, {
      outDir,
      written: result.files,
      ...(controlPlane.repoPath ? { repoPath: controlPlane.repoPath } : {}),
      strict: opts.strict ?? false,
      ...(project?.config.schemas?.waive ? { waiveSchemas: project.config.schemas.waive } : {}),
      ...(imports ? { kindSchemas: imports.schemas.all() } : {}),
      ...(opts.mirror ? { mirror: opts.mirror } : {}),
      offline: opts.offline ?? process.env.KILN_OFFLINE === "1",
      log,
    });
  }
  return { outDir, files: result.files, resources: graph.size };
}
