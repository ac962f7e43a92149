/**
 * configMapGenerator and secretGenerator (api/internal/generators, api/kv) and kustomize's
 * content hash (api/hasher), which names a generated object `<name>-<hash>` at the end of the
 * build.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { KubeObject } from "../core/identity.ts";
import { type KustomizationFile, LoadError, relative } from "./load.ts";
import type { Resource } from "./resource.ts";

interface GeneratorOptions {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  disableNameSuffixHash?: boolean;
  immutable?: boolean;
}

/** `MergeGlobalOptionsIntoLocal`: local labels/annotations win, either flag set wins. */
function mergeOptions(
  local: GeneratorOptions | undefined,
  global: GeneratorOptions | undefined,
): GeneratorOptions {
  const out: GeneratorOptions = { ...(local ?? {}) };
  if (global?.labels) out.labels = { ...global.labels, ...(local?.labels ?? {}) };
  if (global?.annotations) out.annotations = { ...global.annotations, ...(local?.annotations ?? {}) };
  if (global?.disableNameSuffixHash) out.disableNameSuffixHash = true;
  if (global?.immutable) out.immutable = true;
  return out;
}

function removeQuotes(s: string): string {
  if (s.length < 2 || s[0] !== s[s.length - 1]) return s;
  return s[0] === '"' || s[0] === "'" ? s.slice(1, -1) : s;
}

/** An env file's pairs: `KEY=VALUE` lines; blank lines and `#` comments skipped; `KEY` alone is empty. */
function envPairs(text: string, rel: string): [string, string][] {
  const out: [string, string][] = [];
  text
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .forEach((raw, i) => {
      const line = raw.replace(/^\s+/, "");
      if (!line || line.startsWith("#")) return;
      const eq = line.indexOf("=");
      const key = eq < 0 ? line : line.slice(0, eq);
      if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(key))
        throw new LoadError(`invalid environment variable name ${JSON.stringify(key)}`, rel, i + 1);
      out.push([key, eq < 0 ? "" : line.slice(eq + 1)]);
    });
  return out;
}

/** Builds the kustomization's generated ConfigMaps and Secrets, in kustomize's order. */
export function generate(k: KustomizationFile): Resource[] {
  const out: Resource[] = [];
  const global = k.spec.generatorOptions as GeneratorOptions | undefined;
  for (const [field, kind] of [
    ["configMapGenerator", "ConfigMap"],
    ["secretGenerator", "Secret"],
  ] as const) {
    const list = k.spec[field];
    if (!Array.isArray(list)) continue;
    list.forEach((g: Record<string, unknown>, i: number) => {
      const line = k.line([field, i]);
      const where = (msg: string) => new LoadError(msg, k.rel, line);
      const name = g.name;
      if (typeof name !== "string" || !name) throw where(`${field}[${i}] has no name`);
      const data: [string, string, boolean][] = []; // key, value, is binary
      for (const env of [...((g.envs as string[]) ?? []), ...(g.env ? [g.env as string] : [])]) {
        const file = path.resolve(k.dir, env);
        for (const [key, v] of envPairs(
          read(file, k, where).toString("utf8"),
          relative(path.dirname(k.rel), file),
        ))
          data.push([key, v, false]);
      }
      for (const lit of (g.literals as string[]) ?? []) {
        const eq = lit.indexOf("=");
        if (eq <= 0) throw where(`invalid literal source ${lit}, expected key=value`);
        data.push([lit.slice(0, eq), removeQuotes(lit.slice(eq + 1)), false]);
      }
      for (const src of (g.files as string[]) ?? []) {
        const parts = src.split("=");
        if (parts.length > 2 || parts[0] === "" || parts[1] === "")
          throw where(`invalid file source ${JSON.stringify(src)}`);
        const [key, file] =
          parts.length === 2 ? [parts[0] as string, parts[1] as string] : [path.posix.basename(src), src];
        const bytes = read(path.resolve(k.dir, file), k, where);
        const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
        const valid = Buffer.from(text, "utf8").equals(bytes);
        data.push(valid ? [key, text, false] : [key, bytes.toString("base64"), true]);
      }
      const seen = new Set<string>();
      for (const [key] of data) {
        if (seen.has(key)) throw where(`${kind.toLowerCase()} ${name} illegally repeats the key \`${key}\``);
        seen.add(key);
      }
      const opts = mergeOptions(g.options as GeneratorOptions | undefined, global);
      const metadata: KubeObject["metadata"] = { name };
      if (typeof g.namespace === "string" && g.namespace) metadata.namespace = g.namespace;
      if (opts.labels && Object.keys(opts.labels).length) metadata.labels = { ...opts.labels };
      if (opts.annotations && Object.keys(opts.annotations).length)
        metadata.annotations = { ...opts.annotations };
      const object: KubeObject = { apiVersion: "v1", kind, metadata };
      if (kind === "ConfigMap") {
        const text = data.filter((d) => !d[2]);
        const binary = data.filter((d) => d[2]);
        if (text.length) object.data = Object.fromEntries(text.map(([key, v]) => [key, v]));
        if (binary.length) object.binaryData = Object.fromEntries(binary.map(([key, v]) => [key, v]));
      } else {
        object.type = typeof g.type === "string" && g.type ? g.type : "Opaque";
        if (data.length)
          object.data = Object.fromEntries(
            data.map(([key, v, bin]) => [key, bin ? v : Buffer.from(v, "utf8").toString("base64")]),
          );
      }
      if (opts.immutable) object.immutable = true;
      const behavior = (g.behavior as string | undefined) ?? "create";
      if (behavior !== "create" && behavior !== "merge" && behavior !== "replace")
        throw where(`behavior ${behavior} is not one of create, merge, replace`);
      out.push({
        object,
        origin: { file: k.rel, line },
        previous: [],
        generated: { hash: !opts.disableNameSuffixHash, behavior },
      });
    });
  }
  return out;
}

