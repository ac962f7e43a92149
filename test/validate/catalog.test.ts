import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CATALOG } from "../../src/validate/catalog-data.ts";
import { SchemaRegistry } from "../../src/validate/registry.ts";
import { validatePaths } from "../../src/validate/validate.ts";
import { MIRROR_SKIP, mirrorDir } from "../helpers/env.ts";
import { tempTree } from "./helpers.ts";

const mirror = mirrorDir();
const freshCache = () => mkdtempSync(path.join(os.tmpdir(), "kiln-cache-"));

describe.skipIf(!mirror)(`built-in catalog (${mirror ? "mirror present" : MIRROR_SKIP})`, () => {
  const index = mirror
    ? (JSON.parse(readFileSync(path.join(mirror, "index.json"), "utf8")) as Array<{
        url: string;
        path: string;
        sha256: string;
        bytes: number;
      }>)
    : [];

  it("pins every CRD file of the mirror, with the same sha256 and size", () => {
    const pinned = new Map(
      CATALOG.flatMap((c) => c.files.map(([f, sha, size]) => [c.base + f, `${sha}/${size}`] as const)),
    );
    // The mirror also holds JSON schemas that are not CRDs (Talos, vcluster, chainsaw's tests).
    const crds = index.filter((e) =>
      /^kind: CustomResourceDefinition$/m.test(readFileSync(path.join(mirror!, e.path), "utf8")),
    );
    expect(crds.length).toBeGreaterThan(280);
    expect(pinned.size).toBe(crds.length);
    for (const e of crds) expect(pinned.get(e.url), e.url).toBe(`${e.sha256}/${e.bytes}`);
    expect([...new Set(CATALOG.map((c) => c.project))].sort()).toEqual([
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

  it("is what scripts/catalog-data.mjs makes from the mirror's index", () => {
    const r = spawnSync(process.execPath, ["scripts/catalog-data.mjs", mirror!, "--check"], {
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("finds the schema of a kind whose CRD file is not named after its group (Argo CD)", async () => {
    const dir = tempTree({
      "app.yaml":
        "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: a\n  namespace: argocd\nspec:\n  project: default\n  destination:\n    server: https://kubernetes.default.svc\n  source:\n    repoURL: https://example.org/r\n    path: apps\n",
    });
    const r = await validatePaths([dir], {
      schemas: { mirror: mirror!, cacheDir: freshCache(), network: false },
      secretPolicy: false,
    });
    expect(r.summary.withoutSchema).toBe(0);
  });

  it("resolves schemas from the mirror, only for groups in use, and validates with them", async () => {
    const dir = tempTree({
      "ks.yaml":
        "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: a\n  namespace: default\nspec:\n  interval: 1m\n  sourceRef:\n    kind: GitRepository\n    name: r\n",
    });
    const r = await validatePaths([dir], {
      schemas: { mirror: mirror!, cacheDir: freshCache(), network: false },
      secretPolicy: false,
    });
    expect(r.notes).toEqual([]);
    expect(r.summary.withoutSchema).toBe(0);
    expect(r.diagnostics.filter((d) => d.rule?.startsWith("schema")).map((d) => [d.rule, d.path])).toEqual([
      ["schema/required", "spec.prune"],
    ]);
  });

  it("covers a kind from every catalog project", async () => {
    const reg = await SchemaRegistry.create({ mirror: mirror!, cacheDir: freshCache(), network: false });
    const kinds: Array<[string, string]> = [
      ["source.toolkit.fluxcd.io/v1", "GitRepository"],
      ["helm.toolkit.fluxcd.io/v2", "HelmRelease"],
      ["apiextensions.crossplane.io/v1", "Composition"],
      ["droplet.digitalocean.m.crossplane.io/v1alpha1", "Droplet"],
      ["cert-manager.io/v1", "ClusterIssuer"],
      ["traefik.io/v1alpha1", "IngressRoute"],
      ["secrets.infisical.com/v1alpha1", "InfisicalSecret"],
    ];
    await reg.ensureGroups(kinds.map(([av]) => av.split("/")[0]!));
    for (const [av, k] of kinds) expect(reg.find(av, k)?.kind, `${av} ${k}`).toBe(k);
    expect(reg.notes).toEqual([]);
  });

  it("refuses a mirror file whose sha256 differs from the pin (and says so), without failing the run", async () => {
    const bad = mkdtempSync(path.join(os.tmpdir(), "kiln-mirror-"));
    const entry = CATALOG.find((c) => c.project === "infisical")!;
    for (const [f] of entry.files) {
      const rel = new URL(entry.base + f);
      const to = path.join(bad, rel.host, rel.pathname);
      mkdirSync(path.dirname(to), { recursive: true });
      cpSync(path.join(mirror!, rel.host, rel.pathname), to);
      writeFileSync(to, `${readFileSync(to, "utf8")}\n# tampered\n`);
    }
    const reg = await SchemaRegistry.create({
      mirror: bad,
      cacheDir: freshCache(),
      network: false,
      catalog: ["infisical"],
    });
    await reg.ensureGroups(["secrets.infisical.com"]);
    expect(reg.find("secrets.infisical.com/v1alpha1", "InfisicalSecret")).toBeUndefined();
    expect(reg.allNotes().some((n) => n.includes("does not match the catalog's sha256"))).toBe(true);
  });
});

describe("catalog without a mirror", () => {
  it("reports unavailable sources as notes when offline, and the kinds as without schema", async () => {
    const dir = tempTree({
      "s.yaml":
        "apiVersion: secrets.infisical.com/v1alpha1\nkind: InfisicalSecret\nmetadata:\n  name: a\n  namespace: default\n",
    });
    const empty = mkdtempSync(path.join(os.tmpdir(), "kiln-mirror-"));
    const r = await validatePaths([dir], {
      schemas: { mirror: empty, cacheDir: freshCache(), network: false, catalog: ["infisical"] },
    });
    expect(r.summary.withoutSchema).toBe(1);
    expect(r.notes.length).toBeGreaterThan(0);
    // One note per project, however many of its files are missing.
    expect(r.notes.filter((n) => n.startsWith("catalog (infisical)"))).toHaveLength(1);
    expect(r.notes[0]).toMatch(
      /^catalog \(infisical\): \d+ pinned CRD files unavailable \(set KILN_MIRROR or --mirror to a mirror folder\); first: cannot get https:\/\/raw\.githubusercontent\.com\//,
    );
  });
});
