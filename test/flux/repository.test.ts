import { describe, expect, it } from "vitest";
import { loadFluxRepository } from "../../src/flux/repository.ts";
import { ks, writeTree } from "./tree.ts";

const cm = (name: string, data: Record<string, string>, ns?: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ""}data:\n${Object.entries(
    data,
  )
    .map(([k, v]) => `  ${k}: "${v}"\n`)
    .join("")}`;

const names = (r: Awaited<ReturnType<typeof loadFluxRepository>>) =>
  r.objects
    .map((o) => `${o.object.kind}/${o.object.metadata.namespace ?? ""}/${o.object.metadata.name}`)
    .sort();

describe("discovery", () => {
  it("follows spec.path transitively from the bootstrap flux-system Kustomization", async () => {
    const root = writeTree({
      "clusters/main/flux-system/gotk-sync.yaml": `${ks("flux-system", { path: "./clusters/main" })}---
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: {name: flux-system, namespace: flux-system}
spec: {interval: 1m, url: "https://example.com/me/repo", ref: {branch: main}}
`,
      "clusters/main/flux-system/kustomization.yaml": "resources: [gotk-sync.yaml]\n",
      "clusters/main/apps.yaml": ks("apps", { path: "./apps" }),
      "apps/kustomization.yaml": "resources: [web.yaml, more.yaml]\n",
      "apps/web.yaml": cm("web", { a: "1" }, "default"),
      "apps/more.yaml": ks("more", { path: "./more", dependsOn: [{ name: "apps" }] }),
      "more/x.yaml": cm("x", { b: "2" }, "default"),
      "stray/y.yaml": cm("y", { c: "3" }, "default"),
      "stray/values.yaml": "replicaCount: 2\n",
    });
    const r = await loadFluxRepository(root);
    expect(r.kustomizations.map((k) => `${k.name}:${k.status}:${k.appliedBy ?? "-"}`)).toEqual([
      "apps:rendered:flux-system/flux-system",
      "flux-system:rendered:-",
      "more:rendered:flux-system/apps",
    ]);
    expect(names(r)).toContain("ConfigMap/default/x");
    expect(names(r)).toContain("ConfigMap/default/web");
    expect(r.notApplied).toEqual(["stray/y.yaml"]);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("without bootstrap files, every Kustomization no other one applies is an entry point", async () => {
    const root = writeTree({
      "a.yaml": ks("a", { path: "./a" }),
      "b.yaml": ks("b", { path: "./b" }),
      "a/c.yaml": ks("c", { path: "./c" }),
      "a/cm.yaml": cm("one", { a: "1" }, "default"),
      "b/cm.yaml": cm("two", { a: "1" }, "default"),
      "c/cm.yaml": cm("three", { a: "1" }, "default"),
    });
    const r = await loadFluxRepository(root);
    const byName = Object.fromEntries(r.kustomizations.map((k) => [k.name, k.appliedBy ?? "entry"]));
    expect(byName).toEqual({ a: "entry", b: "entry", c: "flux-system/a" });
    expect(names(r).filter((n) => n.startsWith("ConfigMap"))).toEqual([
      "ConfigMap/default/one",
      "ConfigMap/default/three",
      "ConfigMap/default/two",
    ]);
  });

  it("a FluxInstance's spec.sync is an entry point", async () => {
    const root = writeTree({
      "flux/instance.yaml": `apiVersion: fluxcd.controlplane.io/v1
kind: FluxInstance
metadata: {name: flux, namespace: flux-system}
spec:
  distribution: {version: "2.x", registry: ghcr.io/fluxcd}
  sync: {kind: GitRepository, url: "https://example.com/r", ref: refs/heads/main, path: clusters/prod}
