/**
 * HelmReleases rendered by kiln (src/flux/helm*.ts) against the real peers: `helm template` run
 * directly on the same chart with the values Flux would merge (written out by hand here, so the
 * merge order is checked too), flate's `build hr` (which renders local-path charts offline) on
 * the same repository, and helm's own verdict on values that break values.schema.json.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../src/core/identity.ts";
import { parseYamlDocuments } from "../../src/core/yaml.ts";
import { DEFAULT_KUBE_VERSION } from "../../src/flux/helm-render.ts";
import { loadFluxRepository } from "../../src/flux/repository.ts";
import { peer, peerSkip, ROOT } from "../helpers/env.ts";

const helm = peer("helm");
const flate = peer("flate");
const FIXTURE = path.join(ROOT, "test/fixtures/helm/repo");
const CHART = path.join(FIXTURE, "charts/webapp");

/** A copy outside any Git checkout (flate resolves paths from the enclosing Git root). */
function copy(): string {
  const to = mkdtempSync(path.join(os.tmpdir(), "kiln-helm-interop-"));
  cpSync(FIXTURE, to, { recursive: true });
  return to;
}

const docs = (text: string) =>
  parseYamlDocuments(text, "helm")
    .map((d) => d.value as KubeObject)
    .filter((o) => o && typeof o === "object");

const byId = (objs: KubeObject[]) =>
  Object.fromEntries(objs.map((o) => [`${o.kind}/${o.metadata?.namespace ?? ""}/${o.metadata?.name}`, o]));

/** kiln's chart objects for the repository, rendered with the real helm. */
async function kilnChartObjects(dir: string): Promise<KubeObject[]> {
  const repo = await loadFluxRepository(dir, { helm: { helm: helm! } });
  expect(repo.helmReleases.map((h) => [h.name, h.rendered, h.reason ?? ""])).toEqual([["webapp", true, ""]]);
  return repo.objects.filter((o) => o.helm).map((o) => o.object);
}

/** helm-controller's origin labels, which `helm template` itself does not set. */
function withoutOriginLabels(o: KubeObject): KubeObject {
  const c = structuredClone(o);
  const labels = c.metadata?.labels as Record<string, string> | undefined;
  if (labels) {
    delete labels["helm.toolkit.fluxcd.io/name"];
    delete labels["helm.toolkit.fluxcd.io/namespace"];
    if (!Object.keys(labels).length) delete c.metadata!.labels;
  }
  return c;
}

