/**
 * The schema model: CRD documents → one `KindSchema` per served version. Everything downstream
 * (type generation, validators, the validation stage) reads this model, never raw CRD YAML.
 */
import { KilnError } from "../core/errors.ts";
import { isObject } from "../core/object.ts";
import { formatJsonPath } from "../core/paths.ts";
import { parseYamlDocuments, type YamlDocument } from "../core/yaml.ts";
import { crdSchemaProblems, crdSpecProblems } from "./crd-checks.ts";
import { structuralErrors } from "./structural.ts";

/** One served version of one kind, with its structural schema. */
export interface KindSchema {
  group: string;
  version: string;
  kind: string;
  /** `group/version`, or just `version` for the core group. */
  apiVersion: string;
  plural?: string;
  scope: "Namespaced" | "Cluster";
  /** The version's openAPIV3Schema as written in the CRD (x-kubernetes-* kept). */
  schema: Record<string, unknown>;
  /** Where it came from: CRD file path or URL, for messages. */
  source: string;
}

/** Lookup of kinds by apiVersion+kind. Later additions of the same apiVersion+kind replace earlier ones. */
export class SchemaSet {
  readonly #byKey = new Map<string, KindSchema>();

  add(k: KindSchema): void {
    this.#byKey.set(`${k.apiVersion}\u0000${k.kind}`, k);
  }

  get(apiVersion: string, kind: string): KindSchema | undefined {
    return this.#byKey.get(`${apiVersion}\u0000${kind}`);
  }

