/**
 * The seeds' structural tests, on the rendered homelab graph: required exports, HelmRelease
 * sources and pins, the Flux layer DAG, no plaintext secrets, layered inputs.
 */
import path from "node:path";
import { type KubeObject, type ResourceGraph, renderControlPlane } from "kiln";
import { Match, resources } from "kiln/testing";
import { describe, expect, it } from "vitest";
import { FUNCTION_NAME, FUNCTION_PACKAGE, PROVIDER_PACKAGE } from "../../examples/homelab/crossplane.ts";
import {
  type ClusterEntry,
  type ClusterInputs,
  clusterInputs,
  defaults,
  inputs,
} from "../../examples/homelab/inputs.ts";
import homelab, { REPO_PATH } from "../../examples/homelab/main.ts";
import { ACME_DIRECTORIES } from "../../examples/homelab/tls.ts";
import { versions } from "../../examples/homelab/versions.ts";
import { layoutFiles } from "../../src/synth/layout.ts";
import { ROOT } from "../helpers/env.ts";

const HOMELAB = path.join(ROOT, "examples/homelab");
const { graph } = await renderControlPlane(HOMELAB);
const home = resources(graph).inUnit("home");

type Spec = Record<string, any>;
const spec = (o: KubeObject) => (o.spec ?? {}) as Spec;

describe("required exports", () => {
  it("default-exports the control plane whose repoPath is where kiln build writes", () => {
    expect(homelab).toMatchObject({ kind: "kiln.dev/ControlPlane", name: "homelab", repoPath: REPO_PATH });
    // `kiln build examples/homelab` writes <dir>/out; Flux must read the same folder from Git.
    expect(path.resolve(ROOT, REPO_PATH)).toBe(path.join(HOMELAB, "out"));
  });

  it("exports typed inputs whose defaults carry every pin", () => {
    expect(defaults.versions).toEqual(versions);
    expect(Object.keys(inputs.clusters).sort()).toEqual(["home", "lab"]);
  });
});

describe("HelmReleases", () => {
  const releases = home.ofKind("helm.toolkit.fluxcd.io/v2/HelmRelease");

  it("installs the four controllers", () => {
    expect(
      releases
        .objects()
        .map((r) => r.metadata.name)
        .sort(),
    ).toEqual(["cert-manager", "crossplane", "infisical-operator", "traefik"]);
  });

  it("each has a source in the graph and an exact version", () => {
    for (const r of releases.objects()) {
      const s = spec(r);
      const ref = s.chart?.spec?.sourceRef ?? s.chartRef;
      expect(ref, r.metadata.name).toBeDefined();
      const source = home
        .ofKind(`source.toolkit.fluxcd.io/${ref.kind}`)
        .named(ref.name)
        .inNamespace(ref.namespace ?? r.metadata.namespace);
      expect(source.size, `${r.metadata.name} → ${ref.kind} ${ref.name}`).toBe(1);
      const version = s.chart ? s.chart.spec.version : spec(source.one()).ref?.tag;
      expect(version, r.metadata.name).toMatch(/^v?\d+\.\d+\.\d+$/);
      if (s.chart) expect(s.chartRef).toBeUndefined();
    }
  });

  it("cert-manager installs its CRDs through the release and the chart value", () => {
    expect(graph).toHaveResource(
      "HelmRelease",
      Match.objectLike({
        metadata: { name: "cert-manager" },
        spec: { install: { crds: Match.stringLikeRegexp("^Create") }, values: { crds: { enabled: true } } },
      }),
    );
  });

  it("Traefik has no LoadBalancer: traffic arrives through frp", () => {
    const traefik = releases.named("traefik").one();
    expect(spec(traefik).values.service.type).toBe("ClusterIP");
  });
});

