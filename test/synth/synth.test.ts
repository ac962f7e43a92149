import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { mkdir, readdir, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { defineControlPlane, renderControlPlane, synth } from "kiln";
import { describe, expect, it } from "vitest";
import { layoutFiles } from "../../src/synth/layout.ts";
import { toYaml } from "../../src/synth/serialize.ts";
import { validatePaths } from "../../src/validate/validate.ts";

const fixture = path.join(import.meta.dirname, "../fixtures/ok");
const tmp = () => mkdtempSync(path.join(os.tmpdir(), "kiln-synth-"));

async function readTree(dir: string, rel = ""): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(path.join(dir, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) Object.assign(out, await readTree(dir, p));
    else out[p] = await readFile(path.join(dir, p), "utf8");
  }
  return out;
}

describe("serialize", () => {
  it("orders keys conventionally at the top and in metadata, sorted below with name first", () => {
    const text = toYaml({
      spec: { zeta: 1, alpha: [{ value: 1, name: "x" }] },
      metadata: { labels: { b: "2", a: "1" }, namespace: "ns", name: "web" },
      kind: "ConfigMap",
      apiVersion: "v1",
      data: { k: "v", dropped: undefined },
    });
    expect(text).toBe(
      [
        "apiVersion: v1",
        "kind: ConfigMap",
        "metadata:",
        "  name: web",
        "  namespace: ns",
        "  labels:",
        '    a: "1"',
        '    b: "2"',
        "spec:",
        "  alpha:",
        "    - name: x",
        "      value: 1",
        "  zeta: 1",
        "data:",
        "  k: v",
        "",
      ].join("\n"),
    );
  });
});

