import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { Lockfile } from "../../src/sources/lockfile.ts";
import { catalogProjects, SchemaRegistry } from "../../src/validate/registry.ts";
import { validatePaths } from "../../src/validate/validate.ts";
import { MIRROR_SKIP, mirrorDir, ROOT } from "../helpers/env.ts";
import { tempTree } from "./helpers.ts";

const mirror = mirrorDir();
const CATALOG = path.join(ROOT, "catalog");
const freshCache = () => mkdtempSync(path.join(os.tmpdir(), "kiln-cache-"));
/** No mirror, no network, an empty cache: only what ships in the package. */
const bare = () => ({ cacheDir: freshCache(), network: false });

const runScript = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", "scripts/catalog-data.ts", ...args], {
    cwd: ROOT,
    encoding: "utf8",
  });

describe.skipIf(!mirror)(
  `built-in catalog against the mirror (${mirror ? "mirror present" : MIRROR_SKIP})`,
  () => {
    const index = mirror
      ? (JSON.parse(readFileSync(path.join(mirror, "index.json"), "utf8")) as Array<{
          url: string;
          path: string;
          sha256: string;
          bytes: number;
        }>)
      : [];

    it("pins every CRD file of the mirror in catalog/kiln.lock, with the same sha256 and size", () => {
      const lock = Lockfile.read(path.join(CATALOG, "kiln.lock"));
      const pinned = new Map(lock.entries().map((e) => [e.url, `${e.sha256}/${e.size}`] as const));
      // The mirror also holds JSON schemas that are not CRDs (Talos, vcluster, chainsaw's tests).
      const crds = index.filter((e) =>
        /^kind: CustomResourceDefinition$/m.test(readFileSync(path.join(mirror!, e.path), "utf8")),
      );
      expect(crds.length).toBeGreaterThan(280);
      expect(pinned.size).toBe(crds.length);
      for (const e of crds) expect(pinned.get(e.url), e.url).toBe(`${e.sha256}/${e.bytes}`);
    });

    it("is exactly what scripts/catalog-data.ts derives from the mirror (no drift)", () => {
      const r = runScript(mirror!, "--check");
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
    });

    it("--check fails, naming the file, when one schema differs from the mirror's", () => {
      const copy = mkdtempSync(path.join(os.tmpdir(), "kiln-catalog-"));
      cpSync(CATALOG, copy, { recursive: true });
      const file = path.join(copy, "flux", "kustomize.toolkit.fluxcd.io.json.gz");
      const data = JSON.parse(gunzipSync(readFileSync(file)).toString("utf8"));
      data.kinds[0].schema.properties.spec.required = [];
      writeFileSync(file, gzipSync(`${JSON.stringify(data)}\n`));
      const r = runScript(mirror!, "--check", `--catalog=${copy}`);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain("flux/kustomize.toolkit.fluxcd.io.json.gz");
    });
  },
);

describe("built-in catalog without mirror, network or cache", () => {
  it("knows every catalog project", () => {
    expect(catalogProjects()).toEqual([
      "argo-cd",
      "cert-manager",
      "chainsaw",
      "crossplane",
      "external-secrets",
      "flux",
      "flux-operator",
      "gateway-api",
      "infisical",
      "kratix",
      "prometheus-operator",
      "provider-digitalocean",
      "traefik",
    ]);
  });

  it("has a kind of every catalog project, with its pinned URL as source", async () => {
    const reg = await SchemaRegistry.create(bare());
    const kinds: Array<[string, string]> = [
      ["source.toolkit.fluxcd.io/v1", "GitRepository"],
      ["helm.toolkit.fluxcd.io/v2", "HelmRelease"],
      ["notification.toolkit.fluxcd.io/v1beta3", "Alert"],
      ["image.toolkit.fluxcd.io/v1", "ImageUpdateAutomation"],
      ["source.extensions.fluxcd.io/v1beta1", "ArtifactGenerator"],
      ["apiextensions.crossplane.io/v1", "Composition"],
      ["droplet.digitalocean.m.crossplane.io/v1alpha1", "Droplet"],
      ["cert-manager.io/v1", "ClusterIssuer"],
      ["traefik.io/v1alpha1", "IngressRoute"],
      ["secrets.infisical.com/v1alpha1", "InfisicalSecret"],
      ["fluxcd.controlplane.io/v1", "FluxInstance"],
      ["argoproj.io/v1alpha1", "Application"],
      ["platform.kratix.io/v1alpha1", "Promise"],
      ["external-secrets.io/v1", "ExternalSecret"],
      ["generators.external-secrets.io/v1alpha1", "Password"],
      ["gateway.networking.k8s.io/v1", "HTTPRoute"],
      ["monitoring.coreos.com/v1", "ServiceMonitor"],
      ["chainsaw.kyverno.io/v1alpha1", "Test"],
    ];
    await reg.ensureGroups(kinds.map(([av]) => av.split("/")[0]!));
    for (const [av, k] of kinds) {
      const found = reg.find(av, k);
      expect(found?.kind, `${av} ${k}`).toBe(k);
      expect(found?.source, `${av} ${k}`).toMatch(/^https:\/\/raw\.githubusercontent\.com\/.+\.yaml$/);
    }
    expect(reg.allNotes()).toEqual([]);
  });

  it("validates with the shipped schemas: required fields and CEL rules are checked", async () => {
    const dir = tempTree({
      "ks.yaml":
        "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: a\n  namespace: default\nspec:\n  interval: 1m\n  sourceRef:\n    kind: GitRepository\n    name: r\n",
      "app.yaml":
        "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: a\n  namespace: argocd\nspec:\n  project: default\n  destination:\n    server: https://kubernetes.default.svc\n  source:\n    repoURL: https://example.org/r\n    path: apps\n",
    });
    const r = await validatePaths([dir], { schemas: bare(), secretPolicy: false });
    expect(r.notes).toEqual([]);
    expect(r.summary.withoutSchema).toBe(0);
    expect(r.diagnostics.filter((d) => d.rule?.startsWith("schema")).map((d) => [d.rule, d.path])).toEqual([
      ["schema/required", "spec.prune"],
    ]);
  });

  it("uses only the projects asked for", async () => {
    const dir = tempTree({
      "s.yaml":
        "apiVersion: secrets.infisical.com/v1alpha1\nkind: InfisicalSecret\nmetadata:\n  name: a\n  namespace: default\n",
    });
    const only = await validatePaths([dir], { schemas: { ...bare(), catalog: ["infisical"] } });
    expect(only.summary.withoutSchema).toBe(0);
    const other = await validatePaths([dir], { schemas: { ...bare(), catalog: ["flux"] } });
    expect(other.summary.withoutSchema).toBe(1);
  });
});
