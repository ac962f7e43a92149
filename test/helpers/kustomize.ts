/**
 * Runs the real `kustomize build` the way kustomize-controller builds (no load restrictions) and
 * compares its output with kiln's src/kustomize by parsed objects: order, then deep equality.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import type { KubeObject } from "../../src/core/identity.ts";
import { parseYamlDocuments } from "../../src/core/yaml.ts";
import { kustomizationFileIn, loadKustomizationFile } from "../../src/kustomize/load.ts";
import { peer } from "./env.ts";

/** The kustomize binary: .ci/run's pinned v5.8.1 in GOBIN, else one on PATH. */
export const kustomizeBin = peer("kustomize");

export type RealBuild = { ok: true; objects: KubeObject[] } | { ok: false; error: string };

export function kustomizeBuild(dir: string): RealBuild {
  const r = spawnSync(kustomizeBin as string, ["build", "--load-restrictor", "LoadRestrictionsNone", dir], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) return { ok: false, error: (r.stderr || String(r.error)).trim() };
  const objects = parseYamlDocuments(r.stdout, dir)
    .map((d) => d.value as KubeObject)
    .filter((v) => v !== null);
  return { ok: true, objects };
}

const key = (o: KubeObject) => `${o.apiVersion} ${o.kind} ${o.metadata?.namespace ?? ""}/${o.metadata?.name}`;

/** First difference between two object lists, or undefined when they are identical. */
export function firstDifference(expected: KubeObject[], actual: KubeObject[]): string | undefined {
  const a = JSON.parse(JSON.stringify(actual)) as KubeObject[];
  const ek = expected.map(key);
  const ak = a.map(key);
  if (!isDeepStrictEqual(ek, ak)) {
    const missing = ek.filter((k) => !ak.includes(k));
    const extra = ak.filter((k) => !ek.includes(k));
    if (missing.length || extra.length)
      return `objects differ: missing ${JSON.stringify(missing.slice(0, 3))}, extra ${JSON.stringify(extra.slice(0, 3))}`;
    return `order differs: kustomize ${JSON.stringify(ek.slice(0, 5))}… kiln ${JSON.stringify(ak.slice(0, 5))}…`;
  }
  for (let i = 0; i < expected.length; i++)
    if (!isDeepStrictEqual(expected[i], a[i])) return `${ek[i]} differs at ${where(expected[i], a[i], "")}`;
  return undefined;
}

/** The first path where two values differ, with both values. */
function where(x: unknown, y: unknown, at: string): string {
  if (x && y && typeof x === "object" && typeof y === "object" && Array.isArray(x) === Array.isArray(y)) {
    const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])];
    for (const k of keys) {
      const u = (x as Record<string, unknown>)[k];
      const v = (y as Record<string, unknown>)[k];
      if (!isDeepStrictEqual(u, v)) return where(u, v, `${at}.${k}`);
    }
  }
  const show = (v: unknown) => JSON.stringify(v)?.slice(0, 200);
  return `${at || "."}: kustomize ${show(x)}, kiln ${show(y)}`;
}

/** Every folder below `dir` holding a kustomization file that is not a Component. */
export function kustomizationFolders(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory() || e.name === ".git" || e.name === "node_modules") continue;
    const p = path.join(dir, e.name);
    const f = kustomizationFileIn(p);
    if (f) {
      try {
        if (loadKustomizationFile(f, dir).spec.kind !== "Component") out.push(p);
      } catch {
        out.push(p);
      }
    }
    kustomizationFolders(p, out);
  }
  return out;
}
