import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { KilnError, type KubeObject, type ResourceGraph, renderControlPlane, synth } from "kiln";
import { Match, resources } from "kiln/testing";
import { Namespace } from "kubernetes-models/v1";
import { afterAll, beforeAll, describe, expect, expectTypeOf, test } from "vitest";
import { displayPath } from "../../src/core/paths.ts";
import { fixture } from "./fixture.ts";

let graph: ResourceGraph;
let out: string;
const tmp = mkdtempSync(path.join(os.tmpdir(), "kiln-query-"));

beforeAll(async () => {
  graph = (await renderControlPlane(fixture)).graph;
  out = path.join(tmp, "out");
  await synth(graph, out);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const names = (set: Iterable<{ id: { kind: string; name: string } }>) =>
  [...set].map((r) => `${r.id.kind}/${r.id.name}`);

describe("resources(graph)", () => {
  test("selects a kind by name, group/kind, apiVersion/kind, object or model class", () => {
    const all = resources(graph);
    expect(all.size).toBe(7);
    expect(names(all.ofKind("HelmRelease"))).toEqual([
      "HelmRelease/traefik",
      "HelmRelease/cert-manager",
      "HelmRelease/podinfo",
    ]);
    expect(all.ofKind("helm.toolkit.fluxcd.io/HelmRelease").size).toBe(3);
    expect(all.ofKind("helm.toolkit.fluxcd.io/v2/HelmRelease").size).toBe(3);
    expect(all.ofKind("helm.toolkit.fluxcd.io/v2beta1/HelmRelease").size).toBe(0);
    expect(all.ofKind("example.com/HelmRelease").size).toBe(0);
    expect(all.ofKind({ apiVersion: "helm.toolkit.fluxcd.io/v2", kind: "HelmRelease" }).size).toBe(3);
    expect(all.ofKind({ group: "kustomize.toolkit.fluxcd.io", kind: "Kustomization" }).size).toBe(2);
    expect(names(all.ofKind("v1/Namespace"))).toEqual(["Namespace/traefik"]);
    expect(all.ofKind("*").size).toBe(7);
    const ns = all.ofKind(Namespace);
    expectTypeOf(ns.one()).toEqualTypeOf<Namespace>();
    expect(ns.one().metadata?.name).toBe("traefik");
  });

  test("filters by name, namespace, labels, selector and unit", () => {
    const all = resources(graph);
    expect(names(all.named("podinfo"))).toEqual(["HelmRelease/podinfo"]);
    expect(names(all.named(/^cert-/))).toEqual(["HelmRelease/cert-manager"]);
    expect(names(all.inNamespace(undefined))).toEqual(["Namespace/traefik"]);
    expect(all.inNamespace("flux-system").size).toBe(6);
    expect(names(all.withLabels({ tier: "ingress" }))).toEqual(["Namespace/traefik"]);
    expect(all.withLabels({ tier: "controllers", "app.kubernetes.io/name": "traefik" }).size).toBe(1);
    expect(
      all.selectedBy({ matchExpressions: [{ key: "tier", operator: "In", values: ["controllers"] }] }).size,
    ).toBe(3);
    expect(
      names(
        all.selectedBy({ matchExpressions: [{ key: "tier", operator: "NotIn", values: ["controllers"] }] }),
      ),
    ).toEqual([
      "Namespace/traefik",
      "HelmRepository/traefik",
      "Kustomization/sources",
      "Kustomization/controllers",
    ]);
    expect(all.selectedBy({ matchExpressions: [{ key: "tier", operator: "Exists" }] }).size).toBe(4);
    expect(all.selectedBy({ matchExpressions: [{ key: "tier", operator: "DoesNotExist" }] }).size).toBe(3);
    expect(all.selectedBy({}).size).toBe(7);
    expect(names(all.inUnit("home/controllers/podinfo"))).toEqual(["HelmRelease/podinfo"]);
    expect(all.inUnit(["home", "controllers"]).size).toBe(3);
    expect(all.inUnit("home").size).toBe(7);
    expect(all.inUnit("home/control").size).toBe(0);
  });

  test("chains filters, matches patterns and types the objects", () => {
    interface HelmRelease extends KubeObject {
      spec: { chart: { spec: { chart: string; version: string } }; values?: Record<string, unknown> };
    }
    const set = resources(graph)
      .ofKind<HelmRelease>("HelmRelease")
      .inNamespace("flux-system")
      .matching({ spec: { values: Match.anyValue() } });
    expect(set.objects().map((o) => o.spec.chart.spec.version)).toEqual(["34.1.0", "v1.17.1"]);
    expect(set.where((o) => o.spec.chart.spec.chart === "traefik").size).toBe(1);
  });

  test("one() names what it found when there is not exactly one", () => {
    expect(() => resources(graph).ofKind("HelmRelease").one()).toThrow(
      /^expected exactly one resource, found 3: HelmRelease flux-system\/traefik.* \(unit home\/controllers\/traefik, test\/testing\/fixture\.ts:\d+:\d+\); /,
    );
    expect(() => resources(graph).ofKind("Secret").one()).toThrow(/^expected exactly one resource, found 0$/);
    expect(resources(graph).ofKind("Namespace").oneResource().origin.unit).toEqual(["home", "sources"]);
  });
});

describe("resources(array | folder)", () => {
  test("an array of objects keeps each object's index as its origin", () => {
    const set = resources([
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a", namespace: "x" } },
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "b" } },
    ]);
    expect(set.named("b").oneResource().origin).toEqual({ index: 1 });
    expect(() => set.one()).toThrow(
      "expected exactly one resource, found 2: ConfigMap x/a (item 0); ConfigMap b (item 1)",
    );
  });

  test("an output folder yields every manifest with its file, line and unit", () => {
    const set = resources(out);
    expect(set.ofKind("HelmRelease").size).toBe(3);
    const podinfo = set.ofKind("HelmRelease").named("podinfo").oneResource();
    expect(podinfo.origin).toEqual({
      unit: ["home", "controllers", "podinfo"],
      file: displayPath(path.join(out, "clusters/home/controllers/podinfo/helmrelease-podinfo.yaml")),
      line: 1,
    });
    expect(set.ofKind("kustomize.config.k8s.io/Kustomization").size).toBeGreaterThan(0);
    expect(names(set.ofKind("kustomize.toolkit.fluxcd.io/Kustomization").inUnit("home"))).toEqual([
      "Kustomization/controllers",
      "Kustomization/sources",
    ]);
  });

  test("a JSON output folder reads the same objects", async () => {
    const json = path.join(tmp, "out-json");
    await synth(graph, json, { format: "json" });
    const fromJson = resources(json).ofKind("HelmRelease").objects();
    expect(fromJson).toEqual(resources(out).ofKind("HelmRelease").objects());
    expect(fromJson).toHaveLength(3);
  });

  test("bad YAML in a folder is a KilnError naming file and line", () => {
    const dir = path.join(tmp, "bad");
    synthFiles(dir, {
      "ok.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n",
      "bad.yaml": "apiVersion: v1\nkind: [\n",
    });
    let err: unknown;
    try {
      resources(dir);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(KilnError);
    expect((err as KilnError).location).toMatchObject({ file: expect.stringMatching(/bad\.yaml$/), line: 3 });
  });

  test("a missing output folder is a KilnError that says so", () => {
    expect(() => resources(path.join(tmp, "never-built"))).toThrow(
      `output folder not found: ${displayPath(path.join(tmp, "never-built"))} (run synth first, or pass a ResourceGraph)`,
    );
  });

  test("an unsupported source is a KilnError", () => {
    expect(() => resources(42 as never)).toThrow(
      "cannot read resources from a number: expected a ResourceGraph, a ResourceSet, a FileGroup, an array of objects or an output folder path",
    );
  });
});

function synthFiles(dir: string, files: Record<string, string>): void {
  rmSync(dir, { recursive: true, force: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
}
