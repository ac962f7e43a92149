/**
 * The homelab tree as Flux's kustomize-controller sees it: real kustomize (`kubectl kustomize`,
 * kustomize v5) builds every folder a Flux Kustomization points at, and each build yields exactly
 * the objects kiln rendered for it. Also checks, with kustomize itself, the patch that keeps the
 * flux-system Namespace out of Flux's own release manifests.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type KubeObject, parseYamlDocuments, renderControlPlane, synth } from "kiln";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_PATH } from "../../examples/homelab/main.ts";
import { peer, peerSkip, ROOT } from "../helpers/env.ts";

const kubectl = peer("kubectl");

function kustomize(dir: string): KubeObject[] {
  const out = execFileSync(kubectl!, ["kustomize", dir], { encoding: "utf8" });
  return parseYamlDocuments(out, dir)
    .map((d) => d.value as KubeObject)
    .filter(Boolean);
}

const id = (o: KubeObject) => `${o.apiVersion} ${o.kind} ${o.metadata.namespace ?? ""}/${o.metadata.name}`;

describe.skipIf(!kubectl)("homelab tree through kustomize", async () => {
  if (!kubectl) return;
  const { graph } = await renderControlPlane(path.join(ROOT, "examples/homelab"));
  const repo = mkdtempSync(path.join(os.tmpdir(), "kiln-homelab-kustomize-"));
  afterAll(() => rmSync(repo, { recursive: true, force: true }));
  await synth(graph, path.join(repo, REPO_PATH));
  const fluxKustomizations = graph
    .nodes()
    .filter((n) => n.id.kind === "Kustomization" && n.id.group === "kustomize.toolkit.fluxcd.io")
    .filter((n) => (n.object.spec as { sourceRef: { kind: string } }).sourceRef.kind === "GitRepository");

  it("builds every folder a Flux Kustomization applies, to exactly the objects rendered for it", () => {
    expect(fluxKustomizations.length).toBe(12);
    for (const k of fluxKustomizations) {
      const cluster = k.id.cluster!;
      const rel = (k.object.spec as { path: string }).path;
      const built = kustomize(path.join(repo, rel)).map(id).sort();
      // The folder's unit path inside the cluster: "" for the root sync, else the layer's name.
      const layer = rel.slice(`${REPO_PATH}/clusters/${cluster}`.length).replace(/^\//, "");
      const expected = graph
        .nodes()
        .filter((n) => n.id.cluster === cluster)
        .filter((n) => (layer ? n.origin.unit[1] === layer : n.origin.unit.length === 1))
        .map((n) => id(n.object))
        .sort();
      expect(built, rel).toEqual(expected);
    }
  });

  it("the flux components patch drops only the flux-system Namespace from a release's manifests", () => {
    const flux = graph.nodes().find((n) => n.id.name === "flux" && n.id.kind === "Kustomization")!;
    const patches = (flux.object.spec as { patches: unknown[] }).patches;
    const dir = mkdtempSync(path.join(os.tmpdir(), "kiln-flux-patch-"));
    try {
      // The shape of gotk-components.yaml: the Namespace plus the controllers.
      writeFileSync(
        path.join(dir, "gotk-components.yaml"),
        [
          "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: flux-system\n",
          "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: source-controller\n  namespace: flux-system\nspec: {}\n",
        ].join("---\n"),
      );
      writeFileSync(
        path.join(dir, "kustomization.yaml"),
        JSON.stringify({
          apiVersion: "kustomize.config.k8s.io/v1beta1",
          kind: "Kustomization",
          resources: ["gotk-components.yaml"],
          patches,
        }),
      );
      expect(kustomize(dir).map(id)).toEqual(["apps/v1 Deployment flux-system/source-controller"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(kubectl)("homelab tree through kustomize", () => {
  it.skip(peerSkip("kubectl"), () => {});
});
