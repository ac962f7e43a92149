/**
 * Imports every CRD in ../shared/mirror (its CRD files; the JSON schemas there are not CRDs) the way a project does, offline through the
 * mirror, then type-checks the generated modules with tsc under the repository's options and
 * validates real objects (a HelmRelease, a Droplet) with the imported schemas.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { compileValidator } from "kiln/import";
import { describe, expect, it } from "vitest";
import { importProject } from "../../src/import/project.ts";
import { MIRROR_SKIP, mirrorDir } from "../helpers/env.ts";
import { typecheck } from "../import/typecheck.ts";

const mirror = mirrorDir();

describe.skipIf(!mirror)(`kiln import of every mirrored CRD${mirror ? "" : ` (${MIRROR_SKIP})`}`, () => {
  it("imports every CRD file, type-checks the output and validates real objects", async () => {
    const index = (
      JSON.parse(readFileSync(path.join(mirror!, "index.json"), "utf8")) as Array<{
        url: string;
        path: string;
        sha256: string;
        bytes: number;
      }>
    ).filter((e) =>
      /^kind: CustomResourceDefinition$/m.test(readFileSync(path.join(mirror!, e.path), "utf8")),
    );
    expect(index.length).toBeGreaterThan(280);
    const dir = mkdtempSync(path.join(os.tmpdir(), "kiln-import-all-"));
    const r = await importProject(
      { dir, config: { crds: index.map((e) => e.url) }, configFile: path.join(dir, "kiln.config.ts") },
      { mirror, offline: true, cacheDir: mkdtempSync(path.join(os.tmpdir(), "kiln-cache-")) },
    );
    expect(r.origins).toEqual({ mirror: index.length });
    // The lockfile pins exactly what the mirror's own index says.
    const lock = JSON.parse(readFileSync(path.join(dir, "kiln.lock"), "utf8")) as {
      artifacts: Array<{ url: string; sha256: string; size: number }>;
    };
    expect(new Map(lock.artifacts.map((a) => [a.url, [a.sha256, a.size]]))).toEqual(
      new Map(index.map((e) => [e.url, [e.sha256, e.bytes]])),
    );
    expect(r.kinds.length).toBeGreaterThanOrEqual(210);

    const out = path.join(dir, ".kiln/imports");
    const usage = `import type * as all from "./index.js";
import type { Droplet } from "./droplet.digitalocean.m.crossplane.io/v1alpha1.js";
import type { HelmRelease } from "./helm.toolkit.fluxcd.io/v2.js";
export const droplet: Droplet = {
  apiVersion: "droplet.digitalocean.m.crossplane.io/v1alpha1",
  kind: "Droplet",
  metadata: { name: "gateway", namespace: "platform" },
  spec: { forProvider: { name: "gateway", region: "fra1", size: "s-1vcpu-1gb", image: "123" } },
};
export const release: HelmRelease = {
  apiVersion: "helm.toolkit.fluxcd.io/v2",
  kind: "HelmRelease",
  metadata: { name: "traefik", namespace: "flux-system" },
  spec: { interval: "10m", chart: { spec: { chart: "traefik", sourceRef: { kind: "HelmRepository", name: "traefik" } } }, values: { any: { thing: 1 } } },
};
export type Everything = typeof all;
`;
    writeFileSync(path.join(out, "usage.ts"), usage);
    const files = [...r.files.filter((f) => f.endsWith(".ts")), "usage.ts"].map((f) => path.join(out, f));
    expect(typecheck(out, files)).toEqual([]);

    const kind = (apiVersion: string, k: string) =>
      r.kinds.find((x) => x.apiVersion === apiVersion && x.kind === k)!;
    const hr = compileValidator(kind("helm.toolkit.fluxcd.io/v2", "HelmRelease"));
    const release = {
      apiVersion: "helm.toolkit.fluxcd.io/v2",
      kind: "HelmRelease",
      metadata: { name: "t", namespace: "f" },
      spec: {
        interval: "10m",
        chart: { spec: { chart: "traefik", sourceRef: { kind: "HelmRepository", name: "traefik" } } },
        values: { a: 1 },
      },
    };
    expect(hr(release)).toEqual([]);
    expect(
      hr({ ...release, spec: { ...release.spec, interval: "ten minutes" } }).map(
        (i) => `${i.rule} ${i.path.join(".")}`,
      ),
    ).toEqual(["schema/pattern spec.interval"]);
    const droplet = compileValidator(kind("droplet.digitalocean.m.crossplane.io/v1alpha1", "Droplet"));
    const d = {
      apiVersion: "droplet.digitalocean.m.crossplane.io/v1alpha1",
      kind: "Droplet",
      metadata: { name: "g", namespace: "p" },
      spec: { forProvider: { name: "g", region: "fra1", size: "s-1vcpu-1gb", image: "1" } },
    };
    expect(droplet(d)).toEqual([]);
    expect(
      droplet({ ...d, spec: { forProvider: { ...d.spec.forProvider, sshKeys: "not-a-list" } } }).map(
        (i) => i.rule,
      ),
    ).toEqual(["schema/type"]);
  });
});
