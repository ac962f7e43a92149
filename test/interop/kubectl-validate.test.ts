/**
 * Agreement of `kiln validate` with kubectl-validate v0.0.4 (the apiserver's own schema, CEL and
 * metadata validation) and with the apiserver's native validators, which kubectl-validate does not
 * run (row B3). Each case is one object with at most one defect and the verdict the apiserver
 * gives it; docs/validate.md publishes the table. Skips with a reason when kubectl-validate or the
 * mirror is absent.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { stringifyYaml } from "../../src/core/yaml.ts";
import { validatePaths } from "../../src/validate/validate.ts";
import { mirrorDir, peer } from "../helpers/env.ts";

type Verdict = "accept" | "reject";
/** [case, object, the apiserver's verdict, which of its layers decides]. */
type Case = [string, Record<string, unknown>, Verdict, "schema" | "metadata" | "cel" | "native" | "valid"];

const container = (extra: Record<string, unknown> = {}) => ({ name: "web", image: "nginx:1.27", ...extra });
const deploy = (spec: Record<string, unknown> = {}, labels = { app: "web" }) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "apps" },
  spec: {
    selector: { matchLabels: { app: "web" } },
    template: { metadata: { labels }, spec: { containers: [container()], ...spec } },
  },
});
const svc = (ports: unknown[]) => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "web", namespace: "apps" },
  spec: { ports },
});
const cm = (data: Record<string, unknown>) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "c", namespace: "apps" },
  data,
});
const job = (restartPolicy: string) => ({
  apiVersion: "batch/v1",
  kind: "Job",
  metadata: { name: "j", namespace: "apps" },
  spec: { template: { spec: { restartPolicy, containers: [container()] } } },
});
const ks = (spec: Record<string, unknown>) => ({
  apiVersion: "kustomize.toolkit.fluxcd.io/v1",
  kind: "Kustomization",
  metadata: { name: "apps", namespace: "flux-system" },
  spec: {
    interval: "10m",
    prune: true,
    path: "./apps",
    sourceRef: { kind: "GitRepository", name: "flux-system" },
    ...spec,
  },
});
const hr = (spec: Record<string, unknown>) => ({
  apiVersion: "helm.toolkit.fluxcd.io/v2",
  kind: "HelmRelease",
  metadata: { name: "web", namespace: "apps" },
  spec: { interval: "10m", ...spec },
});
const chart = { spec: { chart: "web", sourceRef: { kind: "HelmRepository", name: "charts" } } };

const CASES: Case[] = [
  ["a sound Deployment", deploy(), "accept", "valid"],
  ["a sound Service", svc([{ name: "http", port: 80, targetPort: "http" }]), "accept", "valid"],
  ["a sound ConfigMap", cm({ "app.conf": "x" }), "accept", "valid"],
  ["a sound Job", job("Never"), "accept", "valid"],
  ["a sound Kustomization", ks({}), "accept", "valid"],
  ["a sound HelmRelease", hr({ chart }), "accept", "valid"],
  [
    "replicas of the wrong type",
    { ...deploy(), spec: { ...deploy().spec, replicas: "two" } },
    "reject",
    "schema",
  ],
  ["an unknown field", { ...cm({ a: "b" }), extra: 1 }, "reject", "schema"],
  ["a ConfigMap value that is a number", cm({ a: 1 }), "reject", "schema"],
  [
    "a name that is not a DNS subdomain",
    { ...cm({}), metadata: { name: "Web_1", namespace: "apps" } },
    "reject",
    "metadata",
  ],
  [
    "a label value that is too long",
    { ...cm({}), metadata: { name: "c", namespace: "apps", labels: { a: "x".repeat(64) } } },
    "reject",
    "metadata",
  ],
  ["a Kustomization interval that is not a duration", ks({ interval: "often" }), "reject", "schema"],
  [
    "a HelmRelease with chart and chartRef",
    hr({ chart, chartRef: { kind: "OCIRepository", name: "web" } }),
    "reject",
    "cel",
  ],
  ["a Service port above 65535", svc([{ port: 70000 }]), "reject", "native"],
  [
    "two Service ports with one name",
    svc([
      { name: "http", port: 80 },
      { name: "http", port: 81 },
    ]),
    "reject",
    "native",
  ],
  ["several Service ports without names", svc([{ port: 80 }, { port: 81 }]), "reject", "native"],
  ["a Deployment with no containers", deploy({ containers: [] }), "reject", "native"],
  [
    "two containers with one name (a list-map key)",
    deploy({ containers: [container(), container()] }),
    "reject",
    "schema",
  ],
  ["a selector that does not match the template", deploy({}, { app: "api" }), "reject", "native"],
  [
    "a volume mount of no volume",
    deploy({ containers: [container({ volumeMounts: [{ name: "data", mountPath: "/d" }] })] }),
    "reject",
    "native",
  ],
  [
    "a container port name in capitals",
    deploy({ containers: [container({ ports: [{ name: "HTTP", containerPort: 80 }] })] }),
    "reject",
    "native",
  ],
  ["a Job with restartPolicy Always", job("Always"), "reject", "native"],
  ["a ConfigMap key with a space", cm({ "a b": "x" }), "reject", "native"],
];

