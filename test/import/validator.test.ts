import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { compileValidator, coreSchemas, crdSchemasFromText, type KindSchema, type SchemaIssue } from "kiln";
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
