/**
 * The project config, `kiln.config.ts` next to the entry module. It declares where CRDs come
 * from and how their schemas are adjusted before types and validators are made. Loading the
 * module is the caller's job (build.ts, the CLI); this file only defines and checks the shape.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { KilnError } from "../core/errors.ts";
import type { CrdSource } from "../sources/spec.ts";
import type { KindSchema } from "./schemas.ts";

export type { CrdSource } from "../sources/spec.ts";

/** Adjustments applied to every imported kind, in place of hand-patching generated code. */
export interface ImportTransforms {
  /**
   * Kinds or versions to leave out: `Kind` (any group/version) or `group/version/Kind`, where
   * any segment may be `*` — e.g. `source.toolkit.fluxcd.io/v1beta2/*` drops a whole version.
   */
  exclude?: string[];
  /**
   * Edits a kind before types and validators are made: return a replacement KindSchema, or
   * change `kind.schema` in place and return nothing. The result must still be structural.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: lets a patch that edits in place have no return statement.
  patch?: (kind: KindSchema) => KindSchema | undefined | void;
}

/** How `kiln build` treats kinds that no schema covers. */
export interface SchemaPolicy {
  /**
   * Kinds allowed to have no schema (otherwise an error in `kiln build`): `group/Kind` (any
   * version) or `group/version/Kind`, any segment `*`, `core` for the core group — e.g.
   * `example.org/Widget`, `core/v1/ReplicationController`.
   */
  waive?: string[];
}

export interface KilnConfig {
  /** CRD sources: URLs (pinned in kiln.lock), files or folders, `{ chart: dir }` for a Helm chart's crds/. */
  crds?: CrdSource[];
  transforms?: ImportTransforms;
  schemas?: SchemaPolicy;
}

/** Declares a project config; `kiln.config.ts` default-exports the result. */
export function defineConfig(config: KilnConfig): KilnConfig {
  return config;
}

export const CONFIG_NAMES = ["kiln.config.ts", "kiln.config.mts", "kiln.config.js", "kiln.config.mjs"];

/** The config file in `dir`, if any. */
export function findConfigFile(dir: string): string | undefined {
  return CONFIG_NAMES.map((n) => path.join(dir, n)).find((f) => existsSync(f));
}

/** Checks a loaded module's default export; a wrong shape is a KilnError at the config file. */
export function checkConfig(value: unknown, file: string): KilnConfig {
  const fail = (msg: string, p?: string): never => {
    throw new KilnError(msg, { file, ...(p ? { path: p } : {}) });
  };
  if (typeof value !== "object" || value === null)
    return fail("the config module must `export default defineConfig({...})`");
  const c = value as KilnConfig;
  if (c.crds !== undefined && !Array.isArray(c.crds)) fail("crds must be a list", "crds");
  const t = c.transforms;
  if (t !== undefined) {
    if (typeof t !== "object" || t === null) fail("transforms must be an object", "transforms");
    if (
      t.exclude !== undefined &&
      (!Array.isArray(t.exclude) || t.exclude.some((e) => typeof e !== "string"))
    ) {
      fail("transforms.exclude must be a list of strings", "transforms.exclude");
    }
    for (const [i, e] of (t.exclude ?? []).entries()) {
      if (!isKindPattern(e) || e.split("/").length === 2)
        fail(`"${e}" is neither Kind nor group/version/Kind`, `transforms.exclude[${i}]`);
    }
    if (t.patch !== undefined && typeof t.patch !== "function")
      fail("transforms.patch must be a function", "transforms.patch");
  }
  const sc = c.schemas;
  if (sc !== undefined) {
    if (typeof sc !== "object" || sc === null) fail("schemas must be an object", "schemas");
    if (sc.waive !== undefined && (!Array.isArray(sc.waive) || sc.waive.some((e) => typeof e !== "string")))
      fail("schemas.waive must be a list of strings", "schemas.waive");
    for (const [i, e] of (sc.waive ?? []).entries()) {
      if (!isKindPattern(e) || e.split("/").length === 1)
        fail(`"${e}" is neither group/Kind nor group/version/Kind`, `schemas.waive[${i}]`);
    }
  }
  return c;
}

function isKindPattern(p: string): boolean {
  const parts = p.split("/");
  return parts.length <= 3 && parts.every((s) => s.length > 0);
}

/**
 * True when group/version/kind matches one of the patterns: `Kind`, `group/Kind` or
 * `group/version/Kind`, where any segment may be `*` and `core` names the core group.
 */
export function matchesKind(
  k: { group: string; version: string; kind: string },
  patterns: readonly string[],
): boolean {
  return patterns.some((p) => {
    const parts = p.split("/");
    const [g, v, kind] =
      parts.length === 1 ? ["*", "*", parts[0]!] : parts.length === 2 ? [parts[0]!, "*", parts[1]!] : parts;
    const m = (pat: string | undefined, val: string) => pat === "*" || pat === val;
    return (m(g, k.group) || (g === "core" && k.group === "")) && m(v, k.version) && m(kind, k.kind);
  });
}

/** True when `k` matches one of the exclude patterns. */
export function isExcluded(k: KindSchema, patterns: readonly string[]): boolean {
  return matchesKind(k, patterns);
}
