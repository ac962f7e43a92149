/**
 * Loads a user-supplied frpc/frps file the way frp v0.70 does (pkg/config/load.go): render the Go
 * template with the given environment, parse TOML (or JSON when the content starts with `{`, else
 * YAML 1.1), then decode strictly into the v1 structs. Failures are KilnErrors whose message is
 * frp's and whose location names file, line, column and JSON path.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parse as parseToml, TomlError } from "smol-toml";
import { type Diagnostic, isKilnError, KilnError } from "../core/errors.ts";
import { isObject, setOwn } from "../core/object.ts";
import { parseYamlDocuments, type YamlReadOptions } from "../core/yaml.ts";
import { decodeConfig, FrpDecodeError, type Path } from "./decode.ts";
import { goJsonSyntaxError } from "./json-syntax.ts";
import { type Locator, tomlLocator } from "./locate.ts";
import { CLIENT_CONFIG, SERVER_CONFIG } from "./schema.ts";
import { FrpTemplateError, renderFrpTemplate } from "./template.ts";
import { goTomlError } from "./toml-errors.ts";
import type { FrpcConfig, FrpProxy, FrpRole, FrpsConfig, FrpVisitor } from "./types.ts";

export type FrpFormat = "toml" | "json" | "yaml";

export interface FrpLoadOptions {
  /** File name used in locations and for the format hint (its extension), as the user typed it. */
  file?: string;
  /** Values for `{{ .Envs.NAME }}`. Defaults to none: every referenced variable is reported unset. */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Folder that relative `includes` are resolved against (frp resolves them against its working
   * directory). Defaults to the process working directory.
   */
  cwd?: string;
}

export interface FrpLoadResult<T> {
  config: T;
  format: FrpFormat;
  /** Template warnings (unset variables), located. */
  warnings: Diagnostic[];
  /** Line/column of a JSON path in the rendered text. */
  locate: Locator;
}

/** Loads an frpc configuration. Throws KilnError (frp's message, located) on any load failure. */
export function loadFrpc(text: string, opts: FrpLoadOptions = {}): FrpLoadResult<FrpcConfig> {
  const loaded = load(text, "client", opts);
  const config = loaded.config as FrpcConfig;
  if (config.includes && config.includes.length > 0) {
    const extra = loadIncludes(config.includes, opts);
    config.proxies = [...(config.proxies ?? []), ...extra.proxies];
    config.visitors = [...(config.visitors ?? []), ...extra.visitors];
  }
  // fatedier/frp#5378 (v0.70): LoadClientConfigResult rejects duplicate names, per namespace.
  rejectDuplicates(config.proxies ?? [], "proxy", opts.file);
  rejectDuplicates(config.visitors ?? [], "visitor", opts.file);
  return { ...loaded, config };
}

/** Loads an frps configuration. Throws KilnError (frp's message, located) on any load failure. */
export function loadFrps(text: string, opts: FrpLoadOptions = {}): FrpLoadResult<FrpsConfig> {
  const loaded = load(text, "server", opts);
  return { ...loaded, config: loaded.config as FrpsConfig };
}

function load(text: string, role: FrpRole, opts: FrpLoadOptions): FrpLoadResult<Record<string, unknown>> {
  const file = opts.file;
  const hint = formatHint(file);
  // v0.70.1 checks every file for a [common] section, whatever its extension.
  if (isLegacyIni(text)) {
    throw new KilnError(
      "legacy INI format detected (a [common] section): frp still reads it but deprecated it in v0.52, and kiln does not verify it; convert it to TOML (frp's v1 keys, e.g. server_port → serverPort)",
      { file },
    );
  }
  let rendered: ReturnType<typeof renderFrpTemplate>;
  try {
    rendered = renderFrpTemplate(text, opts.env ?? {});
  } catch (e) {
    if (e instanceof FrpTemplateError)
      throw new KilnError(e.message, { file, line: e.line, column: e.column });
    throw e;
  }
  const warnings: Diagnostic[] = rendered.warnings.map((w) => ({
    severity: "warning",
    message: w.message,
    file,
    line: w.line,
    rule: "frp/template",
  }));
  const parsed = parse(rendered.text, hint, file);
  try {
    const config = decodeConfig(parsed.value, role === "client" ? CLIENT_CONFIG : SERVER_CONFIG);
    return { config, format: parsed.format, warnings, locate: parsed.locate };
  } catch (e) {
    if (e instanceof FrpDecodeError) throw located(e.message, e.path, parsed.locate, file);
    throw e;
  }
}

