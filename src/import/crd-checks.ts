/**
 * What the apiserver checks when a CustomResourceDefinition is created, beyond structural schemas
 * (structural.ts): names, group, scope and versions (k8s.io/apiextensions-apiserver
 * pkg/apis/apiextensions/validation: ValidateCustomResourceDefinition and its Names/Spec
 * helpers), and the value checks on the schema that would make a CRD the apiserver refuses, or one
 * whose defaults, patterns or rules cannot work: non-negative bounds, patterns that compile as RE2
 * (Go's regexp), defaults of the declared type, `x-kubernetes-validations` rules that parse as CEL.
 * No npm package implements these rules; messages follow the apiserver's `field.ErrorList` wording
 * (`Invalid value: <value>: <detail>`) without its leading `<path>: `, as each problem carries
 * its path, which the error's location shows.
 */
import { parse as parseCel, RE2JS } from "../core/cel-vendor.ts";
import { DNS1035_LABEL as DNS1035, DNS1123_SUBDOMAIN } from "../core/k8s-names.ts";
import { isObject } from "../core/object.ts";

export interface CrdProblem {
  /** Path in the CRD document, e.g. ["spec", "names", "kind"]. */
  path: Array<string | number>;
  message: string;
}

type Obj = Record<string, unknown>;

const DNS1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

const show = (v: unknown) => JSON.stringify(v);
const invalid = (path: CrdProblem["path"], value: unknown, detail: string): CrdProblem => ({
  path,
  message: `Invalid value: ${show(value)}: ${detail}`,
});
const required = (path: CrdProblem["path"]): CrdProblem => ({
  path,
  message: "Required value",
});

function isSubdomain(s: string): boolean {
  return s.length <= 253 && DNS1123_SUBDOMAIN.test(s);
}

/** Every problem of a CRD's metadata and spec (not its schemas), in the apiserver's order. */
export function crdSpecProblems(crd: Obj): CrdProblem[] {
  const out: CrdProblem[] = [];
  const spec = isObject(crd.spec) ? crd.spec : {};
  const names = isObject(spec.names) ? spec.names : {};
  const group = typeof spec.group === "string" ? spec.group : "";
  const plural = typeof names.plural === "string" ? names.plural : "";
  const meta = isObject(crd.metadata) ? crd.metadata : {};
  if (typeof meta.name === "string" && plural && group && meta.name !== `${plural}.${group}`) {
    out.push(invalid(["metadata", "name"], meta.name, 'must be spec.names.plural+"."+spec.group'));
  }
  if (!group) out.push(required(["spec", "group"]));
  else if (!isSubdomain(group)) out.push(invalid(["spec", "group"], group, DNS1123_MSG));
  else if (group.split(".").length < 2)
    out.push(invalid(["spec", "group"], group, "should be a domain with at least one dot"));

  if (spec.scope === undefined) out.push(required(["spec", "scope"]));
  else if (spec.scope !== "Cluster" && spec.scope !== "Namespaced")
    out.push({
      path: ["spec", "scope"],
      message: `Unsupported value: ${show(spec.scope)}: supported values: "Cluster", "Namespaced"`,
    });

  const versions = Array.isArray(spec.versions) ? spec.versions : [];
  const seen = new Set<string>();
  let storage = 0;
  for (const [i, v] of versions.entries()) {
    if (!isObject(v)) continue;
    if (v.storage === true) storage++;
    const name = typeof v.name === "string" ? v.name : "";
    if (seen.has(name)) out.push(invalid(["spec", "versions"], name, "must contain unique version names"));
    seen.add(name);
    if (!DNS1035.test(name)) out.push(invalid(["spec", "versions", i, "name"], name, DNS1035_MSG));
  }
  if (versions.length > 0 && storage !== 1)
    out.push(
      invalid(["spec", "versions"], storage, "must have exactly one version marked as storage version"),
    );

  if (!plural) out.push(required(["spec", "names", "plural"]));
  if (typeof names.kind !== "string" || !names.kind) out.push(required(["spec", "names", "kind"]));
  for (const field of ["plural", "singular"] as const) {
    const v = names[field];
    if (typeof v === "string" && v && !DNS1035.test(v))
      out.push(invalid(["spec", "names", field], v, DNS1035_MSG));
  }
  for (const field of ["kind", "listKind"] as const) {
    const v = names[field];
    if (typeof v === "string" && v && !DNS1035.test(v.toLowerCase()))
      out.push(
        invalid(
          ["spec", "names", field],
          v,
          `may have mixed case, but should otherwise match: ${DNS1035_MSG}`,
        ),
      );
  }
  if (typeof names.kind === "string" && names.kind && names.kind === names.listKind)
    out.push(invalid(["spec", "names", "listKind"], names.listKind, "kind and listKind may not be the same"));
  for (const field of ["shortNames", "categories"] as const) {
    const list = names[field];
    if (!Array.isArray(list)) continue;
    for (const [i, v] of list.entries())
      if (typeof v !== "string" || !DNS1035.test(v))
        out.push(invalid(["spec", "names", field, i], v, DNS1035_MSG));
  }
  return out;
}

