/**
 * The ordered bootstrap of one cluster (seed 004's bootstrap, derived from the same graph Flux
 * later reconciles): namespaces and CRDs first, then Flux, then the Secrets that must exist
 * before anything can pull them from a secret store, then the `flux-system` sync, then a wait on
 * every layer Kustomization in dependency order. Pure: graph in, plan out; the CLI prints it.
 */
import { KilnError, UsageError } from "../core/errors.ts";
import { formatIdentity, type KubeObject } from "../core/identity.ts";
import type { GraphNode, ResourceGraph } from "../model/graph.ts";
import { toYaml } from "./serialize.ts";

export interface BootstrapStep {
  title: string;
  /** Manifests applied by this step, in order. */
  manifests: KubeObject[];
  /** Shell commands run after the manifests are applied. */
  commands: string[];
}

export interface BootstrapPlan {
  cluster: string;
  /** Environment variables the plan reads (Secret values); never their values. */
  env: string[];
  steps: BootstrapStep[];
}

export interface BootstrapOptions {
  /** How long each `kubectl wait` may take. Default `10m`. */
  timeout?: string;
}

/** Secret references whose data keys are fixed by the referring API. */
interface SecretRef {
  name: string;
  namespace: string;
  keys: string[];
  /** Who refers to it, for messages and comments. */
  by: string;
}

const FLUX_MANIFESTS = /^oci:\/\/(ghcr\.io|docker\.io)\/fluxcd\/flux-manifests$/;
const isKind = (n: GraphNode, group: string, kind: string) => n.id.group === group && n.id.kind === kind;
const KS = "kustomize.toolkit.fluxcd.io";

/** Builds the bootstrap plan of `cluster` from a rendered graph. */
export function bootstrapPlan(
  graph: ResourceGraph,
  cluster: string | undefined,
  opts: BootstrapOptions = {},
): BootstrapPlan {
  const timeout = opts.timeout ?? "10m";
  const clusters = [...graph.units.values()].filter((u) => u.kind === "cluster").map((u) => u.path[0]!);
  // With one cluster, --cluster may be left out (as kubectl's current context is implied).
  if (cluster === undefined) {
    if (clusters.length !== 1) {
      throw new UsageError(
        `--cluster is required: this control plane has ${clusters.length === 0 ? "no clusters" : `${clusters.length} clusters (${clusters.sort().join(", ")})`}`,
      );
    }
    cluster = clusters[0]!;
  }
  if (!clusters.includes(cluster)) {
    throw new KilnError(
      `no cluster "${cluster}" in this control plane (clusters: ${clusters.sort().join(", ") || "none"})`,
    );
  }
  const nodes = graph.nodes().filter((n) => n.origin.unit[0] === cluster);
  const root = rootKustomization(nodes, cluster);
  const fluxNs = root.id.namespace ?? "flux-system";
  const sourceRef = (root.object.spec as { sourceRef: { kind: string; name: string; namespace?: string } })
    .sourceRef;
  const source = nodes.find(
    (n) =>
      n.id.group === "source.toolkit.fluxcd.io" &&
      n.id.kind === sourceRef.kind &&
      n.id.name === sourceRef.name &&
      n.id.namespace === (sourceRef.namespace ?? fluxNs),
  );
  if (!source) {
    throw new KilnError(
      `the flux-system Kustomization's source ${sourceRef.kind} ${sourceRef.name} is not in the graph`,
      {
        resource: formatIdentity(root.id),
        path: "spec.sourceRef",
      },
    );
  }

  const declared = nodes.filter((n) => n.id.group === "" && n.id.kind === "Namespace").map((n) => n.object);
  // Flux's namespace first: the secrets and the sync below live there.
  const namespaces = [
    declared.find((n) => n.metadata.name === fluxNs) ?? {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: fluxNs },
    },
    ...declared.filter((n) => n.metadata.name !== fluxNs),
  ];
  const crds = nodes
    .filter((n) => isKind(n, "apiextensions.k8s.io", "CustomResourceDefinition"))
    .sort((a, b) => (a.id.name < b.id.name ? -1 : a.id.name > b.id.name ? 1 : 0))
    .map((n) => n.object);

  const secrets = bootstrapSecrets(nodes);
  const env = secrets.flatMap((s) => s.keys.map((k) => envName(s.name, k)));
  const steps: BootstrapStep[] = [
    { title: "Namespaces", manifests: namespaces, commands: [] },
    {
      title: crds.length
        ? "CustomResourceDefinitions"
        : "CustomResourceDefinitions (none in the graph: controllers install theirs)",
      manifests: crds,
      commands: crds.length
        ? [
            `kubectl wait --for=condition=Established --timeout=${timeout} ${crds.map((c) => `crd/${c.metadata.name}`).join(" ")}`,
          ]
        : [],
    },
    fluxInstall(nodes, fluxNs, timeout),
    {
      title: secrets.length
        ? "Secrets that must exist before Flux reconciles (values from your environment, never from Git)"
        : "Secrets (none needed before Flux reconciles)",
      manifests: [],
      commands: secrets.map(createSecretCommand),
    },
    {
      title: `The ${root.id.name} sync: Flux reconciles this repository from here on`,
      manifests: [source.object, root.object],
      commands: [],
    },
    {
      title: "Wait for every layer, in dependency order",
      manifests: [],
      commands: [root, ...layerOrder(nodes, fluxNs, root)].map(
        (k) =>
          `kubectl -n ${fluxNs} wait kustomization/${k.id.name} --for=condition=Ready --timeout=${timeout}`,
      ),
    },
  ];
  return { cluster, env, steps };
}

