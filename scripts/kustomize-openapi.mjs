// Writes src/kustomize/openapi-data.ts: the part of kustomize's built-in Kubernetes OpenAPI data
// (sigs.k8s.io/kustomize/kyaml/openapi, the schema `kustomize build` v5.8.1 merges with) that
// strategic merge patches and the namespace transformer read — patch strategies, merge keys and
// cluster-scoped types — and the builtin transformers' default field specs, printed by the Go
// program beside this file from kustomize's own modules, so the tables are kustomize's, never
// typed by hand.
// Run: node scripts/kustomize-openapi.mjs [--check]   (needs Go and the kyaml module, as .ci/run
// installs kustomize; --check: exit 1 if the file would change)
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const check = process.argv.includes("--check");
const here = path.dirname(new URL(import.meta.url).pathname);
const cwd = path.join(here, "kustomize-openapi");
const env = { ...process.env, GOFLAGS: "-mod=mod" };
const api = execFileSync("go", ["list", "-m", "-f", "{{.Dir}}", "sigs.k8s.io/kustomize/api"], {
  cwd,
  env,
  encoding: "utf8",
}).trim();
const json = execFileSync("go", ["run", ".", api], {
  cwd,
  encoding: "utf8",
  env,
  maxBuffer: 64 * 1024 * 1024,
});
const data = JSON.parse(json);
const SPECS = [
  "commonAnnotations",
  "commonLabels",
  "templateLabels",
  "images",
  "replicas",
  "namespace",
  "namePrefix",
  "nameSuffix",
  "nameReference",
];
const fieldSpecs = Object.fromEntries(SPECS.map((k) => [k, data.fieldSpecs[k] ?? []]));
const sorted = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
const text = `/**
 * kustomize's built-in Kubernetes OpenAPI data (kyaml/openapi, Kubernetes ${data.version}), reduced to
 * what strategic merge patches and the namespace transformer read. Made by
 * scripts/kustomize-openapi.mjs from kyaml itself (do not edit by hand).
 *
 * A schema node: \`f\` fields, \`a\` map values, \`i\` list items, \`r\` a definition it refers to,
 * \`s\` the patch strategy, \`k\` the merge keys. Fields that lead to no patch strategy are left out
 * (a list without a schema and a list without a merge strategy are both replaced).
 */
export interface SchemaNode {
  f?: Record<string, SchemaNode>;
  a?: SchemaNode;
  i?: SchemaNode;
  r?: string;
  s?: string;
  k?: string[];
}

export const KUBERNETES_VERSION = ${JSON.stringify(data.version)};

/** Definitions by name. */
export const DEFINITIONS: Record<string, SchemaNode> = ${JSON.stringify(sorted(data.definitions))};

/** The definition of each resource type, by \`apiVersion|kind\`. */
export const RESOURCE_TYPES: Record<string, string> = ${JSON.stringify(sorted(data.types))};

/** Resource types kustomize knows to be cluster-scoped, as \`apiVersion|kind\`; every other type is namespaced. */
export const CLUSTER_SCOPED_TYPES: readonly string[] = ${JSON.stringify(data.clusterScoped)};

/** A builtin transformer's field: \`path\` (\`/\`-separated, \`[]\` marks a list) in objects of group/version/kind. */
export interface DefaultFieldSpec {
  path: string;
  group?: string;
  version?: string;
  kind?: string;
  create?: boolean;
}

/** The builtin transformers' default field specs (api/internal/konfig/builtinpluginconsts), by section. */
export const DEFAULT_FIELD_SPECS: {
  commonAnnotations: DefaultFieldSpec[];
  commonLabels: DefaultFieldSpec[];
  templateLabels: DefaultFieldSpec[];
  images: DefaultFieldSpec[];
  replicas: DefaultFieldSpec[];
  namespace: DefaultFieldSpec[];
  namePrefix: DefaultFieldSpec[];
  nameSuffix: DefaultFieldSpec[];
  nameReference: { group?: string; version?: string; kind: string; fieldSpecs: DefaultFieldSpec[] }[];
} = ${JSON.stringify(fieldSpecs)};
`;
const out = path.join(here, "../src/kustomize/openapi-data.ts");
// formatted as the repository's biome formats it, so --check compares like with like
const formatted = execFileSync("npx", ["biome", "format", `--stdin-file-path=${out}`], {
  input: text,
  encoding: "utf8",
  maxBuffer: 64 * 1024 * 1024,
});
if (check) {
  if (readFileSync(out, "utf8") !== formatted) {
    console.error(`${out} is out of date: run node scripts/kustomize-openapi.mjs`);
    process.exit(1);
  }
} else writeFileSync(out, formatted);
