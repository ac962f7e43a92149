/**
 * Schemas for kubeconform from the same CRDs kiln uses, in the layout its `-schema-location`
 * template expects (`DIR/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`), converted
 * the way openapi2jsonschema does for the CRDs catalog: int-or-string → oneOf, nullable → null
 * type, and (strict) `additionalProperties: false` wherever the apiserver would prune.
 * Shared by the differential test and the benchmark.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { KindSchema } from "../../src/import/validator.ts";

type Schema = Record<string, any>;

function convert(s: unknown, root: boolean): unknown {
  if (!s || typeof s !== "object" || Array.isArray(s)) return s;
  const src = s as Schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(src)) {
    if (k.startsWith("x-kubernetes-") || k === "nullable") continue;
    if (k === "properties")
      out.properties = Object.fromEntries(
        Object.entries(v as Schema).map(([p, ps]) => [p, convert(ps, false)]),
      );
    else if (k === "items" || k === "additionalProperties" || k === "not")
      out[k] = typeof v === "object" ? convert(v, false) : v;
    else if (k === "allOf" || k === "anyOf" || k === "oneOf")
      out[k] = (v as unknown[]).map((x) => convert(x, false));
    else out[k] = v;
  }
  if (src["x-kubernetes-int-or-string"]) {
    delete out.type;
    out.oneOf = [{ type: "string" }, { type: "integer" }];
  }
  if (src.nullable && typeof out.type === "string") out.type = [out.type, "null"];
  if (root || src["x-kubernetes-embedded-resource"]) {
    out.properties = {
      apiVersion: { type: "string" },
      kind: { type: "string" },
      metadata: { type: "object" },
      ...(out.properties ?? {}),
    };
  }
  if (
    out.properties &&
    !src["x-kubernetes-preserve-unknown-fields"] &&
    out.additionalProperties === undefined
  )
    out.additionalProperties = false;
  return out;
}

/** Writes one JSON schema per kind; returns the `-schema-location` template for kubeconform. */
export function writeKubeconformSchemas(kinds: readonly KindSchema[], dir: string): string {
  for (const k of kinds) {
    const file = path.join(dir, k.group, `${k.kind.toLowerCase()}_${k.version}.json`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(
      file,
      JSON.stringify({
        $schema: "http://json-schema.org/draft-04/schema#",
        ...(convert(k.schema, true) as Schema),
      }),
    );
  }
  return `${dir}/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`;
}

/**
 * Core kinds: kiln validates them with kubernetes-models' compiled validators, which ship no
 * JSON schema to hand to kubeconform, and kubeconform cannot download its own here. It gets an
 * open object schema for them (apiVersion/kind/metadata required): less work for kubeconform, so
 * throughput ratios are conservative, and core kinds are left out of verdict comparisons.
 */
export function writeOpenCoreSchemas(
  kinds: ReadonlyArray<{ group: string; version: string; kind: string }>,
  dir: string,
): string {
  mkdirSync(dir, { recursive: true });
  for (const k of kinds) {
    // kubeconform's KindSuffix: "-<first label of the group>-<version>", or "-<version>" for the core group.
    const suffix = k.group ? `-${k.group.split(".")[0]}-${k.version}` : `-${k.version}`;
    writeFileSync(
      path.join(dir, `${k.kind.toLowerCase()}${suffix}.json`),
      JSON.stringify({ type: "object", required: ["apiVersion", "kind", "metadata"] }),
    );
  }
  return `${dir}/{{ .ResourceKind }}{{ .KindSuffix }}.json`;
}