/** The Kustomization that applies the cluster's own folder (what `flux bootstrap` calls flux-system). */
function rootKustomization(nodes: GraphNode[], cluster: string): GraphNode {
  const suffix = `clusters/${cluster}`;
  const found = nodes.filter((n) => {
    if (!isKind(n, KS, "Kustomization") || n.origin.unit.length !== 1) return false;
    const p = String((n.object.spec as { path?: unknown } | undefined)?.path ?? "").replace(/\/+$/, "");
    return p === suffix || p.endsWith(`/${suffix}`);
  });
  if (found.length !== 1) {
    throw new KilnError(
      found.length
        ? `cluster ${cluster} has ${found.length} Flux Kustomizations applying ${suffix}; bootstrap needs exactly one`
        : `cluster ${cluster} has no Flux Kustomization applying its own folder (spec.path ending in ${suffix}); add one, as \`flux bootstrap\` does`,
    );
  }
  return found[0]!;
}

/** Flux itself: the release whose manifests the graph pins, or the flux CLI's own version. */
function fluxInstall(nodes: GraphNode[], fluxNs: string, timeout: string): BootstrapStep {
  const oci = nodes.find(
    (n) =>
      isKind(n, "source.toolkit.fluxcd.io", "OCIRepository") &&
      FLUX_MANIFESTS.test(String((n.object.spec as { url?: unknown })?.url)),
  );
  const tag = (oci?.object.spec as { ref?: { tag?: string } } | undefined)?.ref?.tag;
  const wait = `kubectl -n ${fluxNs} wait deployment --all --for=condition=Available --timeout=${timeout}`;
  if (tag && /^v\d+\.\d+\.\d+$/.test(tag)) {
    return {
      title: `Flux ${tag} (the version ${formatIdentity(oci!.id)} pins, so Flux then manages itself from Git)`,
      manifests: [],
      commands: [
        `kubectl apply --server-side -f https://github.com/fluxcd/flux2/releases/download/${tag}/install.yaml`,
        wait,
      ],
    };
  }
  return {
    title: "Flux (no pinned flux-manifests OCIRepository in the graph: the flux CLI's version)",
    manifests: [],
    commands: [`flux install --namespace=${fluxNs}`, wait],
  };
}

