import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { defineControlPlane } from "../../src/model/control-plane.ts";
import { renderControlPlane } from "../../src/model/render.ts";
import { synth } from "../../src/synth/synth.ts";
import { validateBuild } from "../../src/validate/build-step.ts";
import { validateGraph } from "../../src/validate/validate.ts";
import { kiln } from "../helpers/cli.ts";
import { MIRROR_SKIP, mirrorDir } from "../helpers/env.ts";

const mirror = mirrorDir();

const cp = (broken: boolean) =>
  defineControlPlane({
    name: "t",
    repoPath: "./deploy",
    inputs: {},
    build({ cluster }) {
      for (const name of ["home", "lab"]) {
        const c = cluster(name);
        const sources = c.layer("sources");
        sources.add({ apiVersion: "v1", kind: "Namespace", metadata: { name: "flux-system" } });
        if (name === "home" || !broken)
          sources.add({ apiVersion: "v1", kind: "Namespace", metadata: { name: "apps" } });
        sources.add({
          apiVersion: "source.toolkit.fluxcd.io/v1",
          kind: "GitRepository",
          metadata: { name: "flux-system", namespace: "flux-system" },
          spec: { interval: "1m", url: "https://example.org/repo", ref: { branch: "main" } },
        });
        const apps = c.layer("apps");
        apps.add({
          apiVersion: "v1",
          kind: "ConfigMap",
          metadata: { name: "settings", namespace: "apps" },
          data: { a: "1" },
        });
        if (broken) {
          apps.add({
            apiVersion: "kustomize.toolkit.fluxcd.io/v1",
            kind: "Kustomization",
            metadata: { name: "extra", namespace: "flux-system" },
            spec: {
              interval: "1m",
              prune: true,
              path: `./deploy/clusters/${name}/nowhere`,
              sourceRef: { kind: "GitRepository", name: "flux-system" },
            },
          });
        }
      }
    },
  });

async function build(broken: boolean) {
  const { graph } = await renderControlPlane(cp(broken));
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), "kiln-build-")), "deploy");
  await synth(graph, out);
  const log: string[] = [];
  const run = validateBuild(graph, {
    outDir: out,
    repoPath: "./deploy",
    mirror: mirror!,
    offline: true,
    log: (l) => log.push(l),
  });
  return { run, log };
}

describe.skipIf(!mirror)(`validation in kiln build (${mirror ? "mirror present" : MIRROR_SKIP})`, () => {
  it("passes a consistent control plane, checking generated Kustomization paths in the written tree", async () => {
    const { run, log } = await build(false);
    const report = await run;
    expect(report.summary).toMatchObject({ errors: 0, warnings: 0, withoutSchema: 0 });
    expect(log).toEqual([expect.stringMatching(/^✓ \d+ resources in 1 file, 0 errors/)]);
  });

  it("fails on errors, names the cluster and keeps each cluster's references to itself", async () => {
    const { run, log } = await build(true);
    await expect(run).rejects.toThrow(/^validation failed: 3 errors/);
    const text = log.join("\n");
    expect(text).toContain(
      "Kustomization flux-system/extra (cluster home) spec.path: path ./deploy/clusters/home/nowhere does not exist",
    );
    expect(text).toContain(
      "Kustomization flux-system/extra (cluster lab) spec.path: path ./deploy/clusters/lab/nowhere does not exist",
    );
    // "apps" exists in home only: lab's ConfigMap is reported even though home has the namespace.
    expect(text).toContain(
      "ConfigMap apps/settings (cluster lab) metadata.namespace: namespace apps is not defined",
    );
    expect(text).not.toContain("(cluster home) metadata.namespace");
    // Located at the user's source line (this file).
    expect(text).toContain("test/validate/graph.test.ts");
  });

  it("kiln build examples/homelab runs validation and passes", () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), "kiln-homelab-")), "out");
    const r = kiln(["build", "examples/homelab", "--out", out], {
      env: { KILN_MIRROR: mirror!, KILN_OFFLINE: "1" },
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /✓ \d+ resources in \d+ files, 0 errors, 0 warnings, 0 without schema, \d+ CEL rules evaluated/,
    );
  });
});

describe("an XRD of a control plane types only the XRs of its own cluster", () => {
  const xrd = {
    apiVersion: "apiextensions.crossplane.io/v2",
    kind: "CompositeResourceDefinition",
    metadata: { name: "greetings.example.org" },
    spec: {
      group: "example.org",
      names: { kind: "Greeting", plural: "greetings" },
      scope: "Namespaced",
      versions: [
        {
          name: "v1",
          served: true,
          referenceable: true,
          schema: {
            openAPIV3Schema: {
              type: "object",
              properties: { spec: { type: "object", properties: { domain: { type: "string" } } } },
            },
          },
        },
      ],
    },
  };
  const plane = (labXrd: boolean) =>
    defineControlPlane({
      name: "t",
      inputs: {},
      build({ cluster }) {
        for (const name of ["home", "lab"]) {
          const layer = cluster(name).layer("platform");
          layer.add({ apiVersion: "v1", kind: "Namespace", metadata: { name: "apps" } });
          if (name === "home" || labXrd) layer.add(xrd);
          layer.add({
            apiVersion: "example.org/v1",
            kind: "Greeting",
            metadata: { name: "hi", namespace: "apps" },
            spec: { domain: 7 },
          });
        }
      },
    });

  it("home's XR is validated; lab's has no schema, and the finding names cluster home", async () => {
    const r = await validateGraph((await renderControlPlane(plane(false))).graph, {
      schemas: { network: false },
    });
    expect(r.diagnostics.filter((d) => d.rule === "schema/type").map((d) => d.resource)).toEqual([
      "Greeting apps/hi (cluster home)",
    ]);
    const missing = r.diagnostics.filter((d) => d.rule === "schema/missing");
    expect(missing.map((d) => d.resource)).toEqual(["Greeting apps/hi (cluster lab)"]);
    expect(missing[0]!.message).toMatch(
      /; its XRD belongs to another tree: cluster home \(\S*graph\.test\.ts: XRD greetings\.example\.org\); an XRD gives a schema only to the XRs of its own tree$/,
    );
  });

  it("with its own XRD, lab's XR is validated too", async () => {
    const r = await validateGraph((await renderControlPlane(plane(true))).graph, {
      schemas: { network: false },
    });
    expect(r.summary.withoutSchema).toBe(0);
    expect(r.diagnostics.filter((d) => d.rule === "schema/type")).toHaveLength(2);
  });
});