describe("serialize __proto__", () => {
  it("keeps a __proto__ key as data", () => {
    const data = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}');
    const text = toYaml({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" }, data });
    expect(text).toContain("data:\n  __proto__:\n    polluted: true\n  a: 1\n");
  });
});

describe("synth", () => {
  it("lays out one folder per unit with kustomization.yaml files", async () => {
    const files = layoutFiles((await renderControlPlane(fixture)).graph);
    expect([...files.keys()].sort()).toEqual([
      "clusters/home/apps/kustomization.yaml",
      "clusters/home/apps/web/configmap-web.yaml",
      "clusters/home/apps/web/kustomization.yaml",
      "clusters/home/kustomization-apps.yaml",
      "clusters/home/kustomization-sources.yaml",
      "clusters/home/kustomization.yaml",
      "clusters/home/sources/gitrepository-flux-system.yaml",
      "clusters/home/sources/kustomization.yaml",
      "clusters/home/sources/namespace-flux-system.yaml",
    ]);
    expect(files.get("clusters/home/kustomization.yaml")).toBe(
      "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - kustomization-apps.yaml\n  - kustomization-sources.yaml\n",
    );
    expect(files.get("clusters/home/apps/kustomization.yaml")).toContain("resources:\n  - web\n");
  });

  it("is deterministic: two builds give byte-identical trees", async () => {
    const a = tmp();
    const b = tmp();
    await synth((await renderControlPlane(fixture)).graph, path.join(a, "out"));
    await synth((await renderControlPlane(fixture)).graph, path.join(b, "out"));
    const ta = await readTree(path.join(a, "out"));
    const tb = await readTree(path.join(b, "out"));
    expect(Object.keys(ta).length).toBeGreaterThan(5);
    expect(ta).toEqual(tb);
  });

  it("writes one multi-document file per unit when asked", async () => {
    const files = layoutFiles((await renderControlPlane(fixture)).graph, { files: "unit" });
    expect([...files.keys()].sort()).toEqual([
      "clusters/home/_resources.yaml",
      "clusters/home/apps/kustomization.yaml",
      "clusters/home/apps/web.yaml",
      "clusters/home/kustomization.yaml",
      "clusters/home/sources/_resources.yaml",
      "clusters/home/sources/kustomization.yaml",
    ]);
    expect(files.get("clusters/home/_resources.yaml")).toMatch(
      /^apiVersion: kustomize.toolkit.fluxcd.io\/v1\n[\s\S]*\n---\napiVersion: kustomize/,
    );
    expect(files.get("clusters/home/apps/kustomization.yaml")).toContain("resources:\n  - web.yaml\n");
  });

  it("writes JSON when asked", async () => {
    const files = layoutFiles((await renderControlPlane(fixture)).graph, { format: "json" });
    const cm = JSON.parse(files.get("clusters/home/apps/web/configmap-web.json")!);
    expect(Object.keys(cm)).toEqual(["apiVersion", "kind", "metadata", "data"]);
  });

  it("leaves the previous tree intact when a write fails midway", async () => {
    const dir = path.join(tmp(), "out");
    await synth((await renderControlPlane(fixture)).graph, dir);
    const before = await readTree(dir);
    const { graph } = await renderControlPlane(fixture, { overrides: { domain: "changed.example" } });
    let n = 0;
    await expect(
      synth(graph, dir, {
        afterFile: () => {
          if (++n === 3) throw new Error("disk full (injected)");
        },
      }),
    ).rejects.toThrow("disk full (injected)");
    expect(await readTree(dir)).toEqual(before);
    expect((await readdir(path.dirname(dir))).filter((f) => f.startsWith("."))).toEqual([]);
  });

  it("removes stale files from a folder it owns", async () => {
    const dir = path.join(tmp(), "out");
    await synth((await renderControlPlane(fixture)).graph, dir);
    writeFileSync(path.join(dir, "clusters/home/stale.yaml"), "x: 1\n");
    await synth((await renderControlPlane(fixture)).graph, dir);
    expect(existsSync(path.join(dir, "clusters/home/stale.yaml"))).toBe(false);
  });

  it("refuses to replace a non-empty folder it does not own", async () => {
    const dir = path.join(tmp(), "mine");
    await mkdir(dir);
    writeFileSync(path.join(dir, "precious.txt"), "keep me");
    await expect(synth((await renderControlPlane(fixture)).graph, dir)).rejects.toThrow(
      /refusing to replace .*it is not empty and has no \.kiln-output marker/,
    );
    expect(readFileSync(path.join(dir, "precious.txt"), "utf8")).toBe("keep me");
  });
});

describe("a cluster as flux bootstrap leaves it", () => {
  const plane = defineControlPlane({
    name: "quick",
    repoPath: "./clusters-out",
    inputs: { domain: "example.com" },
    build({ inputs, cluster }) {
      const home = cluster("home", { bootstrap: { url: "https://github.com/example/homelab" } });
      const sources = home.layer("sources");
      const apps = home.layer("apps", { dependsOn: [sources] });
      apps.app("web").add({
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "web", namespace: "default" },
        data: { domain: inputs.domain },
      });
    },
  });

  it("declares the namespace, GitRepository and sync Kustomization bootstrap creates", async () => {
    const files = layoutFiles((await renderControlPlane(plane)).graph);
    expect(files.get("clusters/home/gitrepository-flux-system.yaml")).toBe(
      "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1m0s\n  ref:\n    branch: main\n  url: https://github.com/example/homelab\n",
    );
    expect(files.get("clusters/home/kustomization-flux-system.yaml")).toContain(
      "  path: ./clusters-out/clusters/home\n",
    );
    expect(files.get("clusters/home/namespace-flux-system.yaml")).toBe(
      "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: flux-system\n",
    );
  });

  it("writes an empty layer's folder, so its Kustomization's path exists", async () => {
    const files = layoutFiles((await renderControlPlane(plane)).graph);
    expect(files.get("clusters/home/sources/kustomization.yaml")).toBe(
      "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: []\n",
    );
  });

  it("builds with no findings: the README's example is complete", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "kiln-quick-"));
    await synth((await renderControlPlane(plane)).graph, path.join(dir, "clusters-out"));
    const report = await validatePaths([path.join(dir, "clusters-out")], {
      schemas: { catalog: false },
      treeRoot: dir,
    });
    expect(report.diagnostics.filter((d) => d.severity === "error" && d.rule !== "schema/missing")).toEqual(
      [],
    );
  });
});