describe.skipIf(!helm)("HelmReleases against helm template", () => {
  it("renders the same objects as helm template with the values Flux merges", async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), "kiln-helm-values-"));
    const values = path.join(tmp, "values.yaml");
    // valuesFrom[0] (the ConfigMap's values.yaml), then valuesFrom[1] (targetPath replicas=3,
    // typed), then spec.values on top.
    writeFileSync(
      values,
      'image: {repository: ghcr.io/example/webapp, tag: "1.0.0"}\nreplicas: 3\ngreeting: hello from the HelmRelease\n',
    );
    const direct = docs(
      execFileSync(
        helm!,
        [
          "template",
          "webapp",
          CHART,
          "--namespace",
          "web",
          "-f",
          values,
          "--kube-version",
          DEFAULT_KUBE_VERSION,
          "--include-crds",
          "--skip-tests",
        ],
        { encoding: "utf8" },
      ),
    );
    const kiln = await kilnChartObjects(copy());
    expect(kiln.map((o) => o.kind)).toEqual(direct.map((o) => o.kind));
    expect(byId(kiln.map(withoutOriginLabels))).toEqual(byId(direct));
    expect(kiln.find((o) => o.kind === "Deployment")?.spec).toMatchObject({ replicas: 3 });
  });

  it("install.crds: Skip leaves the chart's CRDs out, as helm-controller does", async () => {
    const dir = copy();
    const hr = readFileSync(path.join(dir, "apps/webapp.yaml"), "utf8");
    writeFileSync(path.join(dir, "apps/webapp.yaml"), `${hr}  install:\n    crds: Skip\n`);
    const kiln = await kilnChartObjects(dir);
    expect(kiln.map((o) => o.kind)).toEqual(["Service", "Deployment"]);
  });

  it("a dependency missing from charts/ is not rendered (source-controller would fetch it); a vendored one renders", async () => {
    const dir = copy();
    const stack = path.join(dir, "charts/stack");
    cpSync(
      path.join(dir, "charts/webapp/templates/_helpers.tpl"),
      path.join(stack, "templates/_helpers.tpl"),
    );
    writeFileSync(
      path.join(stack, "Chart.yaml"),
      "apiVersion: v2\nname: stack\nversion: 1.0.0\ndependencies:\n  - name: webapp\n    version: 0.1.0\n    repository: file://../webapp\n",
    );
    writeFileSync(path.join(stack, "values.yaml"), "webapp:\n  replicas: 2\n");
    const hr = readFileSync(path.join(dir, "apps/webapp.yaml"), "utf8");
    writeFileSync(
      path.join(dir, "apps/webapp.yaml"),
      hr.replace("./charts/webapp", "./charts/stack").replace(/ {2}valuesFrom:[\s\S]*$/, ""),
    );
    const missing = await loadFluxRepository(dir, { helm: { helm: helm! } });
    expect(missing.helmReleases.map((h) => h.reason)).toEqual([
      "chart dependencies not in stack's charts/ folder (webapp): source-controller fetches them, offline they are not available",
    ]);
    expect(missing.diagnostics.filter((d) => d.rule?.startsWith("helm/"))).toEqual([]);
    cpSync(path.join(dir, "charts/webapp"), path.join(stack, "charts/webapp"), { recursive: true });
    // helm gives a subchart `global` too, which this schema's additionalProperties: false refuses.
    rmSync(path.join(stack, "charts/webapp/values.schema.json"));
    const vendored = await loadFluxRepository(dir, { helm: { helm: helm! } });
    expect(vendored.helmReleases.map((h) => [h.chart, h.rendered])).toEqual([["stack@1.0.0", true]]);
    expect(vendored.objects.find((o) => o.object.kind === "Deployment")).toMatchObject({
      object: { spec: { replicas: 2 } },
      helm: { release: "web/webapp", template: "stack/charts/webapp/templates/deployment.yaml" },
    });
  });

  it("healthChecks resolve against the objects the charts render", async () => {
    const dir = copy();
    const ks = readFileSync(path.join(dir, "flux-system/apps.yaml"), "utf8");
    writeFileSync(
      path.join(dir, "flux-system/apps.yaml"),
      `${ks}  healthChecks:\n    - {apiVersion: apps/v1, kind: Deployment, name: webapp-webapp, namespace: web}\n    - {apiVersion: apps/v1, kind: Deployment, name: webapp-typo, namespace: web}\n`,
    );
    const rendered = await loadFluxRepository(dir, { helm: { helm: helm! } });
    expect(rendered.diagnostics.filter((d) => d.rule === "flux/healthCheck").map((d) => d.message)).toEqual([
      "health check names Deployment web/webapp-typo, which nothing in the repository applies",
    ]);
    // Without rendering, a chart may make either: neither is reported.
    const unrendered = await loadFluxRepository(dir, { helm: { render: false } });
    expect(unrendered.diagnostics.filter((d) => d.rule === "flux/healthCheck")).toEqual([]);
  });

  it("values helm rejects by values.schema.json are the values kiln reports", async () => {
    const dir = copy();
    const hr = readFileSync(path.join(dir, "apps/webapp.yaml"), "utf8");
    writeFileSync(
      path.join(dir, "apps/webapp.yaml"),
      hr.replace("    greeting: hello from the HelmRelease\n", "    greeting: 42\n    colour: blue\n"),
    );
    const repo = await loadFluxRepository(dir, { helm: { helm: helm! } });
    expect(repo.diagnostics.filter((d) => d.rule === "helm/values-schema").map((d) => d.path)).toEqual([
      "spec.values.colour",
      "spec.values.greeting",
    ]);
    const tmp = mkdtempSync(path.join(os.tmpdir(), "kiln-helm-values-"));
    writeFileSync(path.join(tmp, "v.yaml"), "greeting: 42\ncolour: blue\n");
    const r = spawnSync(helm!, ["template", "webapp", CHART, "-f", path.join(tmp, "v.yaml")], {
      encoding: "utf8",
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/colour/);
    expect(r.stderr).toMatch(/greeting/);
  });
});

