/**
 * A corpus of valid and invalid objects of the mirrored CRD kinds, one object per file, for the
 * kubeconform differential test (and reused by the benchmark). Each base object is valid; each
 * mutation breaks exactly one thing, named by the file.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { stringifyYaml } from "../../src/core/yaml.ts";

type Obj = Record<string, any>;

interface KindCase {
  id: string;
  base: Obj;
  /** A string field to give a number. */
  stringPath: string[];
  /** A required field to delete. */
  requiredPath: string[];
  /** An enum field and a value outside the enum. */
  enumPath?: [string[], unknown];
  /** A change only a CEL rule catches. */
  cel?: (o: Obj) => void;
}

const meta = (name: string, namespace?: string) => ({ name, ...(namespace ? { namespace } : {}) });

export const CASES: KindCase[] = [
  {
    id: "gitrepository",
    base: {
      apiVersion: "source.toolkit.fluxcd.io/v1",
      kind: "GitRepository",
      metadata: meta("repo", "flux-system"),
      spec: { interval: "1m", url: "https://github.com/example/repo", ref: { branch: "main" } },
    },
    stringPath: ["spec", "url"],
    requiredPath: ["spec", "url"],
    enumPath: [["spec", "provider"], "bitbucket"],
  },
  {
    id: "kustomization",
    base: {
      apiVersion: "kustomize.toolkit.fluxcd.io/v1",
      kind: "Kustomization",
      metadata: meta("apps", "flux-system"),
      spec: {
        interval: "10m",
        path: "./apps",
        prune: true,
        sourceRef: { kind: "GitRepository", name: "repo" },
      },
    },
    stringPath: ["spec", "path"],
    requiredPath: ["spec", "prune"],
    enumPath: [["spec", "sourceRef", "kind"], "HelmRepository"],
    cel: (o) => {
      o.spec.kubeConfig = {};
    },
  },
  {
    id: "helmrelease",
    base: {
      apiVersion: "helm.toolkit.fluxcd.io/v2",
      kind: "HelmRelease",
      metadata: meta("traefik", "traefik"),
      spec: {
        interval: "1h",
        chart: {
          spec: {
            chart: "traefik",
            version: "37.0.0",
            sourceRef: { kind: "HelmRepository", name: "traefik" },
          },
        },
      },
    },
    stringPath: ["spec", "chart", "spec", "chart"],
    requiredPath: ["spec", "chart", "spec", "sourceRef"],
    enumPath: [["spec", "install", "crds"], "Always"],
    cel: (o) => {
      o.spec.chartRef = { kind: "OCIRepository", name: "traefik" };
    },
  },
  {
    id: "helmrepository",
    base: {
      apiVersion: "source.toolkit.fluxcd.io/v1",
      kind: "HelmRepository",
      metadata: meta("charts", "flux-system"),
      spec: { interval: "1h", url: "https://charts.example.org" },
    },
    stringPath: ["spec", "url"],
    requiredPath: ["spec", "url"],
    enumPath: [["spec", "type"], "git"],
  },
  {
    id: "certificate",
    base: {
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: meta("web", "apps"),
      spec: {
        secretName: "web-tls",
        dnsNames: ["web.example.org"],
        issuerRef: { name: "letsencrypt", kind: "ClusterIssuer" },
      },
    },
    stringPath: ["spec", "secretName"],
    requiredPath: ["spec", "secretName"],
    enumPath: [["spec", "privateKey", "algorithm"], "DSA"],
  },
  {
    id: "clusterissuer",
    base: {
      apiVersion: "cert-manager.io/v1",
      kind: "ClusterIssuer",
      metadata: meta("letsencrypt"),
      spec: {
        acme: {
          server: "https://acme-v02.api.letsencrypt.org/directory",
          email: "ops@example.org",
          privateKeySecretRef: { name: "le-key" },
          solvers: [{ http01: { ingress: { ingressClassName: "traefik" } } }],
        },
      },
    },
    stringPath: ["spec", "acme", "email"],
    requiredPath: ["spec", "acme", "privateKeySecretRef"],
  },
  {
    id: "ingressroute",
    base: {
      apiVersion: "traefik.io/v1alpha1",
      kind: "IngressRoute",
      metadata: meta("web", "apps"),
      spec: {
        entryPoints: ["websecure"],
        routes: [{ match: "Host(`web.example.org`)", kind: "Rule", services: [{ name: "web", port: 80 }] }],
      },
    },
    stringPath: ["spec", "routes", "0", "match"],
    requiredPath: ["spec", "routes"],
    enumPath: [["spec", "routes", "0", "kind"], "Redirect"],
  },
  {
    id: "droplet",
    base: {
      apiVersion: "droplet.digitalocean.m.crossplane.io/v1alpha1",
      kind: "Droplet",
      metadata: meta("gw", "gateway"),
      spec: { forProvider: { name: "gw", region: "nyc3", size: "s-1vcpu-1gb", image: "ubuntu-24-04-x64" } },
    },
    stringPath: ["spec", "forProvider", "region"],
    requiredPath: ["spec", "forProvider"],
    cel: (o) => {
      delete o.spec.forProvider.size;
    },
  },
  {
    id: "infisicalsecret",
    base: {
      apiVersion: "secrets.infisical.com/v1alpha1",
      kind: "InfisicalSecret",
      metadata: meta("tok", "frp"),
      spec: {
        hostAPI: "https://app.infisical.com/api",
        authentication: {
          universalAuth: {
            credentialsRef: { secretName: "creds", secretNamespace: "frp" },
            secretsScope: { projectSlug: "p", envSlug: "prod", secretsPath: "/" },
          },
        },
        managedSecretReference: { secretName: "frp-token", secretNamespace: "frp" },
      },
    },
    stringPath: ["spec", "hostAPI"],
    requiredPath: ["spec", "managedSecretReference", "secretName"],
  },
  {
    id: "function",
    base: {
      apiVersion: "pkg.crossplane.io/v1",
      kind: "Function",
      metadata: meta("kiln-gateway"),
      spec: { package: "xpkg.example.org/kiln/gateway:v0.1.0" },
    },
    stringPath: ["spec", "package"],
    requiredPath: ["spec", "package"],
    enumPath: [["spec", "packagePullPolicy"], "Sometimes"],
  },
];