`,
      "clusters/prod/cm.yaml": cm("prod", { a: "1" }, "default"),
      "clusters/dev/cm.yaml": cm("dev", { a: "1" }, "default"),
    });
    const r = await loadFluxRepository(root);
    expect(names(r)).toEqual(["ConfigMap/default/prod"]);
    expect(r.notApplied).toEqual(["clusters/dev/cm.yaml"]);
  });

  it("spec.suspend is honoured: nothing of a suspended Kustomization is applied", async () => {
    const root = writeTree({
      "a.yaml": ks("a", { path: "./a", suspend: true }),
      "a/cm.yaml": cm("one", { a: "1" }, "default"),
    });
    const r = await loadFluxRepository(root);
    expect(r.kustomizations[0]).toMatchObject({ name: "a", status: "suspended" });
    expect(r.objects).toEqual([]);
  });

  it("an unresolved GitRepository is the repository; another repository's is not rendered", async () => {
    const root = writeTree({
      "a.yaml": ks("a", { path: "./a", sourceRef: { kind: "GitRepository", name: "home" } }),
      "b.yaml": `${ks("b", { path: "./b", sourceRef: { kind: "GitRepository", name: "other" } })}---
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: {name: other, namespace: flux-system}
spec: {interval: 1m, url: "https://example.com/other", ref: {branch: main}}
`,
      "a/cm.yaml": cm("one", { a: "1" }, "default"),
      "b/cm.yaml": cm("two", { a: "1" }, "default"),
      "c.yaml": ks("c", { path: "./c", sourceRef: { kind: "OCIRepository", name: "charts" } }),
    });
    const r = await loadFluxRepository(root);
    const st = Object.fromEntries(r.kustomizations.map((k) => [k.name, k.status]));
    expect(st).toEqual({ a: "rendered", b: "not rendered", c: "not rendered" });
    expect(r.kustomizations.find((k) => k.name === "b")?.reason).toContain("another repository");
  });

  it("a spec.path that does not exist is an error at the Kustomization", async () => {
    const root = writeTree({ "a.yaml": ks("a", { path: "./missing" }) });
    const r = await loadFluxRepository(root);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ severity: "error", file: "a.yaml", path: "spec.path", rule: "ref/path" }),
    ]);
  });

  it("ResourceSets with inline inputs expand into objects of their Kustomization", async () => {
    const root = writeTree({
      "a.yaml": ks("a", { path: "./a" }),
      "a/rs.yaml": `apiVersion: fluxcd.controlplane.io/v1
kind: ResourceSet
metadata: {name: tenants, namespace: flux-system}
spec:
  inputs: [{tenant: alpha}, {tenant: beta}]
  resources:
    - apiVersion: v1
      kind: Namespace
      metadata: {name: "<< inputs.tenant >>"}
`,
    });
    const r = await loadFluxRepository(root);
    expect(names(r)).toEqual(["Namespace//alpha", "Namespace//beta", "ResourceSet/flux-system/tenants"]);
  });
});

describe("the Flux Kustomization on top of kustomize", () => {
  it("targetNamespace, namePrefix/nameSuffix, commonMetadata and the owner labels", async () => {
    const root = writeTree({
      "a.yaml": ks("a", {
        path: "./a",
        targetNamespace: "web",
        namePrefix: "p-",
        nameSuffix: "-s",
        commonMetadata: { labels: { team: "t" }, annotations: { note: "n" } },
      }),
      "a/cm.yaml": cm("one", { a: "1" }),
      "a/ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata: {name: web}\n",
    });
    const r = await loadFluxRepository(root);
    const c = r.objects.find((o) => o.object.kind === "ConfigMap")!.object;
    expect(c.metadata).toMatchObject({
      name: "p-one-s",
      namespace: "web",
      labels: {
        team: "t",
        "kustomize.toolkit.fluxcd.io/name": "a",
        "kustomize.toolkit.fluxcd.io/namespace": "flux-system",
      },
      annotations: { note: "n" },
    });
    const n = r.objects.find((o) => o.object.kind === "Namespace")!.object;
    expect(n.metadata.namespace).toBeUndefined();
  });

  it("spec.components go through kustomize; a missing one is an error at the Flux Kustomization's own line", async () => {
    const root = writeTree({
      "flux/a.yaml": `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: a
  namespace: flux-system
spec:
  interval: 10m
  prune: true
  path: ./a
  sourceRef:
    kind: GitRepository
    name: flux-system
  components:
    - ../comp
    - ../missing
`,
      "a/kustomization.yaml": "resources: [cm.yaml]\n",
      "a/cm.yaml": cm("one", { a: "1" }, "default"),
      "comp/kustomization.yaml":
        "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [extra.yaml]\n",
      "comp/extra.yaml": cm("extra", { b: "2" }, "default"),
    });
    const r = await loadFluxRepository(root);
    expect(names(r)).toEqual(["ConfigMap/default/extra", "ConfigMap/default/one"]);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([
      expect.objectContaining({
        file: "flux/a.yaml",
        line: 15,
        message: expect.stringContaining("../missing"),
      }),
    ]);
    const lenient = writeTree({
      "flux/a.yaml": ks("a", { path: "./a", components: ["../missing"], ignoreMissingComponents: true }),
      "a/cm.yaml": cm("one", { a: "1" }, "default"),
    });
    expect((await loadFluxRepository(lenient)).diagnostics).toEqual([]);
  });
});
