/**
 * The CustomResourceDefinition of a function's input type, which `kiln fn package` writes under
 * the package root (`package/input/<group>_<plural>.yaml`, where controller-gen puts it for Go
 * functions) so that `crossplane beta validate` and UIs know the shape of a pipeline step's
 * `input`. It is derived from the input's JSON Schema: Kubernetes accepts only a structural
 * subset of OpenAPI v3, so each keyword is either carried over, rewritten to its Kubernetes
 * form, or refused with the JSON path of the schema where it appears.
 */

import { KilnError } from "../../core/errors.ts";
import { isObject } from "../../core/object.ts";

/** Keywords whose value is carried over as it is. */
const COPY = new Set([
  "type",
  "description",
  "title",
  "default",
  "format",
  "enum",
  "minimum",
  "maximum",
  "multipleOf",
  "minLength",
  "maxLength",
  "pattern",
  "minItems",
  "maxItems",
  "minProperties",
  "maxProperties",
  "nullable",
  "example",
]);
/** Keywords dropped: annotations for JSON Schema tooling with no meaning in a CRD. */
const DROP = new Set(["$schema", "$id", "$comment", "examples"]);

export interface InputCrd {
  /** `<group>_<plural>.yaml`, controller-gen's file name. */
  fileName: string;
  crd: Record<string, unknown>;
}

/**
 * The CRD for an input schema that pins `apiVersion` and `kind` (with `const` or a one-value
 * `enum`), as every Composition step input has them. Throws a KilnError naming the function and
 * the schema path of anything Kubernetes cannot express.
 */
export function inputCrd(fnName: string, schema: object): InputCrd {
  const fail = (at: string, msg: string): never => {
    throw new KilnError(`function ${fnName}: cannot write the input CRD: ${at}: ${msg}`);
  };
  const root = schema as Record<string, unknown>;
  const props = (isObject(root.properties) ? root.properties : {}) as Record<string, unknown>;
  const pinned = (name: string): string => {
    const p = props[name];
    const v = isObject(p)
      ? (p.const ?? (Array.isArray(p.enum) && p.enum.length === 1 ? p.enum[0] : undefined))
      : undefined;
    if (typeof v !== "string" || v === "")
      return fail(
        `properties.${name}`,
        `the input schema must pin ${name} with "const" (Composition inputs always carry one)`,
      );
    return v;
  };
  const apiVersion = pinned("apiVersion");
  const kind = pinned("kind");
  const slash = apiVersion.indexOf("/");
  const group = slash > 0 ? apiVersion.slice(0, slash) : "";
  const version = apiVersion.slice(slash + 1);
  if (!group.includes("."))
    fail(
      "properties.apiVersion",
      `"${apiVersion}" needs a group with a dot (e.g. input.fn.example.org/v1beta1)`,
    );
  if (!/^v\d+((alpha|beta)\d+)?$/.test(version))
    fail("properties.apiVersion", `"${version}" is not a Kubernetes version (v1, v1beta1, v1alpha2, …)`);
  if (!/^[A-Z][A-Za-z0-9]*$/.test(kind)) fail("properties.kind", `"${kind}" is not a Kubernetes kind`);
  if (root.type !== undefined && root.type !== "object")
    fail("type", `the input is an object, not ${String(root.type)}`);

  const body = convert(root, "(root)", fail) as Record<string, unknown>;
  const outProps = { ...((body.properties as Record<string, unknown> | undefined) ?? {}) };
  outProps.apiVersion = { type: "string", description: "APIVersion of this input." };
  outProps.kind = { type: "string", description: "Kind of this input." };
  outProps.metadata = { type: "object" };
  const required = ((body.required as string[] | undefined) ?? []).filter(
    (r) => r !== "apiVersion" && r !== "kind" && r !== "metadata",
  );
  const openAPIV3Schema: Record<string, unknown> = {
    ...body,
    type: "object",
    properties: sortKeys(outProps),
  };
  delete openAPIV3Schema.required;
  if (required.length > 0) openAPIV3Schema.required = required;

  const plural = pluralize(kind.toLowerCase());
  return {
    fileName: `${group}_${plural}.yaml`,
    crd: {
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      metadata: { name: `${plural}.${group}` },
      spec: {
        group,
        names: {
          categories: ["crossplane"],
          kind,
          listKind: `${kind}List`,
          plural,
          singular: kind.toLowerCase(),
        },
        scope: "Namespaced",
        versions: [{ name: version, served: true, storage: true, schema: { openAPIV3Schema } }],
      },
    },
  };
}

