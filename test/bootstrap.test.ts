import { spawnSync } from "node:child_process";
import path from "node:path";
import {
  type BootstrapPlan,
  bootstrapPlan,
  bootstrapScript,
  defineControlPlane,
  type KilnError,
  type KubeObject,
  parseYamlDocuments,
  renderControlPlane,
} from "kiln";
import { describe, expect, it } from "vitest";
import { versions } from "../examples/homelab/versions.ts";
import { kiln } from "./helpers/cli.ts";
import { ROOT } from "./helpers/env.ts";

const HOMELAB = path.join(ROOT, "examples/homelab");

const gitRepo = (extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: "source.toolkit.fluxcd.io/v1",
  kind: "GitRepository",
  metadata: { name: "flux-system", namespace: "flux-system" },
  spec: { interval: "1m", url: "https://git.example.org/repo", ref: { branch: "main" }, ...extra },
});
const rootKs = (cluster: string, dependsOn?: string[]): KubeObject => ({
  apiVersion: "kustomize.toolkit.fluxcd.io/v1",
  kind: "Kustomization",
  metadata: { name: "flux-system", namespace: "flux-system" },
  spec: {
    interval: "10m",
    path: `./clusters/${cluster}`,
    prune: true,
    sourceRef: { kind: "GitRepository", name: "flux-system" },
    ...(dependsOn ? { dependsOn: dependsOn.map((name) => ({ name })) } : {}),
  },
});

/** A small control plane built in the test, so each case states exactly the graph it needs. */
function plane(build: Parameters<typeof defineControlPlane>[0]["build"]) {
  return defineControlPlane({ name: "t", inputs: {}, build });
}

async function planError(cp: ReturnType<typeof plane>, cluster: string | undefined): Promise<KilnError> {
  const { graph } = await renderControlPlane(cp);
  try {
    bootstrapPlan(graph, cluster);
  } catch (e) {
    return e as KilnError;
  }
  throw new Error("expected bootstrapPlan to fail");
}

const titles = (p: BootstrapPlan) => p.steps.map((s) => s.title.split(" ")[0]);

describe("bootstrap plan of the homelab", async () => {
  const plan = bootstrapPlan((await renderControlPlane(HOMELAB)).graph, "home");

  it("orders namespaces, CRDs, Flux, secrets, the sync, then waits", () => {
    expect(titles(plan)).toEqual([
      "Namespaces",
      "CustomResourceDefinitions",
      "Flux",
      "Secrets",
      "The",
      "Wait",
    ]);
    const ns = plan.steps[0]!.manifests.map((m) => m.metadata.name);
    expect(ns[0]).toBe("flux-system");
    expect(ns).toEqual(
      expect.arrayContaining(["infisical", "crossplane-system", "traefik", "cert-manager", "frp"]),
    );
  });

  it("installs the Flux release the graph pins", () => {
    expect(plan.steps[2]!.commands[0]).toBe(
      `kubectl apply --server-side -f https://github.com/fluxcd/flux2/releases/download/${versions.flux}/install.yaml`,
    );
  });

  it("creates only the Infisical machine-identity Secret, from environment variables", () => {
    const cmds = plan.steps[3]!.commands;
    expect(cmds).toHaveLength(1);
    expect(cmds[0]).toMatch(/^kubectl -n infisical create secret generic infisical-universal-auth /);
    expect(cmds[0]).toContain('--from-literal=clientId="${INFISICAL_UNIVERSAL_AUTH_CLIENT_ID:?');
    expect(plan.env).toEqual([
      "INFISICAL_UNIVERSAL_AUTH_CLIENT_ID",
      "INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET",
    ]);
  });

  it("applies the flux-system GitRepository and Kustomization from the graph", () => {
    const sync = plan.steps[4]!.manifests.map((m) => `${m.kind}/${m.metadata.name}`);
    expect(sync).toEqual(["GitRepository/flux-system", "Kustomization/flux-system"]);
    expect(plan.steps[4]!.manifests[1]!.spec).toMatchObject({ path: "./examples/homelab/out/clusters/home" });
  });

  it("waits on each layer after the layers it depends on", () => {
    const order = plan.steps[5]!.commands.map((c) => /kustomization\/(\S+)/.exec(c)![1]!);
    expect(order[0]).toBe("flux-system");
    const at = (n: string) => order.indexOf(n);
    for (const [layer, dep] of [
      ["sources", "flux"],
      ["controllers", "sources"],
      ["configs", "controllers"],
      ["platform", "configs"],
    ] as const) {
      expect(at(layer)).toBeGreaterThan(at(dep));
    }
  });

  it("prints a script sh accepts, whose here-documents are the plan's manifests", () => {
    const script = bootstrapScript(plan);
    const syntax = spawnSync("sh", ["-n"], { input: script, encoding: "utf8" });
    expect(syntax.status, syntax.stderr).toBe(0);
    const docs = [...script.matchAll(/<<'KILN_EOF'\n([\s\S]*?)\nKILN_EOF\n/g)].map((m) => m[1]!);
    expect(docs).toHaveLength(2);
    const sync = parseYamlDocuments(docs[1]!, "script").map((d) => d.value);
    expect(sync).toEqual(plan.steps[4]!.manifests.map((m) => JSON.parse(JSON.stringify(m))));
  });
});

