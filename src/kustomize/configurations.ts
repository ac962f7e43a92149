/**
 * `configurations`: transformer configuration files (kustomize's builtinconfig.TransformerConfig)
 * that add field specs to the builtin transformers. kiln applies their `nameReference` section,
 * the one Flux repositories use (a HelmRelease's `spec/valuesFrom/name` naming a generated
 * ConfigMap, so its content hash follows); kustomize merges each file into the defaults and into
 * every enclosing kustomization's configuration, so the entries apply to the whole build. The
 * other sections are a warning naming them.
 */
import path from "node:path";
import { isObject } from "../core/object.ts";
import type { FieldSpec } from "./fieldspec.ts";
import { type KustomizationFile, LoadError, readDocuments, relative } from "./load.ts";

/** A nameReference entry: objects of this type are named by these fields. */
export interface NameBackReference {
  group?: string;
  version?: string;
  kind: string;
  fieldSpecs: FieldSpec[];
}

/** TransformerConfig's sections (api/internal/konfig/builtinpluginconsts; JSON names). */
const SECTIONS = new Set([
  "namePrefix",
  "nameSuffix",
  "namespace",
  "commonLabels",
  "templateLabels",
  "commonAnnotations",
  "nameReference",
  "varReference",
  "images",
  "replicas",
]);

export interface ConfigurationResult {
  nameReference: NameBackReference[];
  /** Sections kiln does not apply, with where they are. */
  ignored: { section: string; file: string; line: number }[];
}

const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

function fieldSpec(v: unknown, where: () => LoadError): FieldSpec {
  if (!isObject(v) || typeof v.path !== "string" || v.path === "") throw where();
  const fs: FieldSpec = { path: v.path };
  for (const key of ["group", "version", "kind"] as const) {
    const s = str(v[key]);
    if (s) fs[key] = s;
  }
  if (v.create === true) fs.create = true;
  return fs;
}

/** Reads the kustomization's `configurations` files; a file that cannot be read or is malformed throws a LoadError at it. */
export function loadConfigurations(k: KustomizationFile, entries: string[]): ConfigurationResult {
  const out: ConfigurationResult = { nameReference: [], ignored: [] };
  for (const entry of entries) {
    const file = path.resolve(k.dir, entry);
    const rel = relative(k.root, file);
    for (const doc of readDocuments(file, rel, "yaml11", k.cache)) {
      if (doc.value === null) continue;
      if (!isObject(doc.value))
        throw new LoadError("a transformer configuration is a YAML mapping", rel, doc.line);
      for (const [section, value] of Object.entries(doc.value)) {
        const line = doc.locate([section]).line;
        if (!SECTIONS.has(section))
          throw new LoadError(`unknown field ${section}: not a transformer configuration section`, rel, line);
        if (section !== "nameReference") {
          if (value !== null) out.ignored.push({ section, file: rel, line });
          continue;
        }
        if (value === null) continue;
        if (!Array.isArray(value)) throw new LoadError("nameReference is a list", rel, line);
        value.forEach((ref, i) => {
          const at = (m: string) => () => new LoadError(m, rel, doc.locate([section, i]).line);
          if (!isObject(ref) || !str(ref.kind)) throw at("a nameReference entry needs a kind")();
          const specs = ref.fieldSpecs ?? [];
          if (!Array.isArray(specs)) throw at("nameReference fieldSpecs is a list")();
          const back: NameBackReference = {
            kind: ref.kind as string,
            fieldSpecs: specs.map((s) => fieldSpec(s, at("a fieldSpec needs a path"))),
          };
          if (str(ref.group)) back.group = ref.group as string;
          if (str(ref.version)) back.version = ref.version as string;
          out.nameReference.push(back);
        });
      }
    }
  }
  return out;
}