const BOUNDS = ["maxLength", "minLength", "maxItems", "minItems", "maxProperties", "minProperties"];
const CHILDREN = ["properties", "patternProperties", "definitions"] as const;

/** Value problems of one version's openAPIV3Schema; paths are relative to the schema. */
export function crdSchemaProblems(schema: Obj): CrdProblem[] {
  const out: CrdProblem[] = [];
  walk(schema, [], out);
  return out;
}

function walk(s: Obj, at: Array<string | number>, out: CrdProblem[]): void {
  for (const k of BOUNDS) {
    const v = s[k];
    if (v === undefined) continue;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0)
      out.push({
        path: [...at, k],
        message: `Invalid value: ${show(v)}: must be a non-negative integer`,
      });
  }
  if (s.pattern !== undefined) {
    if (typeof s.pattern !== "string")
      out.push({
        path: [...at, "pattern"],
        message: `Invalid value: ${show(s.pattern)}: must be a string`,
      });
    else {
      try {
        RE2JS.compile(s.pattern);
      } catch (e) {
        out.push({
          path: [...at, "pattern"],
          message: `Invalid value: ${show(s.pattern)}: must be a valid regular expression, but isn't: ${(e as Error).message}`,
        });
      }
    }
  }
  if (s.default !== undefined && typeof s.type === "string") {
    const problem = typeProblem(s.default, s.type);
    if (problem)
      out.push({
        path: [...at, "default"],
        message: `Invalid value: ${show(s.default)}: ${problem}`,
      });
    else if (Array.isArray(s.enum) && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(s.default)))
      out.push({
        path: [...at, "default"],
        message: `Unsupported value: ${show(s.default)}: supported values: ${s.enum.map(show).join(", ")}`,
      });
  }
  const rules = s["x-kubernetes-validations"];
  if (Array.isArray(rules)) {
    for (const [i, r] of rules.entries()) {
      const rule = isObject(r) ? r.rule : undefined;
      const path = [...at, "x-kubernetes-validations", i, "rule"];
      if (typeof rule !== "string" || !rule.trim()) {
        out.push({ path, message: "Required value" });
        continue;
      }
      try {
        parseCel(rule);
      } catch (e) {
        const detail = ((e as Error).message || String(e)).split("\n")[0];
        out.push({
          path,
          message: `Invalid value: ${show(rule)}: compilation failed: ${detail}`,
        });
      }
    }
  }
  for (const key of CHILDREN) {
    const children = s[key];
    if (isObject(children))
      for (const [name, child] of Object.entries(children))
        if (isObject(child)) walk(child, [...at, key, name], out);
  }
  if (isObject(s.items)) walk(s.items, [...at, "items"], out);
  if (isObject(s.additionalProperties)) walk(s.additionalProperties, [...at, "additionalProperties"], out);
  if (isObject(s.not)) walk(s.not, [...at, "not"], out);
  for (const key of ["allOf", "anyOf", "oneOf"] as const) {
    const list = s[key];
    if (Array.isArray(list))
      for (const [i, child] of list.entries()) if (isObject(child)) walk(child, [...at, key, i], out);
  }
}

/** The apiserver's type check of a default, worded as its schema validator words it. */
function typeProblem(v: unknown, type: string): string | undefined {
  const ok =
    type === "string"
      ? typeof v === "string"
      : type === "integer"
        ? typeof v === "number" && Number.isInteger(v)
        : type === "number"
          ? typeof v === "number"
          : type === "boolean"
            ? typeof v === "boolean"
            : type === "array"
              ? Array.isArray(v)
              : type === "object"
                ? isObject(v)
                : true;
  return ok ? undefined : `must be of type ${type}`;
}