/** Layer Kustomizations (not the root) in an order where each comes after its dependsOn. */
function layerOrder(nodes: GraphNode[], fluxNs: string, root: GraphNode): GraphNode[] {
  const ks = nodes.filter(
    (n) => isKind(n, KS, "Kustomization") && n !== root && (n.id.namespace ?? fluxNs) === fluxNs,
  );
  const byName = new Map(ks.map((n) => [n.id.name, n]));
  const out: GraphNode[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (n: GraphNode, chain: string[]) => {
    const s = state.get(n.id.name);
    if (s === "done") return;
    if (s === "visiting") {
      throw new KilnError(
        `Flux Kustomizations depend on each other in a cycle: ${[...chain, n.id.name].join(" → ")}`,
        {
          resource: formatIdentity(n.id),
          path: "spec.dependsOn",
        },
      );
    }
    state.set(n.id.name, "visiting");
    const deps = (
      (n.object.spec as { dependsOn?: Array<{ name: string; namespace?: string }> }).dependsOn ?? []
    )
      .filter((d) => (d.namespace ?? fluxNs) === fluxNs)
      .map((d) => d.name)
      .sort();
    for (const d of deps) {
      const dep = byName.get(d);
      if (dep) visit(dep, [...chain, n.id.name]);
    }
    state.set(n.id.name, "done");
    out.push(n);
  };
  for (const n of [...ks].sort((a, b) => (a.id.name < b.id.name ? -1 : 1))) visit(n, []);
  return out;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : undefined;

/**
 * Secrets the graph refers to with a fixed set of keys but does not produce (no Secret object, no
 * InfisicalSecret or ExternalSecret managing it). They have to be created by hand once, before
 * Flux starts.
 */
function bootstrapSecrets(nodes: GraphNode[]): SecretRef[] {
  const produced = new Set<string>();
  const refs = new Map<string, SecretRef>();
  const key = (ns: string, name: string) => `${ns}/${name}`;
  for (const n of nodes) {
    const spec = obj(n.object.spec) ?? {};
    const ns = n.id.namespace ?? "default";
    if (n.id.group === "" && n.id.kind === "Secret") produced.add(key(ns, n.id.name));
    if (isKind(n, "secrets.infisical.com", "InfisicalSecret")) {
      const managed = [
        obj(spec.managedSecretReference),
        ...((spec.managedKubeSecretReferences as unknown[]) ?? []).map(obj),
      ];
      for (const m of managed)
        if (m?.secretName) produced.add(key(String(m.secretNamespace ?? ns), String(m.secretName)));
      const auth = obj(spec.authentication) ?? {};
      const universal = obj(obj(auth.universalAuth)?.credentialsRef);
      if (universal?.secretName) {
        const ref: SecretRef = {
          name: String(universal.secretName),
          namespace: String(universal.secretNamespace ?? ns),
          keys: ["clientId", "clientSecret"],
          by: formatIdentity(n.id),
        };
        if (!refs.has(key(ref.namespace, ref.name))) refs.set(key(ref.namespace, ref.name), ref);
      }
    }
    const want = (ref: SecretRef) => {
      if (!refs.has(key(ref.namespace, ref.name))) refs.set(key(ref.namespace, ref.name), ref);
    };
    // SOPS: kustomize-controller reads the age identity from a `*.agekey` key of this Secret.
    const decryption = obj(obj(spec.decryption)?.secretRef);
    if (isKind(n, KS, "Kustomization") && decryption?.name)
      want({ name: String(decryption.name), namespace: ns, keys: ["age.agekey"], by: formatIdentity(n.id) });
    if (isKind(n, "external-secrets.io", "ExternalSecret"))
      produced.add(key(ns, String(obj(spec.target)?.name ?? n.id.name)));
    if (
      isKind(n, "external-secrets.io", "ClusterSecretStore") ||
      isKind(n, "external-secrets.io", "SecretStore")
    ) {
      const token = obj(
        obj(obj(obj(obj(spec.provider)?.onepassword)?.auth)?.secretRef)?.connectTokenSecretRef,
      );
      if (token?.name && token.key)
        want({
          name: String(token.name),
          namespace: String(token.namespace ?? ns),
          keys: [String(token.key)],
          by: formatIdentity(n.id),
        });
    }
    if (isKind(n, "source.toolkit.fluxcd.io", "GitRepository")) {
      const s = obj(spec.secretRef);
      const url = String(spec.url ?? "");
      if (s?.name && /^https?:/.test(url)) {
        const ref = {
          name: String(s.name),
          namespace: ns,
          keys: ["username", "password"],
          by: formatIdentity(n.id),
        };
        if (!refs.has(key(ns, ref.name))) refs.set(key(ns, ref.name), ref);
      }
    }
  }
  return [...refs.entries()]
    .filter(([k]) => !produced.has(k))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, r]) => r);
}

/** `infisical-universal-auth` + `clientId` → `INFISICAL_UNIVERSAL_AUTH_CLIENT_ID`. */
export function envName(secret: string, key: string): string {
  const snake = (s: string) =>
    s
      .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
      .replace(/[^A-Za-z0-9]+/g, "_")
      .toUpperCase();
  return `${snake(secret)}_${snake(key)}`;
}

function createSecretCommand(s: SecretRef): string {
  const literals = s.keys
    .map((k) => `--from-literal=${k}="\${${envName(s.name, k)}:?set ${envName(s.name, k)}}"`)
    .join(" ");
  // Rendered client-side and piped to apply, so re-running the bootstrap updates instead of failing.
  return `kubectl -n ${s.namespace} create secret generic ${s.name} ${literals} --dry-run=client -o yaml | kubectl apply -f -  # for ${s.by}`;
}

const EOF = "KILN_EOF";

/** The plan as a POSIX shell script: manifests as quoted here-documents, no values from the environment inlined. */
export function bootstrapScript(plan: BootstrapPlan): string {
  const out = [
    "#!/bin/sh",
    `# Bootstrap of cluster ${plan.cluster}, generated by kiln from the control plane's graph.`,
    plan.env.length
      ? `# Reads from the environment: ${plan.env.join(", ")}`
      : "# Reads nothing from the environment.",
    "set -eu",
  ];
  plan.steps.forEach((step, i) => {
    out.push("", `# ${i + 1}. ${step.title}`);
    if (step.manifests.length) {
      const yaml = step.manifests.map((m) => toYaml(m)).join("---\n");
      if (yaml.split("\n").includes(EOF))
        throw new KilnError(`a manifest of step "${step.title}" contains the line ${EOF}`);
      out.push(`kubectl apply --server-side -f - <<'${EOF}'`, yaml.replace(/\n$/, ""), EOF);
    }
    out.push(...step.commands);
  });
  return `${out.join("\n")}\n`;
}