function located(message: string, p: Path, locate: Locator, file: string | undefined): KilnError {
  const at = locate(p);
  return new KilnError(message, { file, ...(at ?? {}), ...(p.length ? { path: jsonPath(p) } : {}) });
}

/** `proxies[0].plugin.localPath` */
export function jsonPath(p: Path): string {
  return p.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
}

function formatHint(file: string | undefined): FrpFormat | undefined {
  switch (path.extname(file ?? "").toLowerCase()) {
    case ".toml":
      return "toml";
    case ".yaml":
    case ".yml":
      return "yaml";
    case ".json":
      return "json";
    default:
      return undefined;
  }
}

// pkg/config/load.go DetectLegacyINIFormat: an INI file with a [common] section.
function isLegacyIni(text: string): boolean {
  return /^[ \t]*\[common\][ \t]*(?:[#;].*)?$/m.test(text);
}

interface Parsed {
  value: unknown;
  format: FrpFormat;
  locate: Locator;
}

// LoadConfigure: TOML is always tried first; a file named .toml must be TOML.
function parse(text: string, hint: FrpFormat | undefined, file: string | undefined): Parsed {
  let tomlError: TomlError | undefined;
  try {
    return {
      value: marshalled(parseToml(text, { integersAsBigInt: "asNeeded" })),
      format: "toml",
      locate: tomlLocator(text),
    };
  } catch (e) {
    if (!(e instanceof TomlError)) throw e;
    tomlError = e;
  }
  if (hint === "toml") {
    const go = goTomlError(text, tomlError);
    // go-toml's parser errors are located and prefixed ("toml: line 1, column 12: toml: …"); its
    // key tracker's (a key defined twice) are not.
    const message =
      go.line === undefined ? go.message : `toml: line ${go.line}, column ${go.column}: toml: ${go.message}`;
    throw new KilnError(message, {
      file,
      line: go.line ?? tomlError.line,
      column: go.column ?? tomlError.column,
    });
  }
  // yaml.IsJSONBuffer: content starting with "{" goes to encoding/json, which is stricter than a
  // YAML reader (no unquoted keys, no trailing commas); duplicate keys: the last one wins.
  if (/^\s*\{/.test(text)) {
    const syntax = goJsonSyntaxError(text);
    if (syntax) {
      const before = text.slice(0, syntax.offset).split("\n");
      throw new KilnError(syntax.message, {
        file,
        line: before.length,
        column: before[before.length - 1]!.length + 1,
      });
    }
    const value: unknown = JSON.parse(text);
    const [doc] = parseYamlDocuments(text, file ?? "", GO);
    return { value, format: "json", locate: doc!.locate };
  }
  // frp converts YAML with sigs.k8s.io/yaml (go-yaml, YAML 1.1: yes/no booleans, merge keys, the
  // last of duplicate keys wins), not as Kubernetes reads it (YAML 1.2, duplicates rejected).
  let doc: ReturnType<typeof parseYamlDocuments>[number];
  try {
    [doc] = parseYamlDocuments(text, file ?? "", { ...GO, dialect: "yaml11" }) as [typeof doc];
  } catch (e) {
    if (!isKilnError(e)) throw e;
    // frp's prefix (sigs.k8s.io/yaml); the detail is the `yaml` package's, not go-yaml's.
    const { line, column } = e.location;
    const at = line === undefined ? "" : `line ${line}: `;
    throw new KilnError(`error converting YAML to JSON: yaml: ${at}${e.message}`, { file, line, column });
  }
  let value = marshalled(doc.value);
  // parseYAMLWithDotFieldsHandling: top-level keys starting with "." hold YAML anchors only.
  if (isObject(value)) value = Object.fromEntries(Object.entries(value).filter(([k]) => !k.startsWith(".")));
  return { value, format: "yaml", locate: doc.locate };
}

/** Go's readers: the last of duplicate keys wins, one document, keys matched as encoding/json does. */
const GO: YamlReadOptions = { uniqueKeys: false, single: true, locate: "go" };

/**
 * What frp decodes from a TOML or YAML file: the value after Go's `json.Marshal` of the parsed map.
 * TOML dates and YAML timestamps become strings, non-string keys become strings, and every
 * object's keys come in byte order (Go marshals maps sorted), so when a file has several decode
 * errors the one frp reports is the first in that order, not in file order.
 */
function marshalled(v: unknown): unknown {
  if (v === undefined) return undefined;
  const json: unknown = JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? Number(x) : x)));
  return sortKeys(json);
}