describe("Flux layers", () => {
  const kustomizations = home.ofKind("kustomize.toolkit.fluxcd.io/v1/Kustomization");
  const deps = (name: string) =>
    (spec(kustomizations.named(name).one()).dependsOn ?? []).map((d: { name: string }) => d.name).sort();

  it("form the intended DAG: flux → sources → controllers → configs → platform → apps", () => {
    const edges = Object.fromEntries(
      kustomizations
        .objects()
        .map((k) => [k.metadata.name, deps(k.metadata.name!)])
        .sort(),
    );
    expect(edges).toEqual({
      "flux-system": [],
      flux: [],
      sources: ["flux"],
      controllers: ["sources"],
      configs: ["controllers"],
      platform: ["configs"],
      apps: ["platform"],
    });
  });

  it("each layer prunes and points at a folder the build writes", () => {
    const files = layoutFiles(graph);
    for (const k of kustomizations.objects()) {
      const s = spec(k);
      expect(typeof s.prune, k.metadata.name).toBe("boolean");
      if (s.sourceRef.kind !== "GitRepository") continue;
      expect(s.sourceRef.name).toBe("flux-system");
      expect(s.path.startsWith(`${REPO_PATH}/clusters/home`), s.path).toBe(true);
      const folder = s.path.slice(`${REPO_PATH}/`.length);
      expect(files.has(`${folder}/kustomization.yaml`), folder).toBe(true);
    }
  });

  it("waits on health: Crossplane packages by their Healthy condition", () => {
    const configs = spec(kustomizations.named("configs").one());
    expect(configs.wait).toBe(true);
    expect(configs.healthCheckExprs.map((e: { kind: string }) => e.kind).sort()).toEqual([
      "Function",
      "Provider",
    ]);
  });

  it("manages Flux itself from the pinned release manifests", () => {
    const oci = home.ofKind("OCIRepository").named("flux-manifests").one();
    expect(spec(oci).ref).toEqual({ tag: versions.flux });
    expect(spec(kustomizations.named("flux").one())).toMatchObject({
      prune: false,
      sourceRef: { kind: "OCIRepository", name: "flux-manifests" },
    });
  });
});

describe("Crossplane", () => {
  it("installs the namespaced DigitalOcean provider and the kiln Function, both pinned", () => {
    expect(spec(home.ofKind("pkg.crossplane.io/v1/Provider").one()).package).toBe(
      `${PROVIDER_PACKAGE}:${versions.providerDigitalocean}`,
    );
    expect(spec(home.ofKind("pkg.crossplane.io/v1/Function").named(FUNCTION_NAME).one()).package).toBe(
      `${FUNCTION_PACKAGE}:${versions.gatewayFunction}`,
    );
    expect(home.ofKind("ClusterProviderConfig").one().apiVersion).toBe(
      "digitalocean.m.crossplane.io/v1beta1",
    );
  });

  it("the Gateway XR, its XRD and the Composition's function fit together", () => {
    const xrd = spec(home.ofKind("CompositeResourceDefinition").one());
    const composition = spec(home.ofKind("Composition").one());
    const xr = home.ofKind("Gateway").oneResource();
    const version = xrd.versions.find((v: Spec) => v.referenceable).name;
    expect(xr.object.apiVersion).toBe(`${xrd.group}/${version}`);
    expect(composition.compositeTypeRef).toEqual({ apiVersion: xr.object.apiVersion, kind: xrd.names.kind });
    expect(xrd.scope).toBe("Namespaced");
    expect(xr.id.namespace).toBe("gateway");
    const fn = composition.pipeline.map((p: Spec) => p.functionRef.name);
    expect(fn).toEqual([FUNCTION_NAME]);
    // Layers: the XRD and Composition before the XR, the Function before the Composition.
    expect(xr.origin.unit).toEqual(["home", "apps", "gateway"]);
    expect(home.ofKind("CompositeResourceDefinition").oneResource().origin.unit).toEqual([
      "home",
      "platform",
    ]);
    expect(home.ofKind("Function").oneResource().origin.unit).toEqual(["home", "configs"]);
  });

  it("the Gateway gets the cluster's inputs", () => {
    const cfg = clusterInputs(inputs, "home");
    expect(spec(home.ofKind("Gateway").one())).toMatchObject({
      domain: cfg.domain,
      region: cfg.digitalocean.region,
      size: cfg.digitalocean.size,
      imageUrl: cfg.digitalocean.imageUrl,
      sshKeys: cfg.digitalocean.sshKeyFingerprints,
    });
  });

  it("the provider's token comes as JSON from an InfisicalSecret-made Secret", () => {
    const ref = spec(home.ofKind("ClusterProviderConfig").one()).credentials;
    expect(ref.source).toBe("Secret");
    const maker = home
      .ofKind("InfisicalSecret")
      .named(ref.secretRef.name)
      .inNamespace(ref.secretRef.namespace)
      .one();
    const data = spec(maker).managedKubeSecretReferences[0].template.data;
    expect(JSON.parse(data[ref.secretRef.key])).toEqual({ token: "{{ .DIGITALOCEAN_TOKEN.Value }}" });
  });
});

