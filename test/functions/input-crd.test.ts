/**
 * The input CRD `kiln fn package` writes: derived from the gateway's input schema, loaded back
 * through kiln's CRD reader and validator, it accepts the Composition's real input and rejects a
 * wrong one, as `crossplane beta validate` would with the package's CRDs.
 */
import { describe, expect, it } from "vitest";
import { gatewayInputSchema } from "../../examples/homelab/platform/function.ts";
import { gatewayComposition } from "../../examples/homelab/platform/gateway.ts";
import type { KubeObject } from "../../src/core/identity.ts";
import { stringifyYaml } from "../../src/core/yaml.ts";
import { inputCrd, pluralize } from "../../src/functions/serve/input-crd.ts";
import { crdSchemasFromText } from "../../src/import/validator.ts";
import { checkObject, compileKind } from "../../src/validate/object.ts";

const input = (gatewayComposition("kiln-gateway").spec as { pipeline: Array<{ input: KubeObject }> })
  .pipeline[0]!.input;

describe("input CRD", () => {
  const { fileName, crd } = inputCrd("kiln-gateway", gatewayInputSchema);

  it("names the CRD from the pinned apiVersion and kind", () => {
    expect(fileName).toBe("gateway.fn.kiln.dev_gatewayinputs.yaml");
    expect(crd).toMatchObject({
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      metadata: { name: "gatewayinputs.gateway.fn.kiln.dev" },
      spec: {
        group: "gateway.fn.kiln.dev",
        names: {
          kind: "GatewayInput",
          plural: "gatewayinputs",
          singular: "gatewayinput",
          listKind: "GatewayInputList",
        },
        scope: "Namespaced",
        versions: [{ name: "v1alpha1", served: true, storage: true }],
      },
    });
    const schema = (crd.spec as { versions: Array<{ schema: { openAPIV3Schema: Record<string, unknown> } }> })
      .versions[0]!.schema.openAPIV3Schema;
    // Kubernetes forms: no const, no additionalProperties: false, apiVersion/kind/metadata typed.
    expect(schema).toEqual({
      type: "object",
      properties: {
        apiVersion: { type: "string", description: "APIVersion of this input." },
        imageDistribution: { type: "string", minLength: 1 },
        kind: { type: "string", description: "Kind of this input." },
        metadata: { type: "object" },
        recordTtl: { type: "integer", minimum: 30, maximum: 86400 },
        tags: { type: "array", items: { type: "string", pattern: "^[A-Za-z0-9:_.-]{1,255}$" } },
      },
    });
  });

  it("validates step inputs through kiln's CRD reader and validator", () => {
    const kinds = crdSchemasFromText(stringifyYaml(crd), fileName).kinds;
    expect(kinds).toHaveLength(1);
    const compiled = compileKind(kinds[0]!);
    const check = (obj: KubeObject) =>
      checkObject(obj, { schemas: () => compiled, strict: true }).findings.map(
        (f) => `${f.path.join(".")}: ${f.message}`,
      );
    expect(check({ ...input, metadata: { name: "in" } })).toEqual([]);
    const bad = check({ ...input, metadata: { name: "in" }, recordTtl: 5, tags: [1] } as KubeObject);
    expect(bad.length).toBeGreaterThanOrEqual(2);
    expect(bad.join("\n")).toMatch(/recordTtl/);
    expect(bad.join("\n")).toMatch(/tags/);
  });

  it("rewrites JSON Schema forms and refuses what Kubernetes cannot express, naming the path", () => {
    const pin = {
      apiVersion: { const: "in.fn.example.org/v1beta1" },
      kind: { enum: ["Settings"] },
    };
    const ok = inputCrd("f", {
      type: "object",
      properties: {
        ...pin,
        n: { type: "number", exclusiveMinimum: 0 },
        set: { type: "array", uniqueItems: true, items: { type: "string" } },
        labels: { type: "object", additionalProperties: { type: "string" } },
        free: { type: "object", additionalProperties: true },
      },
    });
    expect(ok.fileName).toBe("in.fn.example.org_settings.yaml");
    const props = (
      ok.crd.spec as {
        versions: Array<{ schema: { openAPIV3Schema: { properties: Record<string, unknown> } } }>;
      }
    ).versions[0]!.schema.openAPIV3Schema.properties;
    expect(props.n).toEqual({ type: "number", minimum: 0, exclusiveMinimum: true });
    expect(props.set).toEqual({ type: "array", "x-kubernetes-list-type": "set", items: { type: "string" } });
    expect(props.labels).toEqual({ type: "object", additionalProperties: { type: "string" } });
    expect(props.free).toEqual({ type: "object", "x-kubernetes-preserve-unknown-fields": true });

    const bad = (extra: Record<string, unknown>) => () =>
      inputCrd("f", { type: "object", properties: { ...pin, ...extra } });
    expect(bad({ x: { $ref: "#/definitions/y" } })).toThrow(
      'function f: cannot write the input CRD: properties.x.$ref: "$ref" has no Kubernetes (structural OpenAPI v3) form',
    );
    expect(bad({ t: { type: "array", items: [{ type: "string" }] } })).toThrow(
      /properties\.t\.items: tuple items/,
    );
    expect(() => inputCrd("f", { type: "object", properties: { kind: { const: "K" } } })).toThrow(
      /properties\.apiVersion: the input schema must pin apiVersion/,
    );
    expect(() =>
      inputCrd("f", {
        type: "object",
        properties: { apiVersion: { const: "nogroup/v1" }, kind: { const: "K" } },
      }),
    ).toThrow(/needs a group with a dot/);
  });

  it("pluralizes kinds as Kubernetes resource names", () => {
    expect(["gatewayinput", "policy", "resources", "class", "box", "key"].map(pluralize)).toEqual([
      "gatewayinputs",
      "policies",
      "resources",
      "classes",
      "boxes",
      "keys",
    ]);
  });
});
