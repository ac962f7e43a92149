import { describe, expect, it } from "vitest";
import { stringifyYaml } from "../../src/core/yaml.ts";
import { validatePaths } from "../../src/validate/validate.ts";
import { tempTree } from "./helpers.ts";

const ns = (name: string) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
const git = (name: string) => ({
  apiVersion: "source.toolkit.fluxcd.io/v1",
  kind: "GitRepository",
  metadata: { name, namespace: "flux-system" },
  spec: { url: "https://example.org/r", interval: "1m" },
});
const ks = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: "kustomize.toolkit.fluxcd.io/v1",
  kind: "Kustomization",
  metadata: { name, namespace: "flux-system" },
  spec: {
    interval: "10m",
    prune: true,
    path: `./${name}`,
    sourceRef: { kind: "GitRepository", name: "flux-system" },
    ...spec,
  },
});
const hr = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: "helm.toolkit.fluxcd.io/v2",
  kind: "HelmRelease",
  metadata: { name, namespace: "flux-system" },
  spec: { interval: "1m", ...spec },
});

async function refs(objects: object[], extra: Record<string, string> = {}) {
  const dir = tempTree({ "all.yaml": objects.map((o) => stringifyYaml(o)).join("---\n"), ...extra });
  const r = await validatePaths([dir], { schemas: { catalog: false }, treeRoot: dir, secretPolicy: false });
  return r.diagnostics
    .filter((d) => d.rule?.startsWith("ref/"))
    .map((d) => `${d.resource} ${d.rule}: ${d.message}`);
}