  /** Every kind, sorted by apiVersion then kind (stable for output and reports). */
  all(): KindSchema[] {
    return [...this.#byKey.values()].sort(compareKinds);
  }

  get size(): number {
    return this.#byKey.size;
  }

  /** A new set holding this set's kinds and then `other`'s (other wins on clashes). */
  merge(other: SchemaSet): SchemaSet {
    const out = new SchemaSet();
    for (const k of this.#byKey.values()) out.add(k);
    for (const k of other.#byKey.values()) out.add(k);
    return out;
  }
}

/**
 * The order of `localeCompare(b, "en")`, without building a collator per call; built on first
 * use, since building one is costly and most processes that load this module (workers,
 * validation) never sort kinds.
 */
let collate: Intl.Collator["compare"] | undefined;

export function compareKinds(a: KindSchema, b: KindSchema): number {
  collate ??= new Intl.Collator("en").compare;
  return collate(a.group, b.group) || collate(a.version, b.version) || collate(a.kind, b.kind);
}

const CRD_API_VERSIONS = new Set(["apiextensions.k8s.io/v1", "apiextensions.k8s.io/v1beta1"]);

/**
 * Parses CRD documents (any YAML text, multi-doc) into KindSchemas for all served versions.
 * Documents that are not CRDs are skipped with a note; malformed input, CRDs without a schema
 * and non-structural schemas are a KilnError naming file, line and the CRD. A text with no
 * document at all that is a CRD is an error too (nothing usable remains).
 */
export function crdSchemasFromText(text: string, source: string): { kinds: KindSchema[]; notes: string[] } {
  const docs = parseYamlDocuments(text, source);
  const kinds: KindSchema[] = [];
  const notes: string[] = [];
  let crds = 0;
  for (const doc of docs) {
    const v = doc.value;
    if (v === null) continue;
    if (
      !isObject(v) ||
      v.kind !== "CustomResourceDefinition" ||
      !CRD_API_VERSIONS.has(String(v.apiVersion))
    ) {
      const what = isObject(v)
        ? `${String(v.kind ?? "document without kind")} ${String(metaName(v) ?? "")}`.trim()
        : typeof v;
      notes.push(`${source}:${doc.line}: skipped ${what} (not a CustomResourceDefinition)`);
      continue;
    }
    crds++;
    kinds.push(...kindsOfCrd(v, doc, source));
  }
  if (crds === 0) {
    throw new KilnError("no CustomResourceDefinition found (nothing usable in this file)", {
      file: source,
      line: 1,
    });
  }
  return { kinds, notes };
}

function kindsOfCrd(crd: Record<string, unknown>, doc: YamlDocument, source: string): KindSchema[] {
  const name = metaName(crd) ?? "(unnamed)";
  const resource = `CustomResourceDefinition ${name}`;
  const fail = (path: Array<string | number>, message: string): never => {
    const at = doc.locate(path);
    throw new KilnError(message, {
      file: source,
      line: at.line,
      column: at.column,
      path: formatJsonPath(path),
      resource,
    });
  };
  const spec = crd.spec;
  if (!isObject(spec)) return fail(["spec"], "Required value");
  const specProblem = crdSpecProblems(crd)[0];
  if (specProblem) return fail(specProblem.path, specProblem.message);
  const names = spec.names;
  const group = spec.group;
  if (typeof group !== "string" || !group) return fail(["spec", "group"], "Required value");
  if (!isObject(names) || typeof names.kind !== "string" || !names.kind) {
    return fail(["spec", "names", "kind"], "Required value");
  }
  const scope = spec.scope === "Cluster" ? "Cluster" : "Namespaced";
  const versions: unknown[] = Array.isArray(spec.versions) ? [...spec.versions] : [];
  // apiextensions v1beta1 allowed one top-level schema shared by every version.
  const shared = isObject(spec.validation) ? spec.validation.openAPIV3Schema : undefined;
  if (versions.length === 0 && typeof spec.version === "string")
    versions.push({ name: spec.version, served: true });
  if (versions.length === 0)
    return fail(["spec", "versions"], "Required value: a CRD needs at least one version");
  const out: KindSchema[] = [];
  for (const [i, ver] of versions.entries() as IterableIterator<[number, unknown]>) {
    if (!isObject(ver) || typeof ver.name !== "string")
      return fail(["spec", "versions", i], "a version needs a name");
    if (ver.served === false) continue;
    const own = isObject(ver.schema) ? ver.schema.openAPIV3Schema : undefined;
    const schemaPath =
      own !== undefined
        ? ["spec", "versions", i, "schema", "openAPIV3Schema"]
        : ["spec", "validation", "openAPIV3Schema"];
    const schema = own ?? shared;
    if (!isObject(schema)) {
      return fail(
        ["spec", "versions", i],
        `Required value: schema.openAPIV3Schema (version ${ver.name} has no schema)`,
      );
    }
    const problem = structuralErrors(schema)[0];
    if (problem) {
      const full = [...schemaPath, ...problem.path];
      fail(full, `${problem.message} (the schema is not structural)`);
    }
    const value = crdSchemaProblems(schema)[0];
    if (value) {
      const full = [...schemaPath, ...value.path];
      fail(full, value.message);
    }
    const k: KindSchema = {
      group,
      version: ver.name,
      kind: names.kind as string,
      apiVersion: `${group}/${ver.name}`,
      scope,
      schema,
      source,
    };
    if (typeof names.plural === "string") k.plural = names.plural;
    out.push(k);
  }
  return out;
}

function metaName(v: Record<string, unknown>): string | undefined {
  const m = v.metadata;
  return isObject(m) && typeof m.name === "string" ? m.name : undefined;
}

/** Keywords that document a schema and never change a verdict (the apiserver ignores them too). */
const ANNOTATIONS = new Set(["description", "title", "example", "externalDocs"]);
/** Keywords whose value is a map of name → schema. */
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "definitions"]);
/** Keywords whose value is one schema, or a list of schemas. */
const SCHEMA_SLOTS = new Set([
  "items",
  "additionalProperties",
  "not",
  "allOf",
  "anyOf",
  "oneOf",
  "additionalItems",
]);

/**
 * A schema without its documentation (descriptions are most of a CRD's bytes): what the built-in
 * catalog ships. Only keyword positions are walked, so a property, default or enum value that
 * happens to be named `description` is kept.
 */
export function compactSchema(schema: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(key)) continue;
    if (SCHEMA_MAPS.has(key) && isObject(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, s]) => [name, isObject(s) ? compactSchema(s) : s]),
      );
    } else if (SCHEMA_SLOTS.has(key)) {
      out[key] = Array.isArray(value)
        ? value.map((s) => (isObject(s) ? compactSchema(s) : s))
        : isObject(value)
          ? compactSchema(value)
          : value;
    } else out[key] = value;
  }
  return out;
}
