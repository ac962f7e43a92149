// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Flux substitution expressions
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { validateRepository } from "../../src/validate/repository.ts";
import { ks, writeTree } from "../flux/tree.ts";
import { kiln } from "../helpers/cli.ts";
import { ROOT } from "../helpers/env.ts";

const FIXTURE = path.join(ROOT, "test/fixtures/flux/homelab");
const offline = { schemas: { catalog: true, network: false } } as const;
const errors = (r: { diagnostics: Array<{ severity: string; line?: number }> }) =>
  r.diagnostics.filter((d) => d.severity === "error");

const deploy = (name: string, extra = "") => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: default
spec:
  replicas: 1
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: app
          image: busybox:1.37
${extra}`;

/** An XRD of a Greeting XR, and a Greeting. */
const xrd = `apiVersion: apiextensions.crossplane.io/v2
kind: CompositeResourceDefinition
metadata:
  name: greetings.example.org
spec:
  group: example.org
  names: { kind: Greeting, plural: greetings }
  scope: Namespaced
  versions:
    - name: v1
      served: true
      referenceable: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              required: [domain]
              properties: { domain: { type: string } }
`;
const xr = (spec: string) =>
  `apiVersion: example.org/v1\nkind: Greeting\nmetadata: { name: hi, namespace: default }\nspec: ${spec}\n`;

describe("kiln validate, repository mode", () => {
  it("the homelab fixture renders and validates clean; unreached files are listed, not validated", async () => {
    const r = await validateRepository(FIXTURE, offline);
    expect(errors(r)).toEqual([]);
    expect(r.summary.resources).toBe(14);
    expect(r.notes.join("\n")).toMatch(/not applied by Flux .*stray\/old-app\.yaml/);
    expect(r.notes.join("\n")).not.toContain("values.yaml");
    // the SOPS Secret is validated with placeholders (no secret-policy error, no unknown `sops` field)
    const secret = r.repository.objects.find((o) => o.object.kind === "Secret")!;
    expect(secret.sops).toBe(true);
    expect(JSON.stringify(secret.object)).not.toContain("ENC[");
    // substitution from the encrypted Secret gives the placeholder, never ciphertext
    const web = r.repository.objects.find((o) => o.object.kind === "Deployment")!.object as any;
    const env = web.spec.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: "ADMIN_EMAIL", value: "..PLACEHOLDER_ADMIN_EMAIL.." });
    expect(web.spec.replicas).toBe(3);
  });

  it("a bad object reached by a Kustomization is an error at its own file and line", async () => {
    const root = writeTree({
      "flux/apps.yaml": ks("apps", { path: "./apps" }),
      "apps/kustomization.yaml": "resources: [web.yaml]\n",
      "apps/web.yaml": deploy("web", "      restartPolicy: Sometimes\n"),
      "old/broken.yaml": deploy("old", "      restartPolicy: Sometimes\n"),
      "Taskfile.yaml": "version: '3'\ntasks:\n  default:\n    cmds: [echo hi]\n",
      "charts/mine/Chart.yaml": "apiVersion: v2\nname: mine\nversion: 0.1.0\n",
      "charts/mine/templates/deploy.yaml":
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n",
    });
    const r = await validateRepository(root, offline);
    const e = errors(r);
    expect(e.length).toBeGreaterThan(0);
    expect(e.every((d: any) => d.file.endsWith(path.join("apps", "web.yaml")))).toBe(true);
    expect(e[0]).toMatchObject({ line: 1, resource: "Deployment default/web" });
    expect(r.notes.join("\n")).toMatch(/not applied by Flux .*old\/broken\.yaml/);
    expect(r.diagnostics.some((d: any) => /Taskfile|charts/.test(d.file ?? ""))).toBe(false);
  });

  it("Secrets and namespaces that controllers make resolve; a reference to nothing is still an error", async () => {
    const hr = (name: string, extra: string) => `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: ${name}
  namespace: default
spec:
  interval: 1h
  chartRef: {kind: OCIRepository, name: charts}