describe("cross-resource references", () => {
  const base = [ns("flux-system"), git("flux-system")];
  const dirs = {
    "a/kustomization.yaml": "resources: [x.yaml]\n",
    "a/x.yaml": "",
    "b/.keep": "",
    "c/.keep": "",
  };

  it("accepts a consistent tree", async () => {
    const objs = [
      ...base,
      ks("a"),
      ks("b", { dependsOn: [{ name: "a" }] }),
      ks("c", { dependsOn: [{ name: "b" }] }),
    ];
    expect(await refs(objs, dirs)).toEqual([]);
  });

  it("reports missing Flux sources and dependsOn targets", async () => {
    const objs = [
      ...base,
      ks("a", { sourceRef: { kind: "OCIRepository", name: "nope" } }),
      ks("b", { dependsOn: [{ name: "ghost" }] }),
    ];
    expect(await refs(objs, dirs)).toEqual([
      "Kustomization flux-system/a ref/sourceRef: refers to OCIRepository flux-system/nope, which is not defined",
      "Kustomization flux-system/b ref/dependsOn: refers to Kustomization flux-system/ghost, which is not defined",
    ]);
  });

  it("prints dependsOn cycles", async () => {
    const objs = [
      ...base,
      ks("a", { dependsOn: [{ name: "c" }] }),
      ks("b", { dependsOn: [{ name: "a" }] }),
      ks("c", { dependsOn: [{ name: "b" }] }),
    ];
    expect(await refs(objs, dirs)).toEqual([
      "Kustomization flux-system/a ref/dependsOn-cycle: dependsOn cycle: Kustomization flux-system/a → Kustomization flux-system/c → Kustomization flux-system/b → Kustomization flux-system/a",
    ]);
  });

  it("checks HelmRelease chart sources, chartRef and valuesFrom (optional or produced in-cluster is fine)", async () => {
    const repo = {
      apiVersion: "source.toolkit.fluxcd.io/v1",
      kind: "HelmRepository",
      metadata: { name: "charts", namespace: "flux-system" },
      spec: { url: "https://c" },
    };
    const infisical = {
      apiVersion: "secrets.infisical.com/v1alpha1",
      kind: "InfisicalSecret",
      metadata: { name: "tok", namespace: "flux-system" },
      spec: { managedSecretReference: { secretName: "frp-token", secretNamespace: "flux-system" } },
    };
    const good = hr("ok", {
      chart: { spec: { chart: "x", sourceRef: { kind: "HelmRepository", name: "charts" } } },
      valuesFrom: [
        { kind: "Secret", name: "frp-token" },
        { kind: "ConfigMap", name: "maybe", optional: true },
      ],
    });
    const bad = hr("bad", {
      chartRef: { kind: "OCIRepository", name: "missing" },
      valuesFrom: [{ kind: "ConfigMap", name: "values" }],
    });
    expect(await refs([...base, repo, infisical, good, bad])).toEqual([
      "HelmRelease flux-system/bad ref/chartRef: refers to OCIRepository flux-system/missing, which is not defined",
      "HelmRelease flux-system/bad ref/valuesFrom: refers to ConfigMap flux-system/values, which is not defined (mark it optional: true if it may be absent)",
    ]);
  });

  it("checks substituteFrom", async () => {
    const cm = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "vars", namespace: "flux-system" },
      data: { a: "1" },
    };
    const objs = [
      ...base,
      cm,
      ks("a", {
        postBuild: {
          substituteFrom: [
            { kind: "ConfigMap", name: "vars" },
            { kind: "Secret", name: "secret-vars" },
          ],
        },
      }),
    ];
    expect(await refs(objs, dirs)).toEqual([
      "Kustomization flux-system/a ref/substituteFrom: refers to Secret flux-system/secret-vars, which is not defined (mark it optional: true if it may be absent)",
    ]);
  });

  it("checks Kustomization paths and the files their kustomization.yaml lists", async () => {
    const objs = [...base, ks("a"), ks("missing")];
    const tree = {
      "a/kustomization.yaml": "resources:\n  - x.yaml\n  - gone.yaml\n  - https://example.org/remote.yaml\n",
      "a/x.yaml": "",
    };
    expect(await refs(objs, tree)).toEqual([
      "Kustomization flux-system/a ref/path: a/kustomization.yaml lists gone.yaml, which does not exist",
      "Kustomization flux-system/missing ref/path: path ./missing does not exist in the repository tree",
    ]);
  });

  it("matches Compositions to XRDs and pipeline steps to Functions", async () => {
    const xrd = {
      apiVersion: "apiextensions.crossplane.io/v2",
      kind: "CompositeResourceDefinition",
      metadata: { name: "gateways.platform.example.org" },
      spec: {
        group: "platform.example.org",
        names: { kind: "Gateway", plural: "gateways" },
        versions: [{ name: "v1alpha1" }],
      },
    };
    const fn = {
      apiVersion: "pkg.crossplane.io/v1",
      kind: "Function",
      metadata: { name: "kiln-gateway" },
      spec: { package: "x" },
    };
    const comp = (name: string, apiVersion: string, kind: string, fnName: string) => ({
      apiVersion: "apiextensions.crossplane.io/v1",
      kind: "Composition",
      metadata: { name },
      spec: {
        compositeTypeRef: { apiVersion, kind },
        mode: "Pipeline",
        pipeline: [{ step: "s", functionRef: { name: fnName } }],
      },
    });
    const objs = [
      xrd,
      fn,
      comp("good", "platform.example.org/v1alpha1", "Gateway", "kiln-gateway"),
      comp("wrong-version", "platform.example.org/v1", "Gateway", "kiln-gateway"),
      comp("no-xrd", "platform.example.org/v1alpha1", "Tunnel", "missing-fn"),
    ];
    expect(await refs(objs)).toEqual([
      "Composition wrong-version ref/compositeTypeRef: the XRD for Gateway defines versions v1alpha1, not v1",
      "Composition no-xrd ref/compositeTypeRef: compositeTypeRef platform.example.org/v1alpha1 Tunnel matches no CompositeResourceDefinition",
      "Composition no-xrd ref/functionRef: refers to Function missing-fn, which is not defined",
    ]);
  });

  it("requires namespaces of namespaced objects to exist (built-in ones always do)", async () => {
    const cm = (n: string) => ({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "c", namespace: n },
      data: {},
    });
    expect(await refs([ns("apps"), cm("apps"), cm("kube-system"), cm("nowhere")])).toEqual([
      "ConfigMap nowhere/c ref/namespace: namespace nowhere is not defined (add a Namespace object)",
    ]);
  });
});
