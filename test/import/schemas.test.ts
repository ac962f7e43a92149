import { readFileSync } from "node:fs";
import { KilnError } from "kiln";
import { coreSchemas, crdSchemasFromText, SchemaSet } from "kiln/import";
import { describe, expect, it } from "vitest";
import { formatError } from "../../src/core/errors.ts";
import { MIRROR_SKIP, mirrorDir } from "../helpers/env.ts";
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
    expect(e.message).toBe("Required value: schema.openAPIV3Schema (version v1 has no schema)");
    expect(e.location.path).toBe("spec.versions[0]");
    expect(e.location.resource).toBe("CustomResourceDefinition widgets.example.kiln.dev");
    expect(e.location.line).toBeGreaterThan(1);
  });

  it.each([
    [
      { type: "object", properties: { spec: { properties: {} } } },
      "properties.spec.type",
      "must not be empty for specified object fields",
    ],
    [
      { type: "object", properties: { a: { type: "array" } } },
      "properties.a.items",
      "Required value: must be specified",
    ],
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
    expect(e.location.path).toContain(`spec.versions[0].schema.openAPIV3Schema`);
    expect(e.location.path).toContain(where);
    expect(e.message).toContain(what);
    expect(e.message).toMatch(/ \(the schema is not structural\)$/);
    // The path is the location's, said once: the message does not repeat it.
    expect(e.message).not.toContain("openAPIV3Schema");
    expect(formatError(e).split(e.location.path!)).toHaveLength(2);
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

describe("the apiserver's checks on a CRD", () => {
  const withSpecField = (field: Record<string, unknown>) => ({
    type: "object",
    properties: { spec: { type: "object", properties: { f: field } } },
  });
  const at = "spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.f";
  const refused = (text: string) => error(() => crdSchemasFromText(text, "crd.yaml"));

  it.each([
    [
      "a kind that is not an identifier",
      crdYaml({ kind: "Widget_", plural: "widgets" }).replace("singular: widget_", "singular: widget"),
      "spec.names.kind",
      'Invalid value: "Widget_": may have mixed case, but should otherwise match: a DNS-1035 label',
    ],
    [
      "a pattern that is not a regular expression",
      crdYaml({ versions: [{ name: "v1", schema: withSpecField({ type: "string", pattern: "([a-z" }) }] }),
      `${at}.pattern`,
      `Invalid value: "([a-z": must be a valid regular expression, but isn't:`,
    ],
    [
      "a default of the wrong type",
      crdYaml({ versions: [{ name: "v1", schema: withSpecField({ type: "integer", default: "three" }) }] }),
      `${at}.default`,
      `Invalid value: "three": must be of type integer`,
    ],
    [
      "a default outside the enum",
      crdYaml({
        versions: [{ name: "v1", schema: withSpecField({ type: "string", enum: ["a"], default: "b" }) }],
      }),
      `${at}.default`,
      `Unsupported value: "b": supported values: "a"`,
    ],
    [
      "a CEL rule that does not compile",
      crdYaml({
        versions: [
          {
            name: "v1",
            schema: withSpecField({ type: "string", "x-kubernetes-validations": [{ rule: "self ==" }] }),
          },
        ],
      }),
      `${at}.x-kubernetes-validations[0].rule`,
      `Invalid value: "self ==": compilation failed:`,
    ],
    [
      "a negative maxLength",
      crdYaml({ versions: [{ name: "v1", schema: withSpecField({ type: "string", maxLength: -1 }) }] }),
      `${at}.maxLength`,
      `Invalid value: -1: must be a non-negative integer`,
    ],
    [
      "a group without a dot",
      crdYaml({ group: "widgets" }),
      "spec.group",
      'Invalid value: "widgets": should be a domain with at least one dot',
    ],
  ])("refuses %s, naming the path (once, in the location) and the CRD", (_what, text, where, message) => {
    const e = refused(text);
    expect(e.message.startsWith(message), e.message).toBe(true);
    expect(e.location).toMatchObject({ file: "crd.yaml", line: expect.any(Number), path: where });
    // As the CLI prints it: the path once.
    expect(formatError(e).split(where)).toHaveLength(2);
    expect(e.location.resource).toMatch(/^CustomResourceDefinition /);
  });

  it("refuses a name that is not plural.group", () => {
    const text = crdYaml().replace("name: widgets.example.kiln.dev", "name: widget.example.kiln.dev");
    const e = refused(text);
    expect(e.location.path).toBe("metadata.name");
    expect(e.message).toBe(
      'Invalid value: "widget.example.kiln.dev": must be spec.names.plural+"."+spec.group',
    );
  });

  const mirror = mirrorDir();
  it.skipIf(!mirror)(mirror ? "accepts every mirrored CRD" : MIRROR_SKIP, () => {
    const index = JSON.parse(readFileSync(`${mirror}/index.json`, "utf8")) as Array<{ path: string }>;
    let crds = 0;
    for (const e of index) {
      const text = readFileSync(`${mirror}/${e.path}`, "utf8");
      if (!text.includes("kind: CustomResourceDefinition")) continue;
      crds++;
      expect(() => crdSchemasFromText(text, e.path), e.path).not.toThrow();
    }
    expect(crds).toBeGreaterThan(200);
  });
});
