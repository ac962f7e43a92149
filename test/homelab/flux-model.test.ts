/**
 * kiln build and Flux agree: the homelab's output, read back through the Flux repository model
 * (`kiln flux build`, the model `kiln validate` uses on a repository), applies exactly the
 * objects of the graph kiln rendered — the same identities, each once, with the same content
 * (kustomize-controller's owner labels aside).
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { identityKey, identityOf, type KubeObject, renderControlPlane, synth } from "kiln";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_PATH } from "../../examples/homelab/main.ts";
import { runFluxBuild } from "../../src/flux/command.ts";
import { orderKeys } from "../../src/synth/serialize.ts";
import { ROOT } from "../helpers/env.ts";

const HOMELAB = path.join(ROOT, "examples/homelab");

describe("the homelab's output through the Flux model", async () => {
  const { graph } = await renderControlPlane(HOMELAB);
  // Laid out where its Flux Kustomizations' paths say: <repository>/examples/homelab/out.
  const repo = mkdtempSync(path.join(os.tmpdir(), "kiln-homelab-flux-"));
  afterAll(() => rmSync(repo, { recursive: true, force: true }));
  await synth(graph, path.join(repo, REPO_PATH));
  mkdirSync(path.join(repo, ".git")); // a checkout: Flux paths are relative to its root

  it("applies every object of the graph once, as kiln rendered it", async () => {
    const out = await runFluxBuild(undefined, {
      path: path.join(repo, REPO_PATH),
      output: "json",
      secrets: true,
    });
    expect(out.stderr).toBe("");
    expect(out.exitCode).toBe(0);
    const applied = JSON.parse(out.stdout) as KubeObject[];
    const key = (o: KubeObject) => identityKey(identityOf(o));
    const rendered = graph.objects();
    expect(applied.map(key).sort()).toEqual(rendered.map(key).sort());
    // Content: the same multiset of objects (two clusters share identities), apart from the owner
    // labels kustomize-controller puts on everything it applies.
    const withoutOwner = (o: KubeObject) => {
      const c = structuredClone(o);
      const labels = c.metadata?.labels;
      if (labels) {
        delete labels["kustomize.toolkit.fluxcd.io/name"];
        delete labels["kustomize.toolkit.fluxcd.io/namespace"];
        if (Object.keys(labels).length === 0) delete c.metadata!.labels;
      }
      return JSON.stringify(orderKeys(c));
    };
    expect(applied.map(withoutOwner).sort()).toEqual(rendered.map(withoutOwner).sort());
  });
});
