/**
 * examples/homelab chooses per cluster where Secrets come from. The default (Infisical) is the
 * golden snapshot; here `lab` switches to External Secrets (1Password Connect) or SOPS while
 * `home` stays byte-identical, and each variant is checked: objects, strict validation against
 * the CRDs (mirror), and for SOPS a real `kiln build` whose output the test identity decrypts.
 */
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type CrdSource, type KubeObject, type ResourceGraph, renderControlPlane, validateGraph } from "kiln";
import { crdSchemasFromText } from "kiln/import";
import { resources } from "kiln/testing";
import { afterAll, describe, expect, it } from "vitest";
import config from "../../examples/homelab/kiln.config.ts";
import { catalogPins } from "../../src/import/catalog.ts";
import { loadIdentities } from "../../src/secrets/age.ts";
import { decryptFileText } from "../../src/secrets/sops.ts";
import { layoutFiles } from "../../src/synth/layout.ts";
import { kiln } from "../helpers/cli.ts";
import { MIRROR_SKIP, mirrorDir } from "../helpers/env.ts";
import { readTree } from "../helpers/tree.ts";
import { CANARY } from "../secrets/helpers.ts";
import { HOMELAB, SECRET_VALUES, sopsHomelab, TEST_IDENTITY } from "./sops-cluster.ts";

type Spec = Record<string, any>;
const spec = (o: KubeObject) => (o.spec ?? {}) as Spec;
const lab = async (provider: string) =>
  (await renderControlPlane(HOMELAB, { overrides: [{ clusters: { lab: { secrets: provider } } }] })).graph;
const filesOf = (graph: ResourceGraph, cluster: string) =>
  new Map(
    [...layoutFiles(graph)].filter(
      ([f]) => f.startsWith(`clusters/${cluster}/`) || f.startsWith(`nixos/${cluster}/`),
    ),
  );

