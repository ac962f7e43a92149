/**
 * What `tsc` catches in a control plane (this file is type-checked by `npm test`: a
 * `@ts-expect-error` that no longer finds its error fails the check), and what `kiln build` then
 * catches at run time for objects a control plane writes, against what it allows for objects
 * `include()`d from elsewhere.
 */
import { ConfigMap, type IConfigMap } from "kubernetes-models/v1/ConfigMap";
import { describe, expect, it } from "vitest";
import { defineControlPlane, type KubeObject } from "../../src/index.ts";
import { renderControlPlane } from "../../src/model/render.ts";
import { validateGraph } from "../../src/validate/validate.ts";

const typed = defineControlPlane({
  name: "typing",
  inputs: {},
  build({ cluster }) {
    const apps = cluster("home").layer("apps");
    // Core kinds are typed by apiVersion and kind: field names, then value types.
    // @ts-expect-error `dat` is no ConfigMap field
    apps.add({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a" }, dat: {} });
    // @ts-expect-error ConfigMap data values are strings
    apps.add({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "b" }, data: { n: 1 } });
    // @ts-expect-error `data` is no Deployment field
    apps.add({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "c" }, data: {} });
    // Metadata is exact for every kind, custom ones included.
    // @ts-expect-error `namepsace` is misspelt
    apps.add({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "d", namepsace: "x" } });
    // @ts-expect-error `namepsace` is misspelt
    apps.add({ apiVersion: "x.example.org/v1", kind: "Widget", metadata: { name: "e", namepsace: "x" } });
    // @ts-expect-error a custom object has spec, status and data beside its metadata
    apps.add({ apiVersion: "x.example.org/v1", kind: "Widget", metadata: { name: "f" }, sepc: {} });
    // Accepted: custom objects, kubernetes-models' interfaces and classes, KubeObject values.
    apps.add({ apiVersion: "x.example.org/v1", kind: "Widget", metadata: { name: "g" }, spec: { any: 1 } });
    const cm: IConfigMap = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "h" } };
    const model = new ConfigMap({ metadata: { name: "i" }, data: { k: "v" } });
    const plain: KubeObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "j" } };
    apps.add(cm, model, plain);
  },
});

const unknownField = (name: string) =>
  ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "default" }, dat: {} }) as KubeObject;

describe("typed objects", () => {
  it("kubernetes-models objects (interfaces and classes) render like plain ones", async () => {
    const { graph } = await renderControlPlane(typed);
    const names = graph.objects().map((o) => o.metadata.name);
    expect(names).toEqual(expect.arrayContaining(["g", "h", "i", "j"]));
  });

  it("an unknown field is an error in an object the control plane writes, a warning in one it includes", async () => {
    const cp = defineControlPlane({
      name: "fields",
      inputs: {},
      build({ cluster }) {
        const apps = cluster("home").layer("apps");
        apps.add(unknownField("written"));
        apps.include(unknownField("included"));
      },
    });
    const report = await validateGraph((await renderControlPlane(cp)).graph, { schemas: { network: false } });
    const findings = report.diagnostics
      .filter((d) => d.rule === "schema/unknown-field")
      .map((d) => [d.resource, d.severity, d.message]);
    expect(findings).toEqual([
      ["ConfigMap default/written", "error", expect.stringMatching(/dat/)],
      ["ConfigMap default/included", "warning", expect.stringMatching(/the apiserver would prune it/)],
    ]);
  });
});