describe("secrets", () => {
  it("no Secret object anywhere in the output", () => {
    expect(resources(graph).ofKind("v1/Secret").size).toBe(0);
    for (const [file, text] of layoutFiles(graph)) expect(text, file).not.toMatch(/^kind: Secret$/m);
  });

  it("every Secret a resource reads is materialized by an InfisicalSecret, except the bootstrap credentials", () => {
    const managed = new Set(
      home
        .ofKind("InfisicalSecret")
        .objects()
        .flatMap((s) =>
          spec(s).managedKubeSecretReferences.map((m: Spec) => `${m.secretNamespace}/${m.secretName}`),
        ),
    );
    const pc = home.ofKind("ClusterProviderConfig").one();
    const ref = spec(pc).credentials.secretRef;
    expect(managed.has(`${ref.namespace}/${ref.name}`)).toBe(true);
    for (const s of home.ofKind("InfisicalSecret").objects()) {
      const creds = spec(s).authentication.universalAuth.credentialsRef;
      expect(creds).toEqual({
        secretName: defaults.infisical.credentialsSecret,
        secretNamespace: "infisical",
      });
      // Values are templates over Infisical secrets, never literals.
      for (const m of spec(s).managedKubeSecretReferences) {
        for (const v of Object.values(m.template.data)) expect(v).toMatch(/\{\{ \.[A-Z_]+\.Value \}\}/);
      }
    }
  });
});

describe("layered inputs", () => {
  const merged = (environment: string, role: string, overrides: object = {}): ClusterInputs =>
    clusterInputs({ defaults, clusters: { x: { environment, role, overrides } as ClusterEntry } }, "x");

  it("environment over defaults, role over environment, cluster over role", () => {
    expect(merged("production", "control-plane").acme).toBe("production");
    expect(merged("staging", "control-plane").acme).toBe("staging");
    expect(merged("staging", "workload").features.gateway).toBe(false);
    expect(merged("staging", "workload", { features: { gateway: true } }).features.gateway).toBe(true);
    expect(merged("staging", "workload", { acme: "production" }).acme).toBe("production");
    // Deep merge keeps the siblings of an overridden leaf.
    expect(
      merged("production", "control-plane", { digitalocean: { size: "s-2vcpu-2gb" } }).digitalocean,
    ).toEqual({
      ...defaults.digitalocean,
      size: "s-2vcpu-2gb",
    });
  });

  it("kiln names the bad environment or role, from the control plane's choices", async () => {
    await expect(
      renderControlPlane(HOMELAB, { overrides: { clusters: { home: { environment: "qa" } } } }),
    ).rejects.toThrow(
      'input clusters.home.environment must be one of "staging", "production"; got a string that is none of them (from overrides)',
    );
    await expect(
      renderControlPlane(HOMELAB, { overrides: { clusters: { lab: { role: "edge" } } } }),
    ).rejects.toThrow(
      'input clusters.lab.role must be one of "control-plane", "workload"; got a string that is none of them (from overrides)',
    );
    await expect(renderControlPlane(HOMELAB, { overrides: { defaults: { acme: "prod" } } })).rejects.toThrow(
      'input defaults.acme must be one of "staging", "production"',
    );
  });

  it("a workload cluster runs no gateway: no Crossplane, no frp", async () => {
    const g = (await renderControlPlane(HOMELAB, { overrides: { clusters: { home: { role: "workload" } } } }))
      .graph;
    const set = resources(g).inUnit("home");
    expect(set.ofKind("HelmRelease").named("crossplane").size).toBe(0);
    expect(set.where((o) => o.apiVersion.includes("crossplane.io")).size).toBe(0);
    expect(set.ofKind("Namespace").named("frp").size).toBe(0);
    expect(set.ofKind("Kustomization").named("platform").size).toBe(0);
    expect(set.ofKind("ClusterIssuer").size).toBe(1);
  });
});