function convert(s: unknown, at: string, fail: (at: string, msg: string) => never): unknown {
  if (!isObject(s)) return fail(at, "a schema must be an object");
  const out: Record<string, unknown> = {};
  const sub = (k: string) => (at === "(root)" ? k : `${at}.${k}`);
  for (const [k, v] of Object.entries(s)) {
    if (COPY.has(k)) out[k] = v;
    else if (DROP.has(k)) continue;
    else if (k === "const") out.enum = [v];
    else if (k === "required") out.required = v;
    else if (k === "properties") {
      if (!isObject(v)) fail(sub(k), "must be an object");
      const p: Record<string, unknown> = {};
      for (const [name, ps] of Object.entries(v)) p[name] = convert(ps, `${sub("properties")}.${name}`, fail);
      out.properties = p;
    } else if (k === "items") {
      if (Array.isArray(v)) fail(sub(k), "tuple items (an array of schemas) have no Kubernetes form");
      out.items = convert(v, sub(k), fail);
    } else if (k === "additionalProperties") {
      if (v === false) continue; // Kubernetes prunes unknown fields of a structural schema anyway.
      if (v === true) out["x-kubernetes-preserve-unknown-fields"] = true;
      else if (s.properties !== undefined)
        fail(sub(k), "Kubernetes does not allow additionalProperties beside properties");
      else out.additionalProperties = convert(v, sub(k), fail);
    } else if (k === "exclusiveMinimum" || k === "exclusiveMaximum") {
      // JSON Schema's numeric form → OpenAPI v3.0's bound plus boolean.
      if (typeof v === "boolean") out[k] = v;
      else if (typeof v === "number") {
        const bound = k === "exclusiveMinimum" ? "minimum" : "maximum";
        if (typeof s[bound] === "number") fail(sub(k), `use either ${bound} or ${k}, not both`);
        out[bound] = v;
        out[k] = true;
      } else fail(sub(k), "must be a number");
    } else if (k === "uniqueItems") {
      if (v !== true) continue;
      const items = s.items;
      const scalar =
        isObject(items) && ["string", "integer", "number", "boolean"].includes(String(items.type));
      if (!scalar)
        fail(
          sub(k),
          "Kubernetes allows unique items only for lists of scalars (x-kubernetes-list-type: set)",
        );
      out["x-kubernetes-list-type"] = "set";
    } else if (k === "anyOf" || k === "oneOf" || k === "allOf") {
      if (!Array.isArray(v)) fail(sub(k), "must be a list of schemas");
      out[k] = (v as unknown[]).map((x, i) => convert(x, `${sub(k)}[${i}]`, fail));
    } else if (k === "not") out.not = convert(v, sub(k), fail);
    else if (k.startsWith("x-kubernetes-")) out[k] = v;
    else fail(sub(k), `"${k}" has no Kubernetes (structural OpenAPI v3) form`);
  }
  return out;
}

/**
 * English plural as Kubernetes resource names use it (gatewayinput → gatewayinputs); a kind
 * already ending in a single s (Resources, Settings) is taken as plural, as controller-gen does.
 */
export function pluralize(word: string): string {
  if (/(ss|x|z|ch|sh)$/.test(word)) return `${word}es`;
  if (word.endsWith("s")) return word;
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  return `${word}s`;
}

function sortKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, o[k]]),
  );
}
