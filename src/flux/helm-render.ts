/**
 * `helm template` run the way helm-controller installs a release: the real `helm` binary (found
 * on PATH; kiln does not reimplement Go templates), values passed in one file written to a
 * private temporary folder and deleted after, helm's own folders pointed into that folder so no
 * user configuration or repository index is read, and nothing fetched.
 */
import { execFile } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { KubeObject } from "../core/identity.ts";
import { parseYamlDocuments } from "../core/yaml.ts";

/** The Kubernetes version charts see as `.Capabilities.KubeVersion` unless told otherwise. */
export const DEFAULT_KUBE_VERSION = "v1.35.0";

/** The `helm` executable on PATH, or undefined. */
export function findHelm(env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const f = path.join(dir, "helm");
    try {
      accessSync(f, constants.X_OK);
      if (statSync(f).isFile()) return f;
    } catch {
      // not here
    }
  }
  return undefined;
}

export interface TemplateRequest {
  helm: string;
  release: string;
  namespace: string;
  chartDir: string;
  /** Chart values files passed before the release's values (a HelmChart's `valuesFiles`). */
  valuesFiles: string[];
  values: Record<string, unknown>;
  kubeVersion: string;
  /** `.Capabilities.APIVersions` beyond helm's built-in set (the CRDs the repository applies). */
  apiVersions: string[];
  includeCrds: boolean;
  /** The schema could not be checked offline (a remote `$ref`): helm must not fetch it. */
  skipSchemaValidation: boolean;
}

/** One object of helm's output and the template it came from (`<chart>/templates/x.yaml`). */
export interface TemplateObject {
  object: KubeObject;
  template: string;
}

/** Runs `helm template`; the objects it prints, or helm's error message. */
export async function helmTemplate(
  req: TemplateRequest,
): Promise<{ objects: TemplateObject[] } | { error: string }> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "kiln-helm-"));
  try {
    const valuesFile = path.join(tmp, "values.json");
    writeFileSync(valuesFile, JSON.stringify(req.values), { mode: 0o600 });
    const args = [
      "template",
      req.release,
      req.chartDir,
      "--namespace",
      req.namespace,
      ...req.valuesFiles.flatMap((f) => ["-f", f]),
      "-f",
      valuesFile,
      "--kube-version",
      req.kubeVersion,
      "--skip-tests",
      ...(req.includeCrds ? ["--include-crds"] : []),
      ...(req.skipSchemaValidation ? ["--skip-schema-validation"] : []),
      ...(req.apiVersions.length ? ["--api-versions", req.apiVersions.join(",")] : []),
    ];
    const env = {
      PATH: process.env.PATH ?? "",
      HOME: tmp,
      HELM_CACHE_HOME: path.join(tmp, "cache"),
      HELM_CONFIG_HOME: path.join(tmp, "config"),
      HELM_DATA_HOME: path.join(tmp, "data"),
    };
    const out = await new Promise<{ stdout: string; stderr: string; code: number }>((resolve) => {
      execFile(
        req.helm,
        args,
        { env, maxBuffer: 256 * 1024 * 1024, encoding: "utf8" },
        (err, stdout, stderr) =>
          resolve({ stdout, stderr, code: err ? ((err as { code?: number }).code ?? 1) : 0 }),
      );
    });
    if (out.code !== 0) return { error: cleanError(out.stderr, tmp) || `helm exited with code ${out.code}` };
    return { objects: parseTemplateOutput(out.stdout, req.release) };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** helm's message without its `Error: ` prefix and without the temporary folder's path. */
function cleanError(stderr: string, tmp: string): string {
  return stderr
    .split("\n")
    .filter((l) => l.trim() && !/^WARNING: /.test(l))
    .map((l) => l.replace(/^Error: /, "").replaceAll(tmp, "<values>"))
    .join("; ");
}

/** The objects of `helm template` output, each with the template its `# Source:` comment names. */
export function parseTemplateOutput(text: string, label: string): TemplateObject[] {
  const lines = text.split("\n");
  const out: TemplateObject[] = [];
  for (const d of parseYamlDocuments(text, `helm template ${label}`)) {
    const v = d.value as KubeObject | null;
    if (!v || typeof v !== "object" || typeof v.kind !== "string") continue;
    let template = "";
    for (let i = d.line - 1; i >= 0; i--) {
      const l = lines[i] ?? "";
      const m = /^# Source: (.+)$/.exec(l);
      if (m) {
        template = m[1]!;
        break;
      }
      if (l === "---") break;
    }
    out.push({ object: v, template });
  }
  return out;
}