describe.skipIf(!helm || !flate)("HelmReleases against flate build hr", () => {
  it("renders the same chart objects as flate (CRDs included)", async () => {
    const dir = copy();
    const r = spawnSync(flate!, ["build", "hr", "--path", dir, "--skip-crds=false"], {
      encoding: "utf8",
      cwd: os.tmpdir(),
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const kiln = await kilnChartObjects(dir);
    expect(byId(kiln)).toEqual(byId(docs(r.stdout)));
  });
});

if (!helm) it.skip(peerSkip("helm"), () => {});
else if (!flate) it.skip(peerSkip("flate"), () => {});

describe.skipIf(!helm)("kiln flux charts pull", () => {
  it("fills the cache with helm pull from a chart repository (served on localhost), then renders from it offline", async () => {
    const { createServer } = await import("node:http");
    const { runChartsPull } = await import("../../src/flux/helm-pull.ts");
    const served = mkdtempSync(path.join(os.tmpdir(), "kiln-helm-repo-"));
    const env = {
      ...process.env,
      HELM_CACHE_HOME: path.join(served, ".cache"),
      HELM_CONFIG_HOME: path.join(served, ".config"),
    };
    execFileSync(helm!, ["package", CHART, "--destination", served], { env });
    const server = createServer((req, res) => {
      try {
        res.end(readFileSync(path.join(served, path.basename(req.url ?? ""))));
      } catch {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    execFileSync(helm!, ["repo", "index", served, "--url", url], { env });
    try {
      const dir = copy();
      writeFileSync(
        path.join(dir, "apps/webapp.yaml"),
        readFileSync(path.join(dir, "apps/webapp.yaml"), "utf8").replace(
          / {2}chart:\n {4}spec:\n(?: {6}.*\n| {8}.*\n)+/,
          "  chart:\n    spec:\n      chart: webapp\n      version: 0.1.x\n      sourceRef: {kind: HelmRepository, name: local, namespace: flux-system}\n",
        ),
      );
      writeFileSync(
        path.join(dir, "apps/repository.yaml"),
        `apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata: {name: local, namespace: flux-system}\nspec: {interval: 1h, url: "${url}"}\n`,
      );
      writeFileSync(
        path.join(dir, "apps/kustomization.yaml"),
        "resources: [namespace.yaml, values.yaml, repository.yaml, webapp.yaml]\n",
      );
      const cacheDir = mkdtempSync(path.join(os.tmpdir(), "kiln-chart-cache-"));
      const before = await loadFluxRepository(dir, { helm: { helm: helm!, cacheDir } });
      expect(before.helmReleases[0]?.reason).toMatch(
        /^chart not available offline \(HelmRepository flux-system\/local, chart webapp, version 0\.1\.x/,
      );
      const pulled = await runChartsPull({ path: dir, cacheDir, helm: helm! });
      expect(pulled.stderr).toBe("");
      expect(pulled.stdout).toMatch(/^pulled webapp 0\.1\.0 \(HelmRepository flux-system\/local\) into /);
      server.close();
      const after = await loadFluxRepository(dir, { helm: { helm: helm!, cacheDir } });
      expect(after.helmReleases.map((h) => [h.chart, h.rendered])).toEqual([["webapp@0.1.0", true]]);
      expect(after.objects.filter((o) => o.helm).map((o) => o.object.kind)).toEqual([
        "CustomResourceDefinition",
        "Service",
        "Deployment",
      ]);
    } finally {
      server.close();
    }
  });
});