${extra}`;
    const root = writeTree({
      "flux/apps.yaml": ks("apps", { path: "./apps" }),
      "apps/kustomization.yaml":
        "resources: [oci.yaml, es.yaml, sealed.yaml, good.yaml, bad.yaml, ns-user.yaml]\n",
      "apps/oci.yaml":
        "apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata: {name: charts, namespace: default}\nspec: {interval: 1h, url: oci://ghcr.io/x/charts, ref: {tag: '1.0'}}\n",
      "apps/es.yaml":
        "apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: {name: es, namespace: default}\nspec:\n  secretStoreRef: {kind: ClusterSecretStore, name: store}\n  target: {name: from-es}\n  dataFrom: [{extract: {key: x}}]\n",
      "apps/sealed.yaml":
        "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata: {name: sealed, namespace: default}\nspec:\n  encryptedData: {a: AgB}\n",
      "apps/good.yaml": hr(
        "good",
        "  install: {createNamespace: true}\n  targetNamespace: made\n  valuesFrom:\n    - {kind: Secret, name: from-es}\n    - {kind: Secret, name: sealed}\n",
      ),
      "apps/bad.yaml": hr("bad", "  valuesFrom:\n    - {kind: Secret, name: nobody-makes-this}\n"),
      "apps/ns-user.yaml":
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: in-made, namespace: made}\ndata: {a: b}\n",
    });
    const r = await validateRepository(root, offline);
    const refs = r.diagnostics.filter((d) => d.rule?.startsWith("ref/"));
    expect(refs).toEqual([
      expect.objectContaining({
        rule: "ref/valuesFrom",
        resource: "HelmRelease default/bad",
        message: expect.stringContaining("nobody-makes-this"),
      }),
    ]);
  });

  it("strict substitution: an unset variable is one finding naming it, and the object is not schema-checked", async () => {
    const root = writeTree({
      "flux/apps.yaml": ks("apps", { path: "./apps", postBuild: { substitute: { APP: "web" } } }),
      "apps/web.yaml": deploy("${APP}", "      priorityClassName: ${PRIORITY}\n").replace(
        "replicas: 1",
        "replicas: ${REPLICAS}",
      ),
    });
    const r = await validateRepository(root, { ...offline, strict: true });
    expect(errors(r).map((d: any) => `${d.rule} ${d.message}`)).toEqual([
      "flux/substitute variable PRIORITY is not set (Kustomization flux-system/apps substitutes strictly)",
      "flux/substitute variable REPLICAS is not set (Kustomization flux-system/apps substitutes strictly)",
    ]);
    const loose = await validateRepository(root, offline);
    expect(loose.diagnostics.filter((d) => d.rule === "flux/substitute").map((d) => d.severity)).toEqual([
      "warning",
      "warning",
    ]);
  });

  it("a ClusterExternalSecret's Secret: substituteFrom is satisfied, its variables unknown, nothing checked on them", async () => {
    const root = writeTree({
      "flux/secrets.yaml": ks("secrets", { path: "./secrets" }),
      "flux/apps.yaml": ks("apps", {
        path: "./apps",
        postBuild: { substituteFrom: [{ kind: "Secret", name: "cluster-secrets" }] },
      }),
      "flux/other.yaml": ks("other", {
        path: "./other",
        postBuild: { substituteFrom: [{ kind: "Secret", name: "nobody-makes-this" }] },
      }),
      "secrets/ces.yaml":
        "apiVersion: external-secrets.io/v1\nkind: ClusterExternalSecret\nmetadata: {name: cluster-secrets}\nspec:\n  namespaceSelectors: [{}]\n  externalSecretSpec:\n    secretStoreRef: {kind: ClusterSecretStore, name: store}\n    target: {name: cluster-secrets}\n    data: [{secretKey: SECRET_DOMAIN, remoteRef: {key: domain}}]\n",
      "apps/web.yaml": deploy("web").replace("replicas: 1", "replicas: ${REPLICAS}"),
      "apps/plain.yaml": deploy("plain").replace("replicas: 1", "replicas: many"),
      "other/cm.yaml":
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: default}\ndata: {a: b}\n",
    });
    const r = await validateRepository(root, offline);
    // The unknown ${REPLICAS} is neither a schema error nor an unset-variable warning; the object
    // without `${…}` is still checked; a Secret nobody makes is still an error.
    expect(errors(r).map((d: any) => `${d.rule} ${d.resource}`)).toEqual([
      "schema/type Deployment default/plain",
      "ref/substituteFrom Kustomization flux-system/other",
    ]);
    expect(r.diagnostics.filter((d) => d.rule === "flux/substitute")).toEqual([]);
  });

  it("flux-operator's patched Alert CRD: FluxInstance is an eventSources kind when flux-operator installs Flux", async () => {
    const alert =
      "apiVersion: notification.toolkit.fluxcd.io/v1beta3\nkind: Alert\nmetadata: {name: a, namespace: flux-system}\nspec:\n  providerRef: {name: p}\n  eventSources: [{kind: FluxInstance, name: flux}, {kind: Widget, name: x}]\n";
    const instance =
      "apiVersion: fluxcd.controlplane.io/v1\nkind: FluxInstance\nmetadata: {name: flux, namespace: flux-system}\nspec:\n  distribution: {version: 2.x, registry: ghcr.io/fluxcd}\n";
    const kinds = async (files: Record<string, string>) =>
      errors(await validateRepository(writeTree(files), offline)).map((d: any) => `${d.rule} ${d.path}`);
    const plain = await kinds({ "flux/apps.yaml": ks("apps", { path: "./apps" }), "apps/alert.yaml": alert });
    expect(plain).toEqual(["schema/enum spec.eventSources[0].kind", "schema/enum spec.eventSources[1].kind"]);
    const operator = await kinds({
      "flux/apps.yaml": ks("apps", { path: "./apps" }),
      "apps/alert.yaml": alert,
      "apps/instance.yaml": instance,
    });
    expect(operator).toEqual(["schema/enum spec.eventSources[1].kind"]);
  });

  it("dependsOn readyExpr and healthCheckExprs must compile; healthChecks must name applied objects", async () => {
    const root = writeTree({
      "flux/infra.yaml": ks("infra", { path: "./infra" }),
      "flux/apps.yaml": ks("apps", {
        path: "./apps",
        dependsOn: [{ name: "infra", readyExpr: "dep.status.conditions.exists(c, c.type ==" }],
        healthChecks: [
          { apiVersion: "apps/v1", kind: "Deployment", name: "web", namespace: "default" },
          { apiVersion: "apps/v1", kind: "Deployment", name: "typo", namespace: "default" },
        ],
        healthCheckExprs: [{ apiVersion: "example.com/v1", kind: "Widget", current: "status.ready ==" }],
      }),
      "infra/cm.yaml":
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: default}\ndata: {a: b}\n",
      "apps/web.yaml": deploy("web"),
    });
    const r = await validateRepository(root, offline);
    const flux = r.diagnostics.filter((d) => d.rule?.startsWith("flux/"));
    expect(flux.map((d) => `${d.severity} ${d.path}`)).toEqual([
      "error spec.dependsOn.0.readyExpr",
      "error spec.healthChecks.1",
      "warning spec.healthCheckExprs.0",
      "error spec.healthCheckExprs.0.current",
    ]);
    expect(flux.every((d) => d.file?.endsWith(path.join("flux", "apps.yaml")) && d.line! > 1)).toBe(true);
  });
});

describe("kiln validate picks the mode; kiln flux build and tree", () => {
  it("a folder with Flux Kustomizations is validated rendered; --files validates file by file", () => {
    const root = writeTree({
      "flux/apps.yaml": ks("apps", { path: "./apps" }),
      "apps/web.yaml": deploy("web"),
      "notes.yaml": "just: a values file\n",
      "old/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: old, namespace: default}\n",
    });
    const repo = kiln(["validate", root, "--offline", "--no-catalog"]);
    expect(repo.stdout).toContain("not applied by Flux");
    expect(repo.stdout).not.toContain("yaml/not-an-object");
    expect(repo.status).toBe(0);
    const files = kiln(["validate", root, "--files", "--offline", "--no-catalog"]);
    expect(files.stdout).toContain("yaml/not-an-object");
    expect(files.status).toBe(1);
  });

  it("flux build prints one Kustomization's objects, flux tree the DAG; an unknown name exits 1", () => {
    const b = kiln(["flux", "build", "web", "--path", FIXTURE]);
    expect(b.status).toBe(0);
    expect(b.stdout).toContain("kind: Deployment");
    expect(b.stdout).toContain("value: https://web.home.example.org");
    expect(b.stdout).not.toContain("kind: Namespace");
    const t = kiln(["flux", "tree", "--path", FIXTURE]);
    expect(t.stdout.split("\n")[0]).toMatch(/^flux-system\/flux-system {2}\.\/clusters\/home/);
    expect(t.stdout).toContain("└─ flux-system/web  ./apps/base/web");
    expect(t.stdout).toContain("dependsOn flux-system/infra");
    const missing = kiln(["flux", "build", "nope", "--path", FIXTURE]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("no Kustomization named nope");
  });

  it("an XRD Flux applies gives its XRs a schema: they are validated, not left without one", async () => {
    const root = writeTree({
      "flux/platform.yaml": ks("platform", { path: "./platform" }),
      "flux/apps.yaml": ks("apps", { path: "./apps" }),
      "platform/xrd.yaml": xrd,
      "apps/greeting.yaml": xr("{ domain: 7 }"),
    });
    const r = await validateRepository(root, { ...offline, strict: true });
    expect(r.summary.withoutSchema).toBe(0);
    expect(errors(r).map((d: any) => `${d.resource} ${d.path}`)).toEqual(["Greeting default/hi spec.domain"]);
  });
});

describe("repository mode: an XRD types only the XRs of its own Flux cluster", () => {
  const sync = (cluster: string) => `${ks("flux-system", { path: `./clusters/${cluster}` })}---
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: {name: flux-system, namespace: flux-system}
spec: {interval: 1m, url: "https://example.com/me/repo", ref: {branch: main}}
`;
  const tree = (bXrd: boolean) =>
    writeTree({
      "clusters/a/flux-system/gotk-sync.yaml": sync("a"),
      "clusters/a/platform.yaml": ks("platform", { path: "./platform" }),
      "clusters/a/apps.yaml": ks("apps", { path: "./apps-a" }),
      "clusters/b/flux-system/gotk-sync.yaml": sync("b"),
      "clusters/b/apps.yaml": ks("apps", { path: bXrd ? "./apps-b-with-xrd" : "./apps-b" }),
      "platform/xrd.yaml": xrd,
      "apps-a/greeting.yaml": xr("{ domain: 7 }"),
      "apps-b/greeting.yaml": xr("{ domain: 8 }"),
      "apps-b-with-xrd/greeting.yaml": xr("{ domain: 8 }"),
      "apps-b-with-xrd/xrd.yaml": xrd,
    });

  it("cluster a's XRD validates cluster a's XR; cluster b's XR has no schema, and the finding names cluster a", async () => {
    const r = await validateRepository(tree(false), offline);
    expect(r.summary.withoutSchema).toBe(1);
    expect(errors(r).map((d: any) => `${d.resource} ${d.path}`)).toEqual([
      "Greeting default/hi (cluster clusters/a) spec.domain",
    ]);
    const missing = r.diagnostics.filter((d) => d.rule === "schema/missing");
    expect(missing.map((d) => [d.file, d.resource, d.message])).toEqual([
      [
        expect.stringMatching(/apps-b\/greeting\.yaml$/),
        "Greeting default/hi (cluster clusters/b)",
        expect.stringMatching(
          /^no schema for example\.org\/v1 Greeting \(add its CRDs with --crds, or import them\); its XRD belongs to another tree: cluster clusters\/a \(\S*platform\/xrd\.yaml: XRD greetings\.example\.org\); an XRD gives a schema only to the XRs of its own tree$/,
        ),
      ],
    ]);
  });

  it("with its own XRD, cluster b's XR is validated too", async () => {
    const r = await validateRepository(tree(true), offline);
    expect(r.summary.withoutSchema).toBe(0);
    expect(errors(r).map((d: any) => d.resource)).toEqual([
      "Greeting default/hi (cluster clusters/a)",
      "Greeting default/hi (cluster clusters/b)",
    ]);
  });
  it("a re-run in the same process (--watch) reads edits as a fresh run does: parse and check caches follow file content", async () => {
    const root = writeTree({
      "flux/apps.yaml": ks("apps", { path: "./apps" }),
      "apps/kustomization.yaml": "resources: [web.yaml, other.yaml]\n",
      "apps/web.yaml": deploy("web"),
      "apps/other.yaml": deploy("other"),
    });
    const web = path.join(root, "apps/web.yaml");
    // as `kiln validate --watch` runs it: check results are kept between runs
    const watch = { ...offline, reuseChecks: true };
    const report = async () => {
      const r = await validateRepository(root, watch);
      return JSON.stringify([r.diagnostics, r.summary]);
    };
    const clean = await report();
    expect(JSON.parse(clean)[0].filter((d: { severity: string }) => d.severity === "error")).toEqual([]);
    // the same size and the same moment as far as the file system's clock goes: content decides
    writeFileSync(web, deploy("web").replace("replicas: 1", "replicas: x"));
    const bad = await validateRepository(root, watch);
    expect(errors(bad)).toEqual([
      expect.objectContaining({ file: expect.stringContaining("web.yaml"), path: "spec.replicas" }),
    ]);
    // the object moved down a line: its finding moves with it (results follow the file, not its name)
    writeFileSync(web, `# a comment\n${deploy("web").replace("replicas: 1", "replicas: x")}`);
    const moved = await validateRepository(root, watch);
    expect(errors(moved).map((d) => d.line)).toEqual(errors(bad).map((d) => (d.line ?? 0) + 1));
    expect(moved.summary).toEqual(bad.summary);
    writeFileSync(web, deploy("web"));
    expect(await report()).toBe(clean);
  });
});
