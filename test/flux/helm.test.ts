import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../../src/core/identity.ts";
import { releaseName } from "../../src/flux/helm.ts";
import { cachedChartFolder, pickVersion, resolveChart } from "../../src/flux/helm-chart.ts";
import { checkJsonSchema } from "../../src/flux/helm-schema.ts";
import { coalesce, mergeReleaseValues, setPathValue } from "../../src/flux/helm-values.ts";
import { loadFluxRepository } from "../../src/flux/repository.ts";
import { validateRepository } from "../../src/validate/repository.ts";
import { ROOT } from "../helpers/env.ts";

const FIXTURE = path.join(ROOT, "test/fixtures/helm/repo");

/** A copy of the fixture repository with files replaced. */
function repoWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "kiln-helm-"));
  cpSync(FIXTURE, dir, { recursive: true });
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

const release = (spec: string, name = "webapp") => `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: ${name}
  namespace: web
spec:
  interval: 30m
${spec}`;

const helmRelease = (spec: Record<string, unknown>, name: string, namespace: string): KubeObject => ({
  apiVersion: "helm.toolkit.fluxcd.io/v2",
  kind: "HelmRelease",
  metadata: { name, namespace },
  spec,
});

const localChart = `  chart:
    spec:
      chart: ./charts/webapp
      sourceRef:
        kind: GitRepository
        name: flux-system
        namespace: flux-system
`;