const utf8 = (s: string) => Buffer.from(s, "utf8");

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isObject(v)) return v;
  const keys = Object.keys(v).sort((a, b) => Buffer.compare(utf8(a), utf8(b)));
  const out: Record<string, unknown> = {};
  for (const k of keys) setOwn(out, k, sortKeys(v[k]));
  return out;
}

function rejectDuplicates(
  entries: Array<FrpProxy | FrpVisitor>,
  noun: string,
  file: string | undefined,
): void {
  const message = duplicateNameError(entries, noun);
  if (message) throw new KilnError(message, { file });
}

/** frp's message for the first repeated name (`proxy name [web] is duplicated`), if any. */
export function duplicateNameError(
  entries: ReadonlyArray<{ name: string }>,
  noun: string,
): string | undefined {
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.name)) return `${noun} name [${e.name}] is duplicated`;
    seen.add(e.name);
  }
  return undefined;
}

// LoadAdditionalClientConfigs: every file in the include's folder whose name matches its pattern.
function loadIncludes(
  includes: string[],
  opts: FrpLoadOptions,
): { proxies: FrpProxy[]; visitors: FrpVisitor[] } {
  const proxies: FrpProxy[] = [];
  const visitors: FrpVisitor[] = [];
  const cwd = opts.cwd ?? process.cwd();
  for (const include of includes) {
    const absDir = path.resolve(cwd, path.dirname(include));
    if (!existsSync(absDir))
      throw new KilnError(`stat ${absDir}: no such file or directory`, { file: opts.file, path: "includes" });
    const pattern = globToRegExp(path.basename(include));
    for (const name of readdirSync(absDir).sort()) {
      const abs = path.join(absDir, name);
      if (!pattern.test(name)) continue;
      let st: ReturnType<typeof statSync>;
      try {
        st = statSync(abs);
      } catch {
        // A dangling link: frp's os.ReadFile fails the same way.
        throw new KilnError(
          `load additional config from ${abs} error: open ${abs}: no such file or directory`,
          {
            file: opts.file,
            path: "includes",
          },
        );
      }
      if (st.isDirectory()) continue;
      // frp would block reading a FIFO (or a device) forever; kiln refuses it.
      if (!st.isFile())
        throw new KilnError(`load additional config from ${abs} error: not a regular file`, {
          file: opts.file,
          path: "includes",
        });
      try {
        const { config } = load(readFileSync(abs, "utf8"), "client", { ...opts, file: abs });
        const c = config as FrpcConfig;
        proxies.push(...(c.proxies ?? []));
        visitors.push(...(c.visitors ?? []));
      } catch (e) {
        if (e instanceof KilnError) {
          throw new KilnError(`load additional config from ${abs} error: ${e.message}`, e.location);
        }
        throw e;
      }
    }
  }
  return { proxies, visitors };
}

/** Go's filepath.Match for one path element: `*`, `?`, `[…]`. */
function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 1);
      if (end < 0) re += "\\[";
      else {
        re += `[${glob
          .slice(i + 1, end)
          .replace(/^\^/, "!")
          .replace(/^!/, "^")}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}
