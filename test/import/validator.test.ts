import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  compileValidator,
  coreSchemas,
  crdSchemasFromText,
  type KindSchema,
  type SchemaIssue,
} from "kiln/import";
import { describe, expect, it, vi } from "vitest";
import { crdYaml } from "./crds.ts";

// Validators are cached on disk by default: keep this file's entries out of the user's cache.
process.env.KILN_CACHE = mkdtempSync(path.join(os.tmpdir(), "kiln-cache-"));
const widget = crdSchemasFromText(crdYaml(), "widgets.yaml").kinds[0]!;
const validate = compileValidator(widget);
const base = { apiVersion: "example.kiln.dev/v1", kind: "Widget", metadata: { name: "w", namespace: "ns" } };
const withSpec = (spec: Record<string, unknown>) => ({ ...base, spec: { size: 2, ...spec } });
const rules = (issues: SchemaIssue[]) => issues.map((i) => `${i.rule} ${i.path.join(".")}`);

describe("compileValidator: Kubernetes semantics", () => {
  it("accepts a valid object", () => {
    const obj = withSpec({
      port: 8080,
      mode: "Fast",
      note: null,
      big: 2 ** 40,
      blob: "aGVsbG8=",
      when: "2026-11-23T09:00:00Z",
      every: "1h30m",
      memory: "1.5Gi",
      name: "abc",
      values: { anything: { goes: [1, "x"] } },
      extra: { known: "k", unknown: 1 },
      template: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { a: "b" } },
      labels: { a: "b" },
      ports: [{ name: "http", number: 80 }],
      tags: ["a", "b"],
      class: "x",
      "dashed-name": true,
    });
    expect(validate(obj)).toEqual([]);
  });

  it("int-or-string takes both and nothing else", () => {
    expect(validate(withSpec({ port: "http" }))).toEqual([]);
    expect(rules(validate(withSpec({ port: true })))).toEqual(["schema/type spec.port"]);
  });

  it("reports required fields and wrong types at their JSON path", () => {
    expect(validate({ ...base, spec: {} })).toEqual([
      { path: ["spec", "size"], message: "Required value", rule: "schema/required" },
    ]);
    const [issue] = validate(withSpec({ size: "2" }));
    expect(issue).toEqual({
      path: ["spec", "size"],
      message: 'Invalid value: "2": must be of type integer',
      rule: "schema/type",
    });
  });

  it("reports fields the apiserver would prune as unknown, except under preserve-unknown-fields", () => {
    expect(rules(validate(withSpec({ sise: 3 })))).toEqual(["schema/unknown-field spec.sise"]);
    expect(rules(validate({ ...withSpec({}), spek: {} }))).toEqual(["schema/unknown-field spek"]);
    expect(rules(validate({ ...base, metadata: { name: "w", lables: {} }, spec: { size: 1 } }))).toEqual([
      "schema/unknown-field metadata.lables",
    ]);
    expect(validate(withSpec({ values: { a: 1 }, extra: { b: 2 } }))).toEqual([]);
  });

  it("checks enums, nullable, min/max, pattern and length", () => {
    expect(validate(withSpec({ mode: "Medium" }))).toEqual([
      {
        path: ["spec", "mode"],
        message: 'Unsupported value: "Medium": supported values: "Fast", "Slow"',
        rule: "schema/enum",
      },
    ]);
    // null in a field that is not nullable is pruned by the apiserver: absent, unless required.
    expect(validate(withSpec({ mode: null, note: null }))).toEqual([]);
    expect(rules(validate(withSpec({ size: null })))).toEqual(["schema/type spec.size"]);
    expect(rules(validate(withSpec({ size: 11 })))).toEqual(["schema/range spec.size"]);
    expect(rules(validate(withSpec({ size: 0 })))).toEqual(["schema/range spec.size"]);
    expect(rules(validate(withSpec({ name: "ABC" })))).toEqual(["schema/pattern spec.name"]);
    expect(rules(validate(withSpec({ name: "abcdefghij" })))).toEqual(["schema/length spec.name"]);
  });

  it.each([
    ["size", 2 ** 31, "int32"],
    ["big", 2 ** 64, "int64"],
    ["blob", "not base64!", "byte"],
    ["when", "yesterday", "date-time"],
    ["every", "PT1H", "duration"],
    ["memory", "1.5Gb", "quantity"],
  ])("checks format %s (%s is not %s)", (field, value, format) => {
    const issues = validate(withSpec({ [field]: value })).filter((i) => i.rule === "schema/format");
    expect(issues).toEqual([
      {
        path: ["spec", field],
        message: expect.stringContaining(`must be of format ${format}`),
        rule: "schema/format",
      },
    ]);
  });

  it.each(["0", "300ms", "-1.5h", "2h45m10s", "1us"])("accepts Go duration %s", (every) => {
    expect(validate(withSpec({ every }))).toEqual([]);
  });

  it.each(["500m", "1Gi", "1e3", "0.5", "+1k"])("accepts quantity %s", (memory) => {
    expect(validate(withSpec({ memory }))).toEqual([]);
  });

  it("checks embedded resources: apiVersion and kind required, metadata is ObjectMeta", () => {
    expect(rules(validate(withSpec({ template: { metadata: { name: "x" } } })))).toEqual([
      "schema/required spec.template.apiVersion",
      "schema/required spec.template.kind",
    ]);
    expect(
      rules(validate(withSpec({ template: { apiVersion: "v1", kind: "X", metadata: { name: 1 } } }))),
    ).toEqual(["schema/type spec.template.metadata.name"]);
  });

  it("checks list items and additionalProperties values", () => {
    expect(rules(validate(withSpec({ ports: [{ number: 1 }] })))).toEqual([
      "schema/required spec.ports.0.name",
    ]);
    expect(validate(withSpec({ ports: [{ number: 1 }] }))[0]!.path).toEqual(["spec", "ports", 0, "name"]);
    expect(rules(validate(withSpec({ labels: { a: 1 } })))).toEqual(["schema/type spec.labels.a"]);
  });

  it("core kinds validate with kubernetes-models' schemas", () => {
    const deploy = coreSchemas().get("apps/v1", "Deployment")!;
    const v = compileValidator(deploy);
    const ok = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "d" },
      spec: {
        selector: { matchLabels: { app: "d" } },
        template: {
          metadata: { labels: { app: "d" } },
          spec: { containers: [{ name: "c", image: "nginx" }] },
        },
      },
    };
    expect(v(ok)).toEqual([]);
    expect(v({ ...ok, spec: { ...ok.spec, replicas: "two" } })).toEqual([
      {
        path: ["spec", "replicas"],
        message: 'Invalid value: "two": must be of type integer',
        rule: "schema/type",
      },
    ]);
    expect(rules(v({ ...ok, spec: { template: ok.spec.template } }))).toEqual([
      "schema/required spec.selector",
    ]);
  });

  it("core kinds report unknown fields as CRD kinds do, and leave maps and untyped values open", () => {
    const core = coreSchemas();
    const deploy = compileValidator(core.get("apps/v1", "Deployment")!);
    const container = {
      name: "c",
      image: "nginx",
      imagePullPolicyy: "Always",
      resources: { limits: { cpu: "1", "example.com/gpu": "2" } },
      ports: [{ containerPort: 80 }, { containerPort: 81, protocoll: "TCP" }],
      env: [{ name: "A", valueFrom: { secretKeyRef: { name: "s", key: "k", optionall: true } } }],
    };
    const issues = deploy({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "d", labels: { "any/label": "x" }, labelz: { a: "b" } },
      specc: {},
      spec: {
        selector: { matchLabels: { app: "d" } },
        strategy: { rollingUpdate: { maxSurge: "25%", maxUnavailable: 1 } },
        template: {
          metadata: { annotations: { "a.b/c": "d" } },
          spec: { nodeSelector: { "kubernetes.io/os": "linux" }, containers: [container] },
        },
      },
    });
    const unknown = "schema/unknown-field";
    expect(issues).toEqual([
      { path: ["metadata", "labelz"], message: 'unknown field "labelz"', rule: unknown },
      { path: ["specc"], message: 'unknown field "specc"', rule: unknown },
      {
        path: ["spec", "template", "spec", "containers", 0, "imagePullPolicyy"],
        message: 'unknown field "imagePullPolicyy"',
        rule: unknown,
      },
      {
        path: ["spec", "template", "spec", "containers", 0, "ports", 1, "protocoll"],
        message: 'unknown field "protocoll"',
        rule: unknown,
      },
      {
        path: [
          "spec",
          "template",
          "spec",
          "containers",
          0,
          "env",
          0,
          "valueFrom",
          "secretKeyRef",
          "optionall",
        ],
        message: 'unknown field "optionall"',
        rule: unknown,
      },
    ]);
    // A wrong type is reported once, not also as unknown fields inside it.
    expect(rules(deploy({ apiVersion: "apps/v1", kind: "Deployment", metadata: "x" }))).toEqual([
      "schema/type metadata",
    ]);
    const cm = compileValidator(core.get("v1", "ConfigMap")!);
    expect(
      cm({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { "any.key": "v" } }),
    ).toEqual([]);
    expect(rules(cm({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, datta: {} }))).toEqual([
      "schema/unknown-field datta",
    ]);
  });

  it("a core CustomResourceDefinition keeps description and x-kubernetes-* fields, and open JSON values", () => {
    const crd = compileValidator(coreSchemas().get("apiextensions.k8s.io/v1", "CustomResourceDefinition")!);
    const schema = {
      type: "object",
      description: "a widget",
      "x-kubernetes-preserve-unknown-fields": true,
      "x-kubernetes-validations": [{ rule: "self.size > 0", message: "m" }],
      properties: {
        size: { type: "integer", default: { any: "json" }, "x-kubernetes-int-or-string": true, maximun: 3 },
      },
    };
    const obj = {
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      metadata: { name: "widgets.example.com" },
      spec: {
        group: "example.com",
        scope: "Namespaced",
        names: { kind: "Widget", plural: "widgets" },
        versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: schema } }],
      },
    };
    expect(rules(crd(obj))).toEqual([
      "schema/unknown-field spec.versions.0.schema.openAPIV3Schema.properties.size.maximun",
    ]);
  });
});