describe("external-secrets cluster", async () => {
  const graph = await lab("external-secrets");
  const labObjects = resources(graph).inUnit("lab");

  it("home is unchanged; lab has no Infisical, but the operators, a ClusterSecretStore and ExternalSecrets", async () => {
    expect(filesOf(graph, "home")).toEqual(filesOf((await renderControlPlane(HOMELAB)).graph, "home"));
    expect(labObjects.ofKind("InfisicalSecret").size).toBe(0);
    const releases = labObjects
      .ofKind("helm.toolkit.fluxcd.io/v2/HelmRelease")
      .objects()
      .map((r) => r.metadata.name);
    expect(releases).toContain("external-secrets");
    expect(releases).toContain("onepassword-connect");
    expect(releases).not.toContain("infisical-operator");
    expect(spec(labObjects.ofKind("ClusterSecretStore").one()).provider.onepassword).toMatchObject({
      vaults: { homelab: 1 },
      auth: {
        secretRef: {
          connectTokenSecretRef: { name: "onepassword-connect-token", namespace: "external-secrets" },
        },
      },
    });
    const es = labObjects.ofKind("ExternalSecret").objects();
    expect(es.map((e) => `${e.metadata.namespace}/${e.metadata.name}`).sort()).toEqual([
      "crossplane-system/digitalocean-credentials",
      "frp/frp-token",
    ]);
    const creds = spec(es.find((e) => e.metadata.name === "digitalocean-credentials") as KubeObject);
    // The staging environment's item; the same JSON the Infisical variant templates.
    expect(creds.data).toEqual([
      {
        secretKey: "DIGITALOCEAN_TOKEN",
        remoteRef: { key: "homelab-staging", property: "DIGITALOCEAN_TOKEN" },
      },
    ]);
    expect(creds.target.template.data).toEqual({ credentials: '{"token":"{{ .DIGITALOCEAN_TOKEN }}"}' });
    expect(labObjects.ofKind("v1/Secret").size).toBe(0);
  });

  const mirror = mirrorDir();
  it.skipIf(!mirror)(
    mirror ? "validates strictly against the project's and external-secrets' CRDs" : MIRROR_SKIP,
    async () => {
      // The external-secrets CRDs as the built-in catalog pins them.
      const pinned = catalogPins()
        .entries()
        .map((e) => e.url ?? "")
        .filter((u) => /\/external-secrets\.io_(clustersecretstores|externalsecrets)\.yaml$/.test(u));
      expect(pinned).toHaveLength(2);
      const urls = [
        ...(config.crds ?? []).map((s: CrdSource) =>
          typeof s === "string" ? s : (s as { url: string }).url,
        ),
        ...pinned,
      ];
      const kindSchemas = urls.flatMap(
        (u) =>
          crdSchemasFromText(
            readFileSync(path.join(mirror as string, u.replace(/^https:\/\//, "")), "utf8"),
            u,
          ).kinds,
      );
      const report = await validateGraph(graph, { strict: true, kindSchemas, schemas: { catalog: false } });
      expect(report.diagnostics.filter((d) => d.rule !== "ref/path")).toEqual([]);
      expect(report.summary.withoutSchema).toBe(0);
    },
  );

  it("an unknown provider is an error naming the input and the providers (kiln checks the choices)", async () => {
    await expect(lab("vault")).rejects.toThrow(
      'input clusters.lab.secrets must be one of "infisical", "sops", "external-secrets"; got a string that is none of them (from overrides)',
    );
  });

  it("kiln build --set clusters.lab.secrets=sopz fails, naming --set; the value is not echoed", () => {
    const r = kiln([
      "build",
      "examples/homelab",
      "--set",
      "clusters.lab.secrets=sopz",
      "--out",
      path.join(tmpdir(), "kiln-never"),
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      'input clusters.lab.secrets must be one of "infisical", "sops", "external-secrets"; got a string that is none of them (from --set)',
    );
    expect(r.stderr).not.toContain("sopz");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("sops cluster (kiln build, test identity from test/fixtures)", async () => {
  const h = sopsHomelab();
  afterAll(() => rmSync(h.repo, { recursive: true, force: true }));
  const log = await h.build();
  const first = readTree(h.out);
  const ids = loadIdentities({ SOPS_AGE_KEY_FILE: TEST_IDENTITY });

  it("lab's Secrets are SOPS-encrypted files its configs layer decrypts; home is unchanged", async () => {
    const labFiles = [...first.keys()].filter((f) => f.startsWith("clusters/lab/configs/"));
    expect(labFiles.filter((f) => f.endsWith(".sops.yaml")).sort()).toEqual([
      "clusters/lab/configs/secret-digitalocean-credentials.sops.yaml",
      "clusters/lab/configs/secret-frp-token.sops.yaml",
    ]);
    expect(labFiles.some((f) => f.includes("infisicalsecret"))).toBe(false);
    expect(first.get("clusters/lab/kustomization-configs.yaml")).toMatch(
      /decryption:\n {4}provider: sops\n {4}secretRef:\n {6}name: sops-age\n/,
    );
    expect(first.get("clusters/home/kustomization-configs.yaml")).not.toContain("decryption");
    const defaults = filesOf((await renderControlPlane(HOMELAB)).graph, "home");
    for (const [f, text] of defaults) expect(first.get(f), f).toBe(text);
    expect(log.join("\n")).toContain("encrypted 2 SOPS Secrets");
  });

  it("the test identity decrypts them to the secrets file's values (the DigitalOcean JSON built by concat)", async () => {
    const read = (f: string) =>
      decryptFileText(first.get(`clusters/lab/configs/${f}`) as string, { file: f, identities: ids });
    expect(await read("secret-frp-token.sops.yaml")).toContain(`token: ${SECRET_VALUES.FRP_TOKEN}\n`);
    expect(await read("secret-digitalocean-credentials.sops.yaml")).toContain(
      `credentials: '{"token":"${SECRET_VALUES.DIGITALOCEAN_TOKEN}"}'\n`,
    );
  });

  it("no plaintext value in any output file or log line; a rebuild is byte-identical", async () => {
    for (const [f, text] of first) expect(text, f).not.toContain(CANARY);
    expect(log.join("\n")).not.toContain(CANARY);
    await h.build();
    expect(readTree(h.out)).toEqual(first);
  });
});
