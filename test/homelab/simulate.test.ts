/**
 * `kiln simulate` of each cluster's Gateway: the real kiln function (platform/function.ts) runs
 * the rendered XR to convergence against the simulated DigitalOcean provider, and what it
 * composes carries this cluster's inputs and tunnel.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { type KubeObject, ResourceGraph, renderControlPlane, validateGraph } from "kiln";
import { simulate } from "kiln/function";
import { crdSchemasFromText } from "kiln/import";
import { describe, expect, it } from "vitest";
import { frpsToml, tunnel } from "../../examples/homelab/frp.ts";
import { clusterInputs, inputs } from "../../examples/homelab/inputs.ts";
import config from "../../examples/homelab/kiln.config.ts";
import { pipelineOf } from "../../src/functions/render/pipeline.ts";
import { resolveRunners } from "../../src/functions/render/runners.ts";
import { kiln } from "../helpers/cli.ts";
import { mirrorDir, ROOT } from "../helpers/env.ts";

const HOMELAB = path.join(ROOT, "examples/homelab");
const { graph } = await renderControlPlane(HOMELAB);
/** Each cluster's Gateway with its cluster's Composition and Functions (run from their TypeScript modules). */
const gateways = graph
  .nodes()
  .filter((n) => n.id.kind === "Gateway")
  .map((xr) => {
    const mine = graph.nodes().filter((n) => n.id.cluster === xr.id.cluster);
    const composition = mine.find((n) => n.id.kind === "Composition")!;
    const functions = mine
      .filter((n) => n.id.kind === "Function" && n.id.group === "pkg.crossplane.io")
      .map((n) => ({ object: n.object, location: {}, baseDir: HOMELAB }));
    return { xr, composition, functions };
  });
type Managed = KubeObject & { spec: { forProvider: Record<string, any> } };

describe("kiln simulate of the gateway", () => {
  it("has one Gateway per cluster", () => {
    expect(gateways.map((x) => `${x.xr.id.cluster}/${x.xr.id.namespace}/${x.xr.id.name}`).sort()).toEqual([
      "home/gateway/gateway",
      "lab/gateway/gateway",
    ]);
  });

  for (const { xr, composition, functions } of gateways) {
    const cluster = xr.id.cluster!;
    it(`converges in cluster ${cluster}, composing from the cluster's inputs`, async () => {
      const runners = await resolveRunners(
        functions,
        pipelineOf(composition.object).map((s) => s.functionRef.name),
      );
      const r = await simulate({ xr: xr.object, composition: composition.object, runners });
      for (const run of runners.values()) run.close?.();
      expect(r.reason).toBeUndefined();
      expect(r.converged).toBe(true);
      const cfg = clusterInputs(inputs, cluster);
      const o = r.observed as Record<string, Managed>;
      expect(Object.keys(o).sort()).toEqual(["domain", "droplet", "image", "record-apex", "record-wildcard"]);
      expect(o.image!.spec.forProvider).toMatchObject({
        url: cfg.digitalocean.imageUrl,
        regions: [cfg.digitalocean.region],
      });
      const droplet = o.droplet!.spec.forProvider;
      expect(droplet).toMatchObject({ region: cfg.digitalocean.region, size: cfg.digitalocean.size });
      expect(droplet.sshKeys).toEqual(cfg.digitalocean.sshKeyFingerprints);
      // The tunnel's server config reaches the VPS through user-data, token still a template.
      expect(droplet.userData).toContain(frpsToml(tunnel(cfg)).split("\n")[1]);
      expect(droplet.userData).toContain("{{ .Envs.FRP_TOKEN }}");
      const ip = (o.droplet as { status?: { atProvider?: { ipv4Address?: string } } }).status?.atProvider
        ?.ipv4Address;
      expect(o["record-apex"]!.spec.forProvider).toMatchObject({
        domain: cfg.domain,
        name: "@",
        type: "A",
        value: ip,
      });
      expect(o["record-wildcard"]!.spec.forProvider).toMatchObject({
        domain: cfg.domain,
        name: "*",
        value: ip,
      });
      expect((r.observedXr.status as Record<string, unknown>).fqdn).toBe(cfg.domain);

      // What the function composes fits the provider's pinned CRDs.
      const mirror = mirrorDir();
      if (!mirror) return;
      const kindSchemas = (config.crds ?? [])
        .map((s) => String(s))
        .filter((u) => u.includes("provider-upjet-digitalocean"))
        .flatMap(
          (u) =>
            crdSchemasFromText(readFileSync(path.join(mirror, u.replace(/^https:\/\//, "")), "utf8"), u)
              .kinds,
        );
      const composed = new ResourceGraph();
      // The cluster has the XR's namespace; reference checks look for it.
      composed.add(
        { apiVersion: "v1", kind: "Namespace", metadata: { name: xr.id.namespace! } },
        { unit: [] },
      );
      for (const m of Object.values(o)) composed.add({ ...m, status: undefined } as KubeObject, { unit: [] });
      const report = await validateGraph(composed, {
        strict: true,
        kindSchemas,
        schemas: { catalog: false },
      });
      expect(report.diagnostics).toEqual([]);
    });
  }

  it("the CLI prints each trace and exits 0", () => {
    const r = kiln(["simulate", "examples/homelab"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout.match(/^converged after \d+ steps$/gm)).toHaveLength(2);
  });
});
