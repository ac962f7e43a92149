import { describe, expect, it } from "vitest";
import { applyDefaults } from "../../src/import/defaults.ts";
import { findings, widget } from "./helpers.ts";

const schemaOnly = (f: Awaited<ReturnType<typeof findings>>) =>
  f.filter((x) => x.rule.startsWith("schema")).map((x) => [x.severity, x.rule, x.path.join(".")]);

describe("schemas with Kubernetes semantics", () => {
  it("accepts int-or-string both ways and rejects other types", async () => {
    expect(schemaOnly(await findings(widget({ size: 3, mode: "m" })))).toEqual([]);
    expect(schemaOnly(await findings(widget({ size: "3Gi", mode: "m" })))).toEqual([]);
    expect(schemaOnly(await findings(widget({ size: true, mode: "m" })))).toEqual([
      ["error", "schema/type", "spec.size"],
    ]);
  });

  it("reports missing required fields", async () => {
    expect(schemaOnly(await findings(widget({ mode: "m" })))).toEqual([
      ["error", "schema/required", "spec.size"],
    ]);
  });

  it("warns about unknown fields (pruned) and makes them errors in --strict", async () => {
    const obj = widget({ size: 1, mode: "m", colour: "red" });
    expect(schemaOnly(await findings(obj))).toEqual([["warning", "schema/unknown-field", "spec.colour"]]);
    expect((await findings(obj)).find((f) => f.rule === "schema/unknown-field")!.message).toContain(
      "the apiserver would prune it",
    );
    expect(schemaOnly(await findings(obj, { strict: true }))).toEqual([
      ["error", "schema/unknown-field", "spec.colour"],
    ]);
  });

  it("checks formats (date-time, duration)", async () => {
    expect(
      schemaOnly(
        await findings(widget({ size: 1, mode: "m", created: "2024-01-01T00:00:00Z", timeout: "5m" })),
      ),
    ).toEqual([]);
    expect(schemaOnly(await findings(widget({ size: 1, mode: "m", created: "yesterday" })))).toEqual([
      ["error", "schema/format", "spec.created"],
    ]);
  });

  it("enforces x-kubernetes-list-type set uniqueness", async () => {
    expect(schemaOnly(await findings(widget({ size: 1, mode: "m", tags: ["a", "b"] })))).toEqual([]);
    const f = await findings(widget({ size: 1, mode: "m", tags: ["a", "b", "a"] }));
    expect(schemaOnly(f)).toEqual([["error", "schema/list-type-set", "spec.tags.2"]]);
    expect(f.find((x) => x.rule === "schema/list-type-set")!.message).toBe(
      'Duplicate value: "a" (same as item 0)',
    );
  });

  it("enforces list-type map key uniqueness, with defaulted keys", async () => {
    expect(
      schemaOnly(
        await findings(widget({ size: 1, mode: "m", ports: [{ port: 80 }, { port: 80, protocol: "UDP" }] })),
      ),
    ).toEqual([]);
    // protocol defaults to TCP, so these two items have the same key.
    const f = await findings(
      widget({ size: 1, mode: "m", ports: [{ port: 80 }, { port: 80, protocol: "TCP" }] }),
    );
    expect(schemaOnly(f)).toEqual([["error", "schema/list-type-map", "spec.ports.1"]]);
  });

  it("validates embedded resources recursively with their own schema", async () => {
    const inner = {
      apiVersion: "test.kiln.dev/v1",
      kind: "Widget",
      metadata: { name: "inner" },
      spec: { size: 1, mode: "m", replicas: 50 },
    };
    const f = await findings(widget({ size: 1, mode: "m", template: inner }));
    expect(f.filter((x) => x.rule === "cel").map((x) => [x.path.join("."), x.message])).toEqual([
      ["spec.template.spec", "at most 10 replicas"],
    ]);
  });

  it("reports a kind without a schema: warning, or error with --strict", async () => {
    const obj = { apiVersion: "example.org/v1", kind: "Thing", metadata: { name: "t" } };
    expect(schemaOnly(await findings(obj))).toEqual([["warning", "schema/missing", "kind"]]);
    expect(schemaOnly(await findings(obj, { strict: true }))).toEqual([["error", "schema/missing", "kind"]]);
  });

  it("validates core kinds with the core schemas", async () => {
    const ok = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "c", namespace: "apps" },
      data: { a: "1" },
    };
    expect(schemaOnly(await findings(ok))).toEqual([]);
    const bad = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "c", namespace: "apps" },
      data: { a: 1 },
    };
    expect(schemaOnly(await findings(bad))).toEqual([["error", "schema/type", "data.a"]]);
  });
});

describe("applyDefaults", () => {
  const schema = {
    type: "object",
    properties: {
      a: { type: "integer", default: 1 },
      b: { type: "object", properties: { c: { type: "string", default: "x" } } },
      n: { type: "string", default: "d" },
      items: {
        type: "array",
        items: { type: "object", properties: { p: { type: "string", default: "TCP" } } },
      },
    },
  };
  it("fills absent fields, replaces null of non-nullable fields, recurses, and does not mutate", () => {
    const input = { b: {}, n: null, items: [{}, { p: "UDP" }] };
    const out = applyDefaults(input, schema);
    expect(out).toEqual({ a: 1, b: { c: "x" }, n: "d", items: [{ p: "TCP" }, { p: "UDP" }] });
    expect(input).toEqual({ b: {}, n: null, items: [{}, { p: "UDP" }] });
  });
  it("copies object defaults: results never share them with the schema or each other", () => {
    const def: Record<string, unknown> = { list: [{ k: "v" }] };
    Object.defineProperty(def, "__proto__", {
      value: { x: 1 },
      enumerable: true,
      writable: true,
      configurable: true,
    });
    const s = { type: "object", properties: { o: { type: "object", default: def } } };
    const one = applyDefaults({}, s) as { o: Record<string, unknown> };
    const two = applyDefaults({}, s) as { o: Record<string, unknown> };
    expect(one.o).toEqual(def);
    expect(one.o).not.toBe(def);
    expect(one.o.list).not.toBe(two.o.list);
    expect(Object.hasOwn(one.o, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(one.o)).toBe(Object.prototype);
    (one.o.list as Array<Record<string, unknown>>)[0]!.k = "changed";
    expect((def.list as Array<Record<string, unknown>>)[0]!.k).toBe("v");
  });
  it("does not create absent parent objects", () => {
    expect(applyDefaults({}, schema)).toEqual({ a: 1, n: "d" });
  });
  it("drops nulls of non-nullable fields that have no default, and only of declared fields", () => {
    const s = {
      type: "object",
      properties: {
        a: { type: "integer", default: 1 },
        q: { type: "string" },
        r: { type: "string", nullable: true },
      },
    };
    expect(applyDefaults({ q: null, r: null, constructor: null, a: 3 }, s)).toEqual({
      r: null,
      constructor: null,
      a: 3,
    });
  });
  it("copies only what a default changes, keeping key order (defaults after the keys present)", () => {
    const full = { n: "x", a: 2, b: { c: "y" }, items: [{ p: "UDP" }] };
    expect(applyDefaults(full, schema)).toBe(full);
    const partial = { items: [{ p: "UDP" }, {}], n: null, b: { c: "y" } };
    const out = applyDefaults(partial, schema) as typeof partial & { a: number };
    expect(Object.keys(out)).toEqual(["items", "n", "b", "a"]);
    expect(out.b).toBe(partial.b);
    expect(out.items[0]).toBe(partial.items[0]);
    expect(out.items[1]).toEqual({ p: "TCP" });
    expect(out.n).toBe("d");
  });
});