describe("compileValidator: shared subschemas", () => {
  it("reports errors inside repeated subtrees (compiled once) at each place they occur", () => {
    const ref = {
      type: "object",
      required: ["name"],
      properties: {
        name: { type: "string", minLength: 1 },
        policy: {
          type: "object",
          properties: { resolution: { type: "string", enum: ["Required", "Optional"] } },
        },
      },
    };
    const params = {
      type: "object",
      properties: {
        region: { type: "string" },
        secretRef: ref,
        rules: { type: "array", items: { type: "object", properties: { port: { type: "integer" }, ref } } },
      },
    };
    const schema = {
      type: "object",
      properties: {
        spec: {
          type: "object",
          properties: {
            forProvider: params,
            initProvider: params,
            either: {
              type: "object",
              anyOf: [{ required: ["a"] }, { required: ["b"] }],
              properties: { a: ref, b: ref },
            },
          },
        },
      },
    };
    const kind: KindSchema = { ...widget, kind: "Shared", schema };
    const v = compileValidator(kind, { cacheDir: "" });
    const bad = { name: "", policy: { resolution: "Sometimes", extra: 1 } };
    const issues = v({
      ...base,
      kind: "Shared",
      spec: {
        forProvider: { secretRef: bad, rules: [{ port: 1 }, { port: "x", ref: {} }] },
        initProvider: { region: 3, secretRef: { name: "ok" } },
        either: { c: 1 },
      },
    });
    expect(rules(issues)).toEqual([
      "schema/length spec.forProvider.secretRef.name",
      "schema/unknown-field spec.forProvider.secretRef.policy.extra",
      "schema/enum spec.forProvider.secretRef.policy.resolution",
      "schema/type spec.forProvider.rules.1.port",
      "schema/required spec.forProvider.rules.1.ref.name",
      "schema/type spec.initProvider.region",
      "schema/any-of spec.either",
      "schema/unknown-field spec.either.c",
    ]);
  });
});