describe("bootstrap plan from other graphs", () => {
  it("applies CRDs in the graph and waits until they are established", async () => {
    const crd = (name: string): KubeObject => ({
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      metadata: { name },
      spec: {},
    });
    const cp = plane(({ cluster }) => {
      const c = cluster("a");
      c.add(gitRepo(), rootKs("a"));
      c.layer("crds").add(crd("zs.example.org"), crd("as.example.org"));
    });
    const plan = bootstrapPlan((await renderControlPlane(cp)).graph, "a");
    expect(plan.steps[1]!.manifests.map((m) => m.metadata.name)).toEqual([
      "as.example.org",
      "zs.example.org",
    ]);
    expect(plan.steps[1]!.commands[0]).toContain("crd/as.example.org crd/zs.example.org");
    // No pinned flux-manifests OCIRepository: the flux CLI installs its own version.
    expect(plan.steps[2]!.commands[0]).toBe("flux install --namespace=flux-system");
  });

  it("asks for the Git credentials Secret of an https GitRepository, unless the graph produces it", async () => {
    const withRef = plane(({ cluster }) => {
      cluster("a").add(gitRepo({ secretRef: { name: "git-auth" } }), rootKs("a"));
    });
    const plan = bootstrapPlan((await renderControlPlane(withRef)).graph, "a");
    expect(plan.env).toEqual(["GIT_AUTH_USERNAME", "GIT_AUTH_PASSWORD"]);
    const produced = plane(({ cluster }) => {
      const c = cluster("a");
      c.add(gitRepo({ secretRef: { name: "git-auth" } }), rootKs("a"));
      c.layer("s").add({
        apiVersion: "secrets.infisical.com/v1alpha1",
        kind: "InfisicalSecret",
        metadata: { name: "git", namespace: "flux-system" },
        spec: { managedKubeSecretReferences: [{ secretName: "git-auth", secretNamespace: "flux-system" }] },
      });
    });
    expect(bootstrapPlan((await renderControlPlane(produced)).graph, "a").env).toEqual([]);
  });

  it("asks for the SOPS age identity of a decrypting Kustomization and the 1Password Connect token; ExternalSecrets produce their Secrets", async () => {
    const cp = plane(({ cluster }) => {
      const c = cluster("a", { decryptionSecret: "sops-age" });
      c.add(gitRepo(), rootKs("a"));
      c.layer("s", {
        kustomization: { decryption: { provider: "sops", secretRef: { name: "sops-age" } } },
      }).add(
        {
          apiVersion: "external-secrets.io/v1",
          kind: "ClusterSecretStore",
          metadata: { name: "op" },
          spec: {
            provider: {
              onepassword: {
                connectHost: "http://c:8080",
                vaults: { v: 1 },
                auth: {
                  secretRef: { connectTokenSecretRef: { name: "op-token", namespace: "eso", key: "token" } },
                },
              },
            },
          },
        },
        {
          apiVersion: "external-secrets.io/v1",
          kind: "ExternalSecret",
          metadata: { name: "git-auth", namespace: "flux-system" },
          spec: { secretStoreRef: { kind: "ClusterSecretStore", name: "op" }, data: [] },
        },
      );
    });
    const plan = bootstrapPlan((await renderControlPlane(cp)).graph, "a");
    expect(plan.env).toEqual(["OP_TOKEN_TOKEN", "SOPS_AGE_AGE_AGEKEY"]);
    const commands = plan.steps.flatMap((s) => s.commands).join("\n");
    expect(commands).toContain(
      "kubectl -n flux-system create secret generic sops-age --from-literal=age.agekey=",
    );
    expect(commands).toContain("kubectl -n eso create secret generic op-token --from-literal=token=");
  });

  it("puts the Flux namespace first, declared or not", async () => {
    const ns = (name: string): KubeObject => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
    const declared = plane(({ cluster }) => {
      const c = cluster("a");
      c.add(gitRepo(), rootKs("a"));
      c.layer("n").add(ns("apps"), ns("flux-system"));
    });
    const names = (p: BootstrapPlan) => p.steps[0]!.manifests.map((m) => m.metadata.name);
    expect(names(bootstrapPlan((await renderControlPlane(declared)).graph, "a"))).toEqual([
      "flux-system",
      "apps",
    ]);
    const undeclared = plane(({ cluster }) => {
      const c = cluster("a");
      c.add(gitRepo(), rootKs("a"));
      c.layer("n").add(ns("apps"));
    });
    expect(names(bootstrapPlan((await renderControlPlane(undeclared)).graph, "a"))).toEqual([
      "flux-system",
      "apps",
    ]);
  });

  it("names the clusters when asked for an unknown one", async () => {
    const cp = plane(({ cluster }) => {
      cluster("b").add(gitRepo(), rootKs("b"));
      cluster("a").add(gitRepo(), rootKs("a"));
    });
    const e = await planError(cp, "nope");
    expect(e.message).toBe('no cluster "nope" in this control plane (clusters: a, b)');
  });

  it("takes the only cluster when --cluster is left out, and asks for it when there are several", async () => {
    const one = plane(({ cluster }) => {
      cluster("a").add(gitRepo(), rootKs("a"));
    });
    expect(bootstrapPlan((await renderControlPlane(one)).graph, undefined).steps.length).toBeGreaterThan(0);
    const two = plane(({ cluster }) => {
      cluster("b").add(gitRepo(), rootKs("b"));
      cluster("a").add(gitRepo(), rootKs("a"));
    });
    const e = await planError(two, undefined);
    expect(e.message).toBe("--cluster is required: this control plane has 2 clusters (a, b)");
    expect(e.name).toBe("UsageError");
  });

  it("refuses a cluster without a Kustomization applying its own folder", async () => {
    const cp = plane(({ cluster }) => {
      cluster("a").add(gitRepo());
    });
    expect((await planError(cp, "a")).message).toMatch(/has no Flux Kustomization applying its own folder/);
  });

  it("refuses Kustomizations that depend on each other in a cycle", async () => {
    const cp = plane(({ cluster }) => {
      const c = cluster("a");
      c.add(gitRepo(), rootKs("a"));
      c.layer("x", { dependsOn: ["y"] }).add({
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "x", namespace: "d" },
      });
      c.layer("y", { dependsOn: ["x"] }).add({
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "y", namespace: "d" },
      });
    });
    const e = await planError(cp, "a");
    expect(e.message).toBe("Flux Kustomizations depend on each other in a cycle: x → y → x");
    expect(e.location.path).toBe("spec.dependsOn");
  });
});

describe("kiln bootstrap", () => {
  it("prints the script for a cluster", () => {
    const r = kiln(["bootstrap", "examples/homelab", "--cluster", "home", "--timeout", "3m"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^#!\/bin\/sh\n/);
    expect(r.stdout).toContain(
      "kubectl -n flux-system wait kustomization/flux-system --for=condition=Ready --timeout=3m",
    );
  });

  it("exits 1 with nothing on stdout for an unknown cluster", () => {
    const r = kiln(["bootstrap", "examples/homelab", "--cluster", "nope"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe('error: no cluster "nope" in this control plane (clusters: home, lab)\n');
  });

  it("exits 2 without --cluster", () => {
    const r = kiln(["bootstrap", "examples/homelab"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--cluster");
  });
});