function read(file: string, k: KustomizationFile, where: (m: string) => LoadError): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw where(
      `cannot read ${relative(k.dir, file)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
}

/** Go's encoding/json text for plain JSON data: HTML-safe `\u003c`-style escapes, `\u0008`/`\u000c`. */
function goJson(value: unknown): string {
  return JSON.stringify(value).replace(/\\(u[0-9a-f]{4}|.)|[<>&\u2028\u2029]/g, (m, esc?: string) => {
    if (esc === "b") return "\\u0008";
    if (esc === "f") return "\\u000c";
    if (esc) return m;
    return `\\u${m.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}

function sortedMap(m: unknown): unknown {
  if (!m || typeof m !== "object") return "";
  return Object.fromEntries(
    Object.keys(m as object)
      .sort()
      .map((key) => [key, (m as Record<string, unknown>)[key]]),
  );
}

/**
 * kustomize's hash of a ConfigMap or Secret (`hasher.Hash`): sha256 of its JSON, 10 hex digits
 * re-lettered. The name is always empty in that JSON: the hasher looks up a field literally
 * called `metadata/name` (kyaml's Lookup does not split paths), so renames never change a hash.
 */
export function contentHash(o: KubeObject): string {
  const m: Record<string, unknown> =
    o.kind === "Secret"
      ? { kind: "Secret", type: o.type ?? "", name: "", data: sortedMap(o.data) }
      : { kind: "ConfigMap", name: "", data: sortedMap(o.data) };
  if (o.kind === "Secret" && o.stringData && typeof o.stringData === "object")
    m.stringData = sortedMap(o.stringData);
  if (o.kind !== "Secret" && o.binaryData && typeof o.binaryData === "object")
    m.binaryData = sortedMap(o.binaryData);
  const json = `{${Object.keys(m)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${goJson(m[key])}`)
    .join(",")}}`;
  const hex = createHash("sha256").update(json).digest("hex").slice(0, 10);
  return hex.replace(/[013ae]/g, (c) => ({ "0": "g", "1": "h", "3": "k", a: "m", e: "t" })[c] as string);
}