describe("compileValidator: caching", () => {
  it("writes standalone code keyed by content hash and a fresh process loads it instead of compiling", async () => {
    const cacheDir = mkdtempSync(path.join(os.tmpdir(), "kiln-validators-"));
    // A schema no other test compiles (maxProperties), so nothing is in memory yet.
    const kind: KindSchema = { ...widget, kind: "Cached", schema: { ...widget.schema, maxProperties: 9 } };
    const first = compileValidator(kind, { cacheDir });
    const files = readdirSync(cacheDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^[0-9a-f]{64}\.cjs$/);
    // Same schema again: the in-memory entry is reused.
    expect(compileValidator(kind, { cacheDir })).toBe(first);
    // A fresh module instance (as in a new process) must load the file, not call ajv's compile.
    vi.resetModules();
    const ajv = await import("ajv");
    const compile = vi.spyOn(ajv.Ajv.prototype, "compile");
    const fresh = await import("../../src/import/validator.ts");
    const loaded = fresh.compileValidator(kind, { cacheDir });
    expect(compile).not.toHaveBeenCalled();
    compile.mockRestore();
    const bad = withSpec({ mode: "Medium", sise: 1 });
    expect(loaded(bad)).toEqual(first(bad));
    expect(loaded(bad)).toHaveLength(2);
  });

  it("recompiles over a damaged cache entry", async () => {
    const cacheDir = mkdtempSync(path.join(os.tmpdir(), "kiln-validators-"));
    const kind: KindSchema = { ...widget, kind: "Damaged", schema: { ...widget.schema, maxProperties: 8 } };
    compileValidator(kind, { cacheDir });
    const [file] = readdirSync(cacheDir);
    writeFileSync(path.join(cacheDir, file!), "this is not javascript {");
    vi.resetModules();
    const fresh = await import("../../src/import/validator.ts");
    const v = fresh.compileValidator(kind, { cacheDir });
    expect(v(withSpec({ mode: "Medium" })).map((i) => i.rule)).toEqual(["schema/enum"]);
    expect(readFileSync(path.join(cacheDir, file!), "utf8")).toContain("validate");
  });
});