function setAt(o: Obj, p: string[], v: unknown): void {
  let cur = o;
  for (const k of p.slice(0, -1)) {
    cur[k] ??= {};
    cur = cur[k];
  }
  cur[p[p.length - 1]!] = v;
}
function deleteAt(o: Obj, p: string[]): void {
  let cur = o;
  for (const k of p.slice(0, -1)) cur = cur?.[k];
  if (cur) delete cur[p[p.length - 1]!];
}

/** Every variant: name → object. Names end in the mutation (`-valid`, `-unknown-field`, …). */
export function corpus(): Map<string, Obj> {
  const out = new Map<string, Obj>();
  for (const c of CASES) {
    const v = (suffix: string, change?: (o: Obj) => void) => {
      const o = structuredClone(c.base);
      change?.(o);
      out.set(`${c.id}-${suffix}`, o);
    };
    v("valid");
    v("unknown-field", (o) => setAt(o, ["spec", "bogusField"], "x"));
    v("wrong-type", (o) => setAt(o, c.stringPath, 12345));
    v("missing-required", (o) => deleteAt(o, c.requiredPath));
    if (c.enumPath) v("bad-enum", (o) => setAt(o, c.enumPath![0], c.enumPath![1]));
    if (c.cel) v("cel", c.cel);
    v("bad-name", (o) => {
      o.metadata.name = "Bad_Name";
    });
    v("spec-not-object", (o) => {
      o.spec = "oops";
    });
  }
  return out;
}

/** Writes the corpus one object per file; returns the folder. */
export function writeCorpus(dir: string): Map<string, string> {
  mkdirSync(dir, { recursive: true });
  const files = new Map<string, string>();
  for (const [name, obj] of corpus()) {
    const file = path.join(dir, `${name}.yaml`);
    writeFileSync(file, stringifyYaml(obj));
    files.set(name, file);
  }
  return files;
}