describe("values.schema.json", () => {
  it("the fixture's release passes: valuesFrom and spec.values merged over the chart's defaults", async () => {
    const r = await validateRepository(FIXTURE, { helm: { render: false } });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.notes).toContain("0 HelmReleases rendered, 1 not rendered");
    expect(r.notes).toContain("HelmRelease web/webapp not rendered: rendering not asked for");
  });

  it("wrong type, unknown field and a value from a ConfigMap are errors at spec.values with the JSON path", async () => {
    const root = repoWith({
      "apps/webapp.yaml": release(`${localChart}  valuesFrom:
    - kind: ConfigMap
      name: webapp-values
  values:
    replicas: two
    image:
      repository: ghcr.io/example/webapp
      digest: sha256:0
    colour: blue
`),
      "apps/values.yaml": `apiVersion: v1
kind: ConfigMap
metadata:
  name: webapp-values
  namespace: web
data:
  values.yaml: |
    service:
      port: 70000
`,
    });
    const r = await validateRepository(root, { helm: { render: false } });
    const errs = r.diagnostics
      .filter((d) => d.rule === "helm/values-schema")
      .map((d) => `${path.basename(d.file ?? "")}:${d.line} ${d.path} ${d.message}`);
    expect(errs).toEqual([
      `webapp.yaml:18 spec.values.service.port Invalid value: 70000: must be <= 65535 (webapp's values.schema.json; value from ConfigMap web/webapp-values key values.yaml)`,
      `webapp.yaml:19 spec.values.replicas Invalid value: "two": must be of type integer (webapp's values.schema.json)`,
      `webapp.yaml:22 spec.values.image.digest unknown field "digest" (webapp's values.schema.json)`,
      `webapp.yaml:23 spec.values.colour unknown field "colour" (webapp's values.schema.json)`,
    ]);
    expect(r.diagnostics.find((d) => d.rule === "helm/values-schema")?.resource).toBe(
      "HelmRelease web/webapp",
    );
    expect(r.notes).toContain(
      "HelmRelease web/webapp not rendered: its values do not match webapp's values.schema.json",
    );
  });

  it("never quotes a value that came from a Secret", async () => {
    const root = repoWith({
      "apps/webapp.yaml": release(
        `${localChart}  valuesFrom:\n    - kind: Secret\n      name: webapp-secret\n`,
      ),
      "apps/values.yaml": `apiVersion: v1
kind: Secret
metadata:
  name: webapp-secret
  namespace: web
stringData:
  values.yaml: |
    replicas: hunter2-not-a-number
`,
    });
    const r = await loadFluxRepository(root, { helm: { render: false } });
    const found = r.diagnostics.filter((d) => d.rule === "helm/values-schema");
    expect(found.map((d) => d.message)).toEqual([
      "Invalid value: (a value from a Secret): must be of type integer (webapp's values.schema.json; value from Secret web/webapp-secret key values.yaml)",
    ]);
    expect(JSON.stringify(r.diagnostics)).not.toContain("hunter2");
  });

  it("a null removes the chart's default, so a required value goes missing", async () => {
    const root = repoWith({ "apps/webapp.yaml": release(`${localChart}  values:\n    image: null\n`) });
    const r = await loadFluxRepository(root, { helm: { render: false } });
    expect(
      r.diagnostics.filter((d) => d.rule === "helm/values-schema").map((d) => [d.path, d.message]),
    ).toEqual([["spec.values.image", "Required value (webapp's values.schema.json)"]]);
  });

  it("says per release why it was not rendered", async () => {
    const root = repoWith({
      "apps/more.yaml": `${release(
        `  chart:
    spec:
      chart: podinfo
      version: "6.x"
      sourceRef: {kind: HelmRepository, name: podinfo, namespace: flux-system}
`,
        "podinfo",
      )}---
${release(`  chartRef: {kind: OCIRepository, name: missing}\n`, "oci")}---
${release(`${localChart}  suspend: true\n`, "paused")}---
apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata: {name: podinfo, namespace: flux-system}
spec: {interval: 1h, url: "https://stefanprodan.github.io/podinfo"}
`,
      "apps/kustomization.yaml": "resources: [namespace.yaml, values.yaml, webapp.yaml, more.yaml]\n",
    });
    const saved = process.env.PATH;
    process.env.PATH = "";
    try {
      const r = await validateRepository(root, {
        helm: { cacheDir: mkdtempSync(path.join(os.tmpdir(), "kiln-cache-")) },
      });
      expect(r.notes.filter((n) => n.startsWith("HelmRelease") || n.includes("HelmReleases"))).toEqual([
        "0 HelmReleases rendered, 4 not rendered",
        "HelmRelease web/oci not rendered: OCIRepository web/missing is not defined in the repository",
        "HelmRelease web/paused not rendered: spec.suspend is true",
        "HelmRelease web/podinfo not rendered: chart not available offline (HelmRepository flux-system/podinfo, chart podinfo, version 6.x; fill the cache with `kiln flux charts pull`)",
        "HelmRelease web/webapp not rendered: helm not on PATH",
      ]);
    } finally {
      process.env.PATH = saved;
    }
  });

  it("uses the draft the schema names, 2020-12 by default, and reports a remote $ref as not checked", () => {
    expect(checkJsonSchema({ prefixItems: [{ type: "string" }] }, [1])).toMatchObject({
      issues: [{ path: [0], rule: "schema/type" }],
    });
    expect(
      checkJsonSchema(
        { $schema: "http://json-schema.org/draft-07/schema#", items: [{ type: "string" }] },
        [1],
      ),
    ).toMatchObject({ issues: [{ path: [0] }] });
    expect(
      checkJsonSchema({ properties: { a: { format: "uri", type: "string" } } }, { a: "not a uri" }),
    ).toEqual({
      issues: [],
    });
    expect(checkJsonSchema({ properties: { a: { $ref: "https://example.com/s.json" } } }, {})).toMatchObject({
      error: expect.stringContaining("can't resolve reference https://example.com/s.json"),
    });
  });
});

