// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Flux substitution expressions
/**
 * Differential tests of kiln's Flux repository model (src/flux) against the real peers:
 * `flate build ks` (the object set, by identity then content) on the homelab fixture, and
 * `flux build kustomization --dry-run` (kustomize-controller's own build and substitution code)
 * on Kustomizations with tricky substitutions. With KILN_REAL_REPOS set (a folder of checked-out
 * Flux repositories), every repository is rendered by both kiln and flate and compared too; the
 * disagreements explained in docs/flux.md are counted, not failed on.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../src/core/identity.ts";
import { parseYamlDocuments } from "../../src/core/yaml.ts";
import { loadFluxRepository } from "../../src/flux/repository.ts";
import { peer, peerSkip, ROOT } from "../helpers/env.ts";

const flate = peer("flate");
const flux = peer("flux");
const FIXTURE = path.join(ROOT, "test/fixtures/flux/homelab");

/** A copy outside any Git checkout: flate resolves paths from the enclosing Git root. */
function copy(dir: string): string {
  const to = mkdtempSync(path.join(os.tmpdir(), "kiln-flux-interop-"));
  cpSync(dir, to, { recursive: true });
  return to;
}

const id = (o: KubeObject) =>
  `${o.apiVersion.split("/").slice(0, -1).join("/")}|${o.kind}|${o.metadata?.namespace ?? ""}|${o.metadata?.name}`;

const sorted = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(sorted)
    : v && typeof v === "object"
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
        )
      : v;

function flateBuild(dir: string): KubeObject[] {
  // flate exits 1 when a chart source is unreachable offline; the Kustomization output is complete.
  const r = spawnSync(flate!, ["build", "ks", "--path", dir], {
    encoding: "utf8",
    cwd: os.tmpdir(),
    timeout: 120_000,
  });
  return parseYamlDocuments(r.stdout, "flate")
    .map((d) => d.value as KubeObject)
    .filter(Boolean);
}

/** kiln's objects as `flate build ks` prints them (Secrets and CRDs left out by default). */
async function kilnBuild(dir: string): Promise<KubeObject[]> {
  const repo = await loadFluxRepository(dir);
  return repo.objects
    .map((o) => o.object)
    .filter((o) => o.kind !== "Secret" && o.kind !== "CustomResourceDefinition");
}

describe.skipIf(!flate)(`kiln against ${flate ?? peerSkip("flate")} build ks`, () => {
  it("the homelab fixture: the same objects, by identity then content", async () => {
    const dir = copy(FIXTURE);
    const theirs = new Map(flateBuild(dir).map((o) => [id(o), o]));
    const ours = new Map((await kilnBuild(dir)).map((o) => [id(o), o]));
    expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort());
    expect(theirs.size).toBeGreaterThan(10);
    for (const [k, o] of theirs) expect(sorted(ours.get(k)), k).toEqual(sorted(o));
  });
});

const SUBST_TREE: Record<string, string> = {
  "app/kustomization.yaml": "resources: [cm.yaml, deploy.yaml, off.yaml]\n",
  "app/cm.yaml": `apiVersion: v1
kind: ConfigMap
metadata:
  name: \${APP}-settings
  namespace: default
data:
  quoted: "\${NUM}"
  single: '\${NUM}'
  upper: \${APP^^}
  nested: \${MISSING:-"\${APP}-fallback"}
  eq: x\${EMPTY=dflt}
  escaped: $\${APP}
  path: \${PATHV%%.*}
  url: https://\${APP}.\${DOMAIN:=example.org}/
  block: |
    app=\${APP}
    home=$HOME
`,
  "app/deploy.yaml": `apiVersion: apps/v1
kind: Deployment
metadata:
  name: \${APP}
  namespace: default
spec:
  replicas: \${NUM}
  selector:
    matchLabels:
      app: \${APP}
  template:
    metadata:
      labels:
        app: \${APP}
    spec:
      securityContext:
        runAsUser: \${PUID:=1000}
        runAsNonRoot: \${NONROOT:=true}
      containers:
        - name: app
          image: busybox:\${TAG:-1.37}
`,
  "app/off.yaml": `apiVersion: v1
kind: ConfigMap
metadata:
  name: untouched
  namespace: default
  annotations:
    kustomize.toolkit.fluxcd.io/substitute: disabled
data:
  script: echo \${APP}
`,
  "ks.yaml": `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: subst
  namespace: flux-system
spec:
  interval: 10m
  path: ./app
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
  postBuild:
    substitute:
      APP: demo
      NUM: "2"
      EMPTY: ""
      PATHV: a/b.tar.gz
`,
};

describe.skipIf(!flux)(
  `substitution against ${flux ?? peerSkip("flux")} build kustomization --dry-run`,
  () => {
    it("typed values, quoting, nesting, defaults, operators, escapes and the opt-out", async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), "kiln-flux-subst-"));
      for (const [f, text] of Object.entries(SUBST_TREE)) {
        execFileSync("mkdir", ["-p", path.dirname(path.join(dir, f))]);
        writeFileSync(path.join(dir, f), text);
      }
      const out = execFileSync(
        flux!,
        [
          "build",
          "kustomization",
          "subst",
          "--path",
          path.join(dir, "app"),
          "--kustomization-file",
          path.join(dir, "ks.yaml"),
          "--dry-run",
        ],
        { encoding: "utf8", env: { ...process.env, HOME: dir } },
      );
      const theirs = new Map(
        parseYamlDocuments(out, "flux")
          .map((d) => d.value as KubeObject)
          .filter(Boolean)
          .map((o) => [id(o), o]),
      );
      const repo = await loadFluxRepository(dir);
      const ours = new Map(
        repo.objects
          .filter((o) => o.kustomization === "flux-system/subst")
          .map((o) => [id(o.object), o.object]),
      );
      expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort());
      for (const [k, o] of theirs) expect(sorted(ours.get(k)), k).toEqual(sorted(o));
    });
  },
);

const REAL = process.env.KILN_REAL_REPOS;

describe.skipIf(!REAL || !flate)(
  !REAL ? "skipped: KILN_REAL_REPOS is not set" : `real repositories in ${REAL} against flate`,
  () => {
    const repos = REAL && existsSync(REAL) ? readdirSync(REAL).filter((d) => !d.startsWith(".")) : [];
    for (const name of repos)
      it(name, async () => {
        const dir = copy(path.join(REAL!, name));
        const theirs = new Map(flateBuild(dir).map((o) => [id(o), o]));
        const ours = new Map((await kilnBuild(dir)).map((o) => [id(o), o]));
        const common = [...theirs.keys()].filter((k) => ours.has(k));
        const same = common.filter(
          (k) => JSON.stringify(sorted(ours.get(k))) === JSON.stringify(sorted(theirs.get(k))),
        );
        const summary = {
          flate: theirs.size,
          kiln: ours.size,
          onlyFlate: [...theirs.keys()].filter((k) => !ours.has(k)).length,
          onlyKiln: [...ours.keys()].filter((k) => !theirs.has(k)).length,
          sameContent: same.length,
        };
        console.log(`${name}: ${JSON.stringify(summary)}`);
        // Most of what flate renders, kiln renders the same way (the rest is explained in docs/flux.md).
        expect(common.length).toBeGreaterThan(theirs.size * 0.9);
      });
  },
);