describe("environments", () => {
  /** JSON paths (with identity) whose values differ between two renders of the same cluster. */
  function differences(a: ResourceGraph, b: ResourceGraph): string[] {
    const out: string[] = [];
    const walk = (x: unknown, y: unknown, at: string) => {
      if (x && y && typeof x === "object" && typeof y === "object") {
        for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) {
          walk((x as Spec)[k], (y as Spec)[k], `${at}.${k}`);
        }
      } else if (JSON.stringify(x) !== JSON.stringify(y)) out.push(at);
    };
    const keyed = (g: ResourceGraph) =>
      new Map(
        g
          .nodes()
          .filter((n) => n.id.cluster === "home")
          .map((n) => [`${n.id.kind} ${n.id.namespace ?? ""}/${n.id.name}`, n.object]),
      );
    const [ka, kb] = [keyed(a), keyed(b)];
    expect([...ka.keys()].sort()).toEqual([...kb.keys()].sort());
    for (const [k, o] of ka) walk(o, kb.get(k), k);
    return out.sort();
  }

  it("staging differs from production only in the ACME directory and the Infisical environment", async () => {
    const staging = (
      await renderControlPlane(HOMELAB, { overrides: { clusters: { home: { environment: "staging" } } } })
    ).graph;
    expect(differences(graph, staging)).toEqual([
      "ClusterIssuer /letsencrypt.spec.acme.server",
      "InfisicalSecret crossplane-system/digitalocean-credentials.spec.authentication.universalAuth.secretsScope.envSlug",
      "InfisicalSecret frp/frp-token.spec.authentication.universalAuth.secretsScope.envSlug",
    ]);
    expect(spec(resources(staging).inUnit("home").ofKind("ClusterIssuer").one()).acme.server).toBe(
      ACME_DIRECTORIES.staging,
    );
    expect(spec(home.ofKind("ClusterIssuer").one()).acme.server).toBe(ACME_DIRECTORIES.production);
  });

  it("a cluster's domain reaches only the Gateway and the tunnel's server address (and the hash that rolls frpc)", async () => {
    const moved = (
      await renderControlPlane(HOMELAB, {
        overrides: { clusters: { home: { overrides: { domain: "moved.example.net" } } } },
      })
    ).graph;
    expect(differences(graph, moved).slice()).toEqual([
      "ConfigMap frp/frpc.data.frpc.toml",
      "Deployment frp/frpc.spec.template.metadata.annotations.kiln.dev/config-sha256",
      "Gateway gateway/gateway.spec.domain",
    ]);
    const toml = resources(moved).inUnit("home").ofKind("ConfigMap").named("frpc").one().data as Record<
      string,
      string
    >;
    expect(toml["frpc.toml"]).toContain('serverAddr = "moved.example.net"');
  });

  it("the staging cluster differs from production in its domain and environment only", async () => {
    const lab = resources(graph).inUnit("lab");
    expect(spec(lab.ofKind("ClusterIssuer").one()).acme.server).toBe(ACME_DIRECTORIES.staging);
    expect(
      (lab.ofKind("ConfigMap").named("frpc").one().data as Record<string, string>)["frpc.toml"],
    ).toContain('serverAddr = "lab.example.org"');
  });
});