describe("values merge (Flux's order)", () => {
  const objects: Record<string, { object: KubeObject; sops?: boolean }> = {
    "ConfigMap/a": {
      object: {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "a" },
        data: {
          "values.yaml": "x: 1\ny: {a: 1, b: 1}\nlist: [1, 2]\n",
          port: "8080",
          flag: "true",
          quoted: '"0123"',
        },
      },
    },
    "ConfigMap/b": {
      object: {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "b" },
        data: { "values.yaml": "x: 2\ny: {b: 2}\nlist: [3]\n" },
      },
    },
    "Secret/s": {
      object: {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: "s" },
        data: {
          token: Buffer.from("..PLACEHOLDER_token..").toString("base64"),
          "values.yaml": Buffer.from("..PLACEHOLDER_values.yaml..").toString("base64"),
        },
      },
      sops: true,
    },
  };
  const lookup = (kind: string, _ns: string, name: string) => objects[`${kind}/${name}`];
  const hr = (spec: Record<string, unknown>) => helmRelease(spec, "r", "ns");

  it("merges each entry in order, maps key by key, lists replaced, spec.values last", () => {
    const m = mergeReleaseValues(
      hr({
        valuesFrom: [
          { kind: "ConfigMap", name: "a" },
          { kind: "ConfigMap", name: "b" },
        ],
        values: { y: { c: 3 } },
      }),
      lookup,
    );
    expect(m.values).toEqual({ x: 2, y: { a: 1, b: 2, c: 3 }, list: [3] });
    const r = mergeReleaseValues(
      hr({
        valuesFrom: [
          { kind: "ConfigMap", name: "b" },
          { kind: "ConfigMap", name: "a" },
        ],
      }),
      lookup,
    );
    expect(r.values).toEqual({ x: 1, y: { a: 1, b: 1 }, list: [1, 2] });
  });

  it("targetPath sets typed values (quoted ones as strings), and spec.values still wins", () => {
    const m = mergeReleaseValues(
      hr({
        valuesFrom: [
          { kind: "ConfigMap", name: "a", valuesKey: "port", targetPath: "service.ports[0].port" },
          { kind: "ConfigMap", name: "a", valuesKey: "flag", targetPath: "feature\\.enabled" },
          { kind: "ConfigMap", name: "a", valuesKey: "quoted", targetPath: "code" },
          { kind: "ConfigMap", name: "a", valuesKey: "port", targetPath: "x" },
        ],
        values: { x: "inline" },
      }),
      lookup,
    );
    expect(m.values).toEqual({
      service: { ports: [{ port: 8080 }] },
      "feature.enabled": true,
      code: "0123",
      x: "inline",
    });
  });

  it("honours optional, fails on a missing required entry, and never passes ciphertext", () => {
    expect(
      mergeReleaseValues(
        hr({ valuesFrom: [{ kind: "ConfigMap", name: "nope", optional: true }], values: { a: 1 } }),
        lookup,
      ).values,
    ).toEqual({ a: 1 });
    expect(mergeReleaseValues(hr({ valuesFrom: [{ kind: "ConfigMap", name: "nope" }] }), lookup).failed).toBe(
      "valuesFrom[0]: ConfigMap ns/nope is not applied by Flux from this repository",
    );
    expect(
      mergeReleaseValues(hr({ valuesFrom: [{ kind: "ConfigMap", name: "a", valuesKey: "missing" }] }), lookup)
        .failed,
    ).toBe("valuesFrom[0]: ConfigMap ns/a has no key missing");
    const s = mergeReleaseValues(
      hr({
        valuesFrom: [
          { kind: "Secret", name: "s" },
          { kind: "Secret", name: "s", valuesKey: "token", targetPath: "auth.token" },
        ],
      }),
      lookup,
    );
    expect(s.values).toEqual({ auth: { token: "..PLACEHOLDER_token.." } });
    expect(s.notes).toEqual([
      "values from Secret ns/s key values.yaml are SOPS-encrypted: not known offline, left out",
    ]);
  });

  it("setPathValue follows helm's --set syntax for the forms a targetPath uses", () => {
    const v: Record<string, unknown> = {};
    expect(setPathValue(v, "a.b", "null")).toBeUndefined();
    expect(setPathValue(v, "n", "007")).toBeUndefined();
    expect(setPathValue(v, "list", "{x,2}")).toBeUndefined();
    expect(setPathValue(v, "lit", "a,b", true)).toBeUndefined();
    expect(v).toEqual({ a: { b: null }, n: "007", list: ["x", 2], lit: "a,b" });
    expect(setPathValue(v, "c", "a,b")).toMatch(/unescaped ","/);
  });

  it("coalesce lays values over chart defaults; null deletes a default", () => {
    expect(coalesce({ a: { b: null, c: 2 }, d: null }, { a: { b: 1, e: 5 }, d: 4, f: 6 })).toEqual({
      a: { c: 2, e: 5 },
      f: 6,
    });
  });
});

