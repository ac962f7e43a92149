import { coreSchemas, crdSchemasFromText, KilnError, SchemaSet } from "kiln";
import { describe, expect, it } from "vitest";
import { crdYaml, widgetSchema } from "./crds.ts";

function error(fn: () => unknown): KilnError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(KilnError);
    return e as KilnError;
  }
  throw new Error("expected a KilnError");
}

describe("crdSchemasFromText", () => {
  it("returns one KindSchema per served version, with scope, plural and source", () => {
    const text = crdYaml({
      scope: "Cluster",
      versions: [{ name: "v2" }, { name: "v1beta1" }, { name: "v1alpha1", served: false }],
    });
    const { kinds, notes } = crdSchemasFromText(text, "widgets.yaml");
    expect(notes).toEqual([]);
    expect(kinds.map((k) => k.apiVersion)).toEqual(["example.kiln.dev/v2", "example.kiln.dev/v1beta1"]);
    expect(kinds[0]).toMatchObject({
      group: "example.kiln.dev",
      version: "v2",
      kind: "Widget",
      plural: "widgets",
      scope: "Cluster",
      source: "widgets.yaml",
    });
    expect(kinds[0]!.schema).toEqual(widgetSchema());
  });

  it("skips documents that are not CRDs with a note naming file and line", () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n---\n${crdYaml()}`;
    const { kinds, notes } = crdSchemasFromText(text, "mixed.yaml");
    expect(kinds).toHaveLength(1);
    expect(notes).toEqual(["mixed.yaml:1: skipped ConfigMap x (not a CustomResourceDefinition)"]);
  });

  it("is an error when nothing usable remains", () => {
    const e = error(() => crdSchemasFromText("apiVersion: v1\nkind: ConfigMap\n", "cm.yaml"));
    expect(e.message).toContain("no CustomResourceDefinition found");
    expect(e.location.file).toBe("cm.yaml");
  });

  it("reports malformed YAML with line and column", () => {
    const e = error(() => crdSchemasFromText("kind: CustomResourceDefinition\nspec: [\n", "bad.yaml"));
    expect(e.location).toMatchObject({
      file: "bad.yaml",
      line: expect.any(Number),
      column: expect.any(Number),
    });
  });

  it("is an error for a served version without a schema, naming the CRD and line", () => {
    const e = error(() =>
      crdSchemasFromText(crdYaml({ versions: [{ name: "v1", schema: null }] }), "noschema.yaml"),
    );
    expect(e.message).toContain("schemas are required");
    expect(e.location.resource).toBe("CustomResourceDefinition widgets.example.kiln.dev");
    expect(e.location.line).toBeGreaterThan(1);
  });

  it.each([
    [
      { type: "object", properties: { spec: { properties: {} } } },
      "properties.spec.type",
      "must not be empty for specified object fields",
    ],
    [{ type: "object", properties: { a: { type: "array" } } }, "properties.a.items", "items: Required value"],
    [
      {
        type: "object",
        properties: {
          a: {
            type: "object",
            properties: { b: { type: "string" } },
            additionalProperties: { type: "string" },
          },
        },
      },
      "properties.a.additionalProperties",
      "mutual exclusive",
    ],
    [
      { type: "object", properties: { p: { type: "string", "x-kubernetes-int-or-string": true } } },
      "properties.p.type",
      "must be empty",
    ],
    [{ type: "object", properties: { r: { $ref: "#/definitions/x" } } }, "properties.r.$ref", "Forbidden"],
    [
      {
        type: "object",
        properties: { metadata: { type: "object", properties: { labels: { type: "object" } } } },
      },
      "properties.metadata",
      "name and generateName",
    ],
    [{ type: "string" }, "openAPIV3Schema.type", 'must be "object" at the root'],
    [
      { type: "object", properties: { e: { type: "string", "x-kubernetes-embedded-resource": true } } },
      "properties.e.type",
      "embedded-resource",
    ],
  ])("rejects a non-structural schema like the apiserver (%#)", (schema, where, what) => {
    const e = error(() => crdSchemasFromText(crdYaml({ versions: [{ name: "v1", schema }] }), "ns.yaml"));
    expect(e.message).toContain(where);
    expect(e.message).toContain(what);
    expect(e.message).toContain("not structural");
    expect(e.location.path).toContain("spec.versions[0].schema.openAPIV3Schema");
  });

  it("accepts untyped fields under preserve-unknown-fields and value validations without types", () => {
    const schema = {
      type: "object",
      properties: {
        any: { "x-kubernetes-preserve-unknown-fields": true },
        one: {
          type: "object",
          oneOf: [{ required: ["a"] }, { required: ["b"] }],
          properties: { a: { type: "string" }, b: { type: "string" } },
        },
      },
    };
    expect(crdSchemasFromText(crdYaml({ versions: [{ name: "v1", schema }] }), "ok.yaml").kinds).toHaveLength(
      1,
    );
  });
});

describe("SchemaSet and core kinds", () => {
  it("looks kinds up by apiVersion and kind, sorted for all()", () => {
    const set = new SchemaSet();
    for (const k of crdSchemasFromText(crdYaml({ versions: [{ name: "v2" }, { name: "v1" }] }), "w.yaml")
      .kinds)
      set.add(k);
    expect(set.get("example.kiln.dev/v1", "Widget")?.version).toBe("v1");
    expect(set.get("example.kiln.dev/v3", "Widget")).toBeUndefined();
    expect(set.all().map((k) => k.version)).toEqual(["v1", "v2"]);
  });

  it("covers the core kinds a control plane uses", () => {
    const core = coreSchemas();
    for (const [av, kind] of [
      ["v1", "Namespace"],
      ["v1", "ConfigMap"],
      ["v1", "Secret"],
      ["v1", "ServiceAccount"],
      ["v1", "Service"],
      ["v1", "PersistentVolumeClaim"],
      ["apps/v1", "Deployment"],
      ["apps/v1", "DaemonSet"],
      ["apps/v1", "StatefulSet"],
      ["batch/v1", "Job"],
      ["batch/v1", "CronJob"],
      ["networking.k8s.io/v1", "Ingress"],
      ["rbac.authorization.k8s.io/v1", "ClusterRole"],
      ["rbac.authorization.k8s.io/v1", "RoleBinding"],
    ]) {
      expect(core.get(av!, kind!), `${av} ${kind}`).toBeDefined();
    }
    expect(core.get("v1", "Namespace")!.scope).toBe("Cluster");
  });
});
