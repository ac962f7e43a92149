import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { KilnError, renderControlPlane, synth } from "kiln";
import { fileGroup, fileGroups, Match, resources } from "kiln/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fixture } from "./fixture.ts";

const tmp = mkdtempSync(path.join(os.tmpdir(), "kiln-files-"));
const out = path.join(tmp, "out");
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeAll(async () => {
  await synth((await renderControlPlane(fixture)).graph, out);
});

/** Messages name files by absolute path under the temp folder; tests read them as `<tmp>/…`. */
const scrub = (s: string) => s.replaceAll(tmp, "<tmp>");

function failure(fn: () => void): string {
  try {
    fn();
  } catch (e) {
    return scrub((e as Error).message);
  }
  throw new Error("expected the assertion to fail");
}

function writeFiles(dir: string, files: Record<string, string>): string {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe("fileGroup over synthesized output", () => {
  test("selects files by glob, in sorted order, never kiln's marker", () => {
    const controllers = fileGroup(out, "clusters/home/controllers/**", { name: "controllers" });
    expect(controllers.name).toBe("controllers");
    expect(controllers.files.map((f) => f.path)).toEqual([
      "clusters/home/controllers/cert-manager/helmrelease-cert-manager.yaml",
      "clusters/home/controllers/cert-manager/kustomization.yaml",
      "clusters/home/controllers/kustomization.yaml",
      "clusters/home/controllers/podinfo/helmrelease-podinfo.yaml",
      "clusters/home/controllers/podinfo/kustomization.yaml",
      "clusters/home/controllers/traefik/helmrelease-traefik.yaml",
      "clusters/home/controllers/traefik/kustomization.yaml",
    ]);
    expect(fileGroup(out, "**").files.some((f) => f.path.includes(".kiln-output"))).toBe(false);
    expect(controllers.file("clusters/home/controllers/kustomization.yaml")?.text).toContain(
      "- cert-manager",
    );
  });

  test("the group's objects keep file, line and unit, and the vitest matchers accept the group", () => {
    const controllers = fileGroup(out, ["clusters/home/controllers/**/*.yaml"]);
    expect(controllers).toParseCleanly();
    expect(controllers).toHaveKinds(["HelmRelease", "kustomize.config.k8s.io/Kustomization"]);
    expect(controllers).toHaveResourceCount("HelmRelease", 3);
    expect(controllers).toHaveEveryResource("HelmRelease", {
      metadata: { namespace: "flux-system" },
      spec: { install: { crds: "Create" } },
    });
    expect(controllers).toHaveEveryResource("kustomize.config.k8s.io/Kustomization", {
      resources: Match.anyValue(),
    });
    const traefik = resources(controllers)
      .ofKind("HelmRelease")
      .inUnit("home/controllers/traefik")
      .oneResource();
    expect(scrub(traefik.origin.file ?? "")).toBe(
      "<tmp>/out/clusters/home/controllers/traefik/helmrelease-traefik.yaml",
    );
    expect(traefik.origin.line).toBe(1);
  });

  test("a failing assertion over a group names each file and line", () => {
    const controllers = fileGroup(out, "clusters/home/controllers/*/helmrelease-*.yaml", {
      name: "controllers",
    });
    expect(
      failure(() =>
        expect(controllers).toHaveEveryResource("HelmRelease", { spec: { values: Match.anyValue() } }),
      ),
    ).toBe(
      [
        "expected every HelmRelease to match the pattern, but 1 of 3 do not",
        "HelmRelease flux-system/podinfo (unit home/controllers/podinfo, <tmp>/out/clusters/home/controllers/podinfo/helmrelease-podinfo.yaml:1):",
        "  spec.values",
        "    expected: any value",
        "    actual:   absent",
      ].join("\n"),
    );
  });
});

describe("fileGroups: one named group per layer", () => {
  test("each group is tested on its own, and failures name the group", () => {
    const layers = fileGroups(out, {
      sources: "clusters/home/sources/**",
      controllers: ["clusters/home/controllers/**"],
    });
    expect(Object.keys(layers)).toEqual(["sources", "controllers"]);
    for (const group of Object.values(layers)) {
      expect(group).toParseCleanly();
      expect(group).toHaveKinds(["kustomize.config.k8s.io/Kustomization"]);
    }
    expect(layers.sources).toHaveKinds(["Namespace", "HelmRepository"]);
    expect(layers.controllers).toHaveResourceCount("HelmRelease", 3);
    expect(failure(() => expect(layers.sources).not.toParseCleanly())).toBe(
      "expected a parse problem in group sources, but all 3 files parse",
    );
  });
});

describe("fileGroup problems", () => {
  const dir = path.join(tmp, "hand-written");
  beforeAll(() => {
    writeFiles(dir, {
      "apps/a.yaml":
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n# empty documents are fine\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n",
      "apps/broken.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  name: d\n",
      "apps/list.yaml": "- 1\n- 2\n",
      "apps/frpc.toml": 'serverAddr = "vps.example.com"\n',
    });
  });

  test("every file is read; YAML errors and non-objects become problems with file and line", () => {
    const group = fileGroup(dir, "apps/*", { name: "apps" });
    expect(group.files.map((f) => [f.path, f.resources.length])).toEqual([
      ["apps/a.yaml", 2],
      ["apps/broken.yaml", 0],
      ["apps/frpc.toml", 0],
      ["apps/list.yaml", 0],
    ]);
    expect(group.file("apps/frpc.toml")?.text).toBe('serverAddr = "vps.example.com"\n');
    expect(resources(group).named("b").oneResource().origin).toMatchObject({ line: 8 });
    expect(resources(group).named("b").oneResource().origin.unit).toBeUndefined();
    expect(failure(() => expect(group).toParseCleanly())).toBe(
      [
        "expected every file of group apps to parse, but 2 problems found:",
        "  <tmp>/hand-written/apps/broken.yaml:5: duplicate key: map keys must be unique",
        "  <tmp>/hand-written/apps/list.yaml:1: document 1 is not a Kubernetes object (no apiVersion and kind)",
      ].join("\n"),
    );
    expect(fileGroup(dir, "apps/a.yaml")).toParseCleanly();
    expect(failure(() => expect(fileGroup(dir, "apps/a.yaml")).not.toParseCleanly())).toBe(
      "expected a parse problem in group apps/a.yaml, but all 1 file parse",
    );
  });

  test("an empty group or a missing root is a KilnError, not a vacuous pass", () => {
    expect(() => fileGroup(dir, "apps/*.json")).toThrow(KilnError);
    expect(failure(() => fileGroup(dir, ["apps/*.json", "nope/**"]))).toBe(
      "no file under <tmp>/hand-written matches apps/*.json, nope/**",
    );
    expect(failure(() => fileGroup(path.join(tmp, "missing"), "**"))).toBe(
      "file group root is not a folder: <tmp>/missing",
    );
  });

  test("toParseCleanly needs a FileGroup", () => {
    expect(failure(() => expect([]).toParseCleanly())).toBe(
      "expected a FileGroup (from fileGroup()), to check that its files parse",
    );
  });
});