const bin = peer("kubectl-validate");
const mirror = mirrorDir();
const CRDS = [
  "raw.githubusercontent.com/fluxcd/kustomize-controller/186fb3b29138ce82ff61ba1a9370b96a3dd598fe/config/crd/bases/kustomize.toolkit.fluxcd.io_kustomizations.yaml",
  "raw.githubusercontent.com/fluxcd/helm-controller/0f61a8607a62be64638f2f912d9487e653960a6e/config/crd/bases/helm.toolkit.fluxcd.io_helmreleases.yaml",
];
const reason = !bin
  ? "skipped: kubectl-validate v0.0.4 is not installed (bash .ci/run installs it)"
  : !mirror
    ? "skipped: ../shared/mirror (pinned upstream CRDs) is not present"
    : "";

describe("agreement with kubectl-validate and the apiserver's native rules (B3)", () => {
  it.skipIf(Boolean(reason))(
    reason || "every case: kiln's verdict is the apiserver's; kubectl-validate misses only native rules",
    async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), "kiln-b3-"));
      const crdDir = mkdtempSync(path.join(os.tmpdir(), "kiln-b3-crds-"));
      for (const c of CRDS) copyFileSync(path.join(mirror!, c), path.join(crdDir, path.basename(c)));
      const rows: string[] = [];
      const got: Array<{ title: string; kiln: Verdict; kubectl: Verdict; why: string[] }> = [];
      const want: typeof got = [];
      for (const [i, [title, obj, apiserver, layer]] of CASES.entries()) {
        const file = path.join(dir, `case-${i}.yaml`);
        writeFileSync(file, stringifyYaml(obj));
        const r = await validatePaths([file], {
          schemas: { crds: [crdDir], catalog: false },
          strict: true,
          workers: 0,
        });
        // One object on its own: cross-resource findings (a namespace or source not in the file) aside.
        const errors = r.diagnostics.filter((d) => d.severity === "error" && !d.rule?.startsWith("ref/"));
        const kiln: Verdict = errors.length ? "reject" : "accept";
        const kv = spawnSync(bin!, [file, "--version", "1.30", "--local-crds", crdDir, "-o", "json"], {
          encoding: "utf8",
          env: { PATH: process.env.PATH, HOME: os.tmpdir() },
          timeout: 120_000,
        });
        const report = JSON.parse(kv.stdout) as Record<string, Array<{ status?: string }>>;
        const status = Object.values(report)[0]?.[0]?.status;
        const kubectl: Verdict = status === "Success" ? "accept" : "reject";
        rows.push(`| ${title} | ${layer} | ${apiserver} | ${kiln} | ${kubectl} |`);
        const why = errors.map((d) => d.message);
        got.push({ title, kiln, kubectl, why });
        // kubectl-validate runs the schema, CEL and metadata layers, not the native validators.
        want.push({ title, kiln: apiserver, kubectl: layer === "native" ? "accept" : apiserver, why });
      }
      expect(got).toEqual(want);
      writeFileSync(path.join(os.tmpdir(), "kiln-b3-table.md"), `${rows.join("\n")}\n`);
      expect(readFileSync(path.join(os.tmpdir(), "kiln-b3-table.md"), "utf8").split("\n").length).toBe(
        CASES.length + 1,
      );
    },
  );
});
