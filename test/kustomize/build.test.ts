import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { contentHash } from "../../src/kustomize/generate.ts";
import { buildKustomization, createBuildCache } from "../../src/kustomize/index.ts";
import { generatedKustomization, kustomizationFileIn } from "../../src/kustomize/load.ts";
import { ROOT } from "../helpers/env.ts";

const FIXTURES = path.join(ROOT, "test/fixtures/kustomize");
const build = (name: string) => buildKustomization(path.join(FIXTURES, name), { root: FIXTURES });

describe("kustomize build", () => {
  it("locates every object at its file and document line", async () => {
    const { objects, diagnostics } = await build("resources");
    expect(diagnostics).toEqual([]);
    const where = Object.fromEntries(
      objects.map((o) => [`${o.object.kind}/${o.object.metadata.name}`, `${o.origin.file}:${o.origin.line}`]),
    );
    expect(where["ConfigMap/settings"]).toBe("resources/extra.yaml:2");
    expect(where["ServiceAccount/listed"]).toBe("resources/extra.yaml:12");
    expect(where["Deployment/web"]).toBe("resources/base/deployment.yaml:1");
    expect(where["Widget/one"]).toBe("resources/base/namespace.yaml:22");
  });

  it("sets the namespace on namespaced objects only, renames a v1 Namespace, sets default subjects", async () => {
    const { objects } = await build("namespace");
    const by = (kind: string, name?: string) =>
      objects.find((o) => o.object.kind === kind && (!name || o.object.metadata.name === name))?.object;
    expect(by("Namespace")?.metadata.name).toBe("media");
    expect(by("ClusterRole")?.metadata.namespace).toBeUndefined();
    expect(by("Widget")?.metadata.namespace).toBe("media");
    expect(by("ConfigMap", "pinned")?.metadata.namespace).toBe("media");
    expect(by("RoleBinding")?.subjects).toEqual([
      { kind: "ServiceAccount", name: "default", namespace: "media" },
      { kind: "ServiceAccount", name: "app", namespace: "other" },
    ]);
    expect(by("APIService")?.spec).toMatchObject({ service: { namespace: "media" } });
  });

  it("generates kustomize-controller's kustomization for a folder without one", () => {
    const k = generatedKustomization(path.join(FIXTURES, "generated"), FIXTURES);
    expect(k.spec.resources).toEqual(["./a.yaml", "./app", "./sub/b.yml", "./sub/deeper/c.yaml"]);
  });

  it("reports a missing file at its entry's line and still builds the rest", async () => {
    const { objects, diagnostics } = await build("error-missing");
    expect(objects.map((o) => o.object.metadata.name)).toEqual(["a"]);
    expect(diagnostics).toEqual([
      {
        severity: "error",
        rule: "kustomize",
        message: "absent.yaml: no such file or directory",
        file: "error-missing/kustomization.yaml",
        line: 3,
      },
    ]);
  });

  it("reports a cycle instead of recursing", async () => {
    const { diagnostics } = await build("error-cycle");
    expect(diagnostics.map((d) => `${d.file}:${d.line}: ${d.message}`)).toEqual([
      "error-cycle/b/kustomization.yaml:2: cycle: error-cycle/a includes itself",
    ]);
  });

  it("refuses a folder outside the repository root", async () => {
    const { diagnostics } = await buildKustomization(path.join(FIXTURES, "resources"), {
      root: path.join(FIXTURES, "namespace"),
    });
    expect(diagnostics[0]?.message).toContain("outside the repository root");
  });

  it("hashes generated names as kustomize v5.8.1 does (name left out) and rewrites references", async () => {
    const secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "any" }, type: "Opaque" };
    // figures printed by `kustomize build` v5.8.1 for the same objects
    expect(contentHash({ ...secret, data: { password: "aHVudGVyMg==" } })).toBe("cf85kd65mm");
    const { objects, diagnostics } = await build("generators");
    expect(diagnostics).toEqual([]);
    const deployment = objects.find((o) => o.object.kind === "Deployment")?.object as unknown as {
      spec: { template: { spec: { containers: { envFrom: unknown[] }[]; serviceAccountName: string } } };
    };
    const pod = deployment.spec.template.spec;
    expect(pod.containers[0]?.envFrom).toEqual([
      { configMapRef: { name: "app-settings-85dc8mftm2" } },
      { secretRef: { name: "app-creds-cf85kd65mm" } },
    ]);
    expect(pod.serviceAccountName).toBe("app-runner");
    const settings = objects.find((o) => o.object.metadata.name?.startsWith("app-settings"));
    expect(settings?.origin).toEqual({ file: "generators/base/kustomization.yaml", line: 4 });
    expect(settings?.object.binaryData).toEqual({
      "blob.bin": Buffer.from("\x00\xff\xfe binary", "latin1").toString("base64"),
    });
  });

  it("applies the nameReference section of configurations build-wide; other sections are a warning", async () => {
    const { objects, diagnostics } = await build("configurations");
    expect(diagnostics).toEqual([]);
    const release = objects.find((o) => o.object.kind === "HelmRelease")?.object as unknown as {
      spec: { valuesFrom: { name: string }[] };
    };
    // figures printed by `kustomize build` v5.8.1 for this fixture
    expect(release.spec.valuesFrom.map((v) => v.name)).toEqual([
      "app-values-5cmfdcb5f2",
      "extra-values-dt79f5gthg",
      "not-generated",
    ]);
    const dir = mkdtempSync(path.join(os.tmpdir(), "kiln-kcfg-"));
    try {
      writeFileSync(path.join(dir, "kustomization.yaml"), "resources: [cm.yaml]\nconfigurations: [c.yaml]\n");
      writeFileSync(path.join(dir, "cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
      writeFileSync(path.join(dir, "c.yaml"), "images:\n  - path: spec/image\n    kind: Widget\n");
      const warned = await buildKustomization(dir, { root: dir });
      expect(warned.diagnostics.map((d) => `${d.severity} ${d.file}:${d.line} ${d.rule}`)).toEqual([
        "warning c.yaml:1 kustomize/unsupported",
      ]);
      writeFileSync(
        path.join(dir, "c.yaml"),
        "nameReference:\n  - kind: ConfigMap\n    fieldSpecs: [{kind: X}]\n",
      );
      const bad = await buildKustomization(dir, { root: dir });
      expect(bad.diagnostics.map((d) => `${d.severity} ${d.file}:${d.line} ${d.message}`)).toEqual([
        "error c.yaml:2 a fieldSpec needs a path",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("records the patches that changed an object in its origin, each at its file and line", async () => {
    const { objects, diagnostics } = await build("patches-smp");
    expect(diagnostics).toEqual([]);
    const web = objects.find((o) => o.object.kind === "Deployment");
    expect(web?.origin.file).toBe("patches-smp/base/app.yaml");
    expect(web?.origin.patches).toEqual([
      { file: "patches-smp/deployment-patch.yaml", line: 1 },
      { file: "patches-smp/kustomization.yaml", line: 34 },
    ]);
  });

  it("reports a patch without a target at the patch, and a replicas entry naming nothing", async () => {
    expect((await build("error-patch-no-match")).diagnostics).toMatchObject([
      {
        severity: "error",
        file: "error-patch-no-match/kustomization.yaml",
        line: 5,
        message: "no object matches the strategic merge patch for Deployment missing",
      },
    ]);
    expect((await build("error-replicas-unmatched")).diagnostics).toMatchObject([
      { severity: "error", file: "error-replicas-unmatched/kustomization.yaml", line: 3 },
    ]);
  });

  it("warns about kustomization fields it does not apply, and still builds", async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), "kiln-kustomize-unsupported-"));
    try {
      writeFileSync(path.join(tmp, "cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
      writeFileSync(
        path.join(tmp, "kustomization.yaml"),
        "resources: [cm.yaml]\nvars: []\nhelmCharts:\n  - name: x\n",
      );
      const r = await buildKustomization(tmp, { root: tmp });
      expect(r.objects).toHaveLength(1);
      expect(r.diagnostics.map((d) => [d.severity, d.rule, d.line])).toEqual([
        ["warning", "kustomize/unsupported", 2],
        ["warning", "kustomize/unsupported", 3],
      ]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it("builds the same from a shared parse cache, and reads a changed file again", async () => {
    const dirs = readdirSync(FIXTURES).filter((d) => kustomizationFileIn(path.join(FIXTURES, d)));
    const cache = createBuildCache();
    for (const round of [1, 2])
      for (const d of dirs) {
        const dir = path.join(FIXTURES, d);
        const cached = await buildKustomization(dir, { root: FIXTURES, cache });
        expect(cached, `${d}, round ${round}`).toEqual(await buildKustomization(dir, { root: FIXTURES }));
      }
    const tmp = mkdtempSync(path.join(os.tmpdir(), "kiln-kustomize-cache-"));
    try {
      const cm = (v: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  v: "${v}"\n`;
      writeFileSync(path.join(tmp, "kustomization.yaml"), "resources: [cm.yaml]\n");
      writeFileSync(path.join(tmp, "cm.yaml"), cm("1"));
      expect((await buildKustomization(tmp, { root: tmp, cache })).objects[0]?.object.data).toEqual({
        v: "1",
      });
      writeFileSync(path.join(tmp, "cm.yaml"), cm("22"));
      expect((await buildKustomization(tmp, { root: tmp, cache })).objects[0]?.object.data).toEqual({
        v: "22",
      });
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it("warns once per remote resource or component, at its line, and builds the local rest", async () => {
    const { objects, diagnostics } = await build("offline-remote");
    expect(objects).toHaveLength(1);
    expect(diagnostics[0]?.message).toContain("not available offline");
    expect(diagnostics.map((d) => [d.severity, d.rule, d.file, d.line])).toEqual([
      ...[3, 4, 5, 6, 8].map((line) => [
        "warning",
        "kustomize/remote",
        "offline-remote/kustomization.yaml",
        line,
      ]),
    ]);
  });
});
