/** Small CRDs written for the tests: each exercises one schema construct. */
import { stringifyYaml } from "kiln";

export interface CrdOptions {
  group?: string;
  kind?: string;
  plural?: string;
  scope?: "Namespaced" | "Cluster";
  versions?: Array<{ name: string; served?: boolean; schema?: Record<string, unknown> | null }>;
}

/** A CRD document (YAML) with the given versions; `schema: null` leaves a version without schema. */
export function crdYaml(o: CrdOptions = {}): string {
  const group = o.group ?? "example.kiln.dev";
  const kind = o.kind ?? "Widget";
  const plural = o.plural ?? `${kind.toLowerCase()}s`;
  const versions = (o.versions ?? [{ name: "v1", schema: widgetSchema() }]).map((v, i) => ({
    name: v.name,
    served: v.served ?? true,
    storage: i === 0,
    ...(v.schema === null ? {} : { schema: { openAPIV3Schema: v.schema ?? widgetSchema() } }),
  }));
  return stringifyYaml({
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` },
      scope: o.scope ?? "Namespaced",
      versions,
    },
  });
}

/** A spec with one field per construct under test. */
export function widgetSchema(): Record<string, unknown> {
  return {
    type: "object",
    description: "A Widget for tests.",
    properties: {
      apiVersion: { type: "string" },
      kind: { type: "string" },
      metadata: { type: "object" },
      spec: {
        type: "object",
        required: ["size"],
        properties: {
          size: {
            type: "integer",
            format: "int32",
            minimum: 1,
            maximum: 10,
            default: 3,
            description: "How big.",
          },
          port: { "x-kubernetes-int-or-string": true, anyOf: [{ type: "integer" }, { type: "string" }] },
          mode: { type: "string", enum: ["Fast", "Slow"] },
          note: { type: "string", nullable: true },
          big: { type: "integer", format: "int64" },
          blob: { type: "string", format: "byte" },
          when: { type: "string", format: "date-time" },
          every: { type: "string", format: "duration" },
          memory: { type: "string", format: "quantity" },
          name: { type: "string", pattern: "^[a-z]+$", maxLength: 8 },
          values: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
          extra: {
            type: "object",
            "x-kubernetes-preserve-unknown-fields": true,
            properties: { known: { type: "string" } },
          },
          template: {
            type: "object",
            "x-kubernetes-embedded-resource": true,
            "x-kubernetes-preserve-unknown-fields": true,
          },
          labels: { type: "object", additionalProperties: { type: "string" } },
          ports: {
            type: "array",
            "x-kubernetes-list-type": "map",
            "x-kubernetes-list-map-keys": ["name"],
            items: {
              type: "object",
              required: ["name"],
              properties: { name: { type: "string" }, number: { type: "integer" } },
            },
          },
          tags: { type: "array", "x-kubernetes-list-type": "set", items: { type: "string" } },
          class: { type: "string", description: "A keyword as a field name." },
          "dashed-name": { type: "boolean" },
        },
      },
      status: { type: "object", properties: { ready: { type: "boolean" } } },
    },
  };
}