describe("chart resolution", () => {
  let cache = "";
  afterEach(() => {
    cache = "";
  });
  const chartAt = (dir: string, version: string) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "Chart.yaml"), `apiVersion: v2\nname: podinfo\nversion: ${version}\n`);
    writeFileSync(path.join(dir, "values.yaml"), "replicaCount: 1\n");
  };
  const objects: Record<string, KubeObject> = {
    "HelmRepository/flux-system/podinfo": {
      apiVersion: "source.toolkit.fluxcd.io/v1",
      kind: "HelmRepository",
      metadata: { name: "podinfo", namespace: "flux-system" },
      spec: { url: "https://stefanprodan.github.io/podinfo/" },
    },
    "OCIRepository/apps/podinfo": {
      apiVersion: "source.toolkit.fluxcd.io/v1",
      kind: "OCIRepository",
      metadata: { name: "podinfo", namespace: "apps" },
      spec: { url: "oci://ghcr.io/stefanprodan/charts/podinfo", ref: { tag: "6.5.0" } },
    },
  };
  const ctx = () => ({
    root: FIXTURE,
    lookup: (kind: string, ns: string, name: string) => objects[`${kind}/${ns}/${name}`],
    isThisRepository: (_ns: string, name: string) => name === "flux-system",
    cacheDir: cache,
  });
  const hr = (spec: Record<string, unknown>) => helmRelease(spec, "p", "apps");

  it("a semver range resolves against the versions the cache holds", () => {
    cache = mkdtempSync(path.join(os.tmpdir(), "kiln-charts-"));
    const folder = cachedChartFolder(cache, "https://stefanprodan.github.io/podinfo", "podinfo");
    for (const v of ["6.4.1", "6.5.0", "7.0.0"]) chartAt(path.join(folder, v), v);
    const spec = (version?: string) => ({
      chart: {
        spec: {
          chart: "podinfo",
          ...(version ? { version } : {}),
          sourceRef: { kind: "HelmRepository", name: "podinfo", namespace: "flux-system" },
        },
      },
    });
    const version = (v?: string) => {
      const r = resolveChart(hr(spec(v)), ctx());
      return "chart" in r ? r.chart.version : r.reason;
    };
    expect(version("6.x")).toBe("6.5.0");
    expect(version("~6.4.0")).toBe("6.4.1");
    expect(version()).toBe("7.0.0");
    expect(version("8.x")).toMatch(
      /^chart not available offline \(HelmRepository flux-system\/podinfo, chart podinfo, version 8\.x;/,
    );
    const oci = resolveChart(hr({ chartRef: { kind: "OCIRepository", name: "podinfo" } }), ctx());
    expect(oci).toMatchObject({
      reason: expect.stringContaining("OCIRepository apps/podinfo, chart podinfo, version 6.5.0"),
    });
    chartAt(
      path.join(cachedChartFolder(cache, "oci://ghcr.io/stefanprodan/charts/podinfo", "podinfo"), "6.5.0"),
      "6.5.0",
    );
    expect(resolveChart(hr({ chartRef: { kind: "OCIRepository", name: "podinfo" } }), ctx())).toMatchObject({
      chart: { name: "podinfo", version: "6.5.0", defaults: { replicaCount: 1 } },
    });
  });

  it("a GitRepository chart is a folder of this repository, or not available", () => {
    const git = (name: string, chart: string) =>
      resolveChart(
        hr({
          chart: { spec: { chart, sourceRef: { kind: "GitRepository", name, namespace: "flux-system" } } },
        }),
        ctx(),
      );
    expect(git("flux-system", "./charts/webapp")).toMatchObject({
      chart: { name: "webapp", version: "0.1.0" },
    });
    expect(git("flux-system", "./charts/nope")).toMatchObject({
      reason: "chart path ./charts/nope has no Chart.yaml in the repository",
    });
    expect(git("other", "./charts/webapp")).toMatchObject({
      reason: "its chart is in another Git repository (GitRepository flux-system/other)",
    });
    expect(git("flux-system", "../outside")).toMatchObject({
      reason: "chart path ../outside is outside the repository",
    });
  });

  it("pickVersion: exact names (v optional), latest, ranges", () => {
    expect(pickVersion(["v1.2.0", "1.3.0"], "1.2.0")).toBe("v1.2.0");
    expect(pickVersion(["1.2.0", "1.3.0"], "latest")).toBe("1.3.0");
    expect(pickVersion(["1.2.0", "1.3.0"], ">=1.0.0 <1.3.0")).toBe("1.2.0");
    expect(pickVersion(["1.2.0"], "not a range")).toBeUndefined();
  });

  it("release names follow helm-controller, shortened past 53 characters", () => {
    expect(releaseName(hr({}))).toBe("p");
    expect(releaseName(hr({ targetNamespace: "prod" }))).toBe("prod-p");
    expect(releaseName(hr({ releaseName: "mine", targetNamespace: "prod" }))).toBe("mine");
    const long = releaseName({
      ...hr({ targetNamespace: "a".repeat(40) }),
      metadata: { name: "b".repeat(20) },
    });
    expect(long).toMatch(/^a{40}-[0-9a-f]{12}$/);
  });
});
