/**
 * Typed inputs and their layering. One `ClusterInputs` value describes everything a cluster's
 * tree depends on; it is assembled per cluster from four layers, later ones winning:
 *
 *   defaults → environments[env] → roles[role] → clusters[name].overrides
 *
 * (seed 003's environments → cluster roles → clusters, with types instead of value files).
 * Objects merge deeply and arrays replace whole (kiln's `mergeLayers`).
 */
import { type DeepPartial, type InputChoices, mergeLayers } from "kiln";
import { type Versions, versions } from "./versions.ts";

export const ENVIRONMENTS = ["staging", "production"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];
export const CLUSTER_ROLES = ["control-plane", "workload"] as const;
export type ClusterRole = (typeof CLUSTER_ROLES)[number];
/** Where a cluster's Secrets come from (secrets.ts). */
export type SecretProvider = "infisical" | "sops" | "external-secrets";
export const SECRET_PROVIDERS: readonly SecretProvider[] = ["infisical", "sops", "external-secrets"];

/** Everything one cluster's output tree is rendered from. */
export interface ClusterInputs {
  /** DNS zone the gateway serves: the apex and `*.<domain>` point at the VPS. */
  domain: string;
  /** Let's Encrypt account e-mail for the ClusterIssuer. */
  acmeEmail: string;
  /** Which Let's Encrypt directory the ClusterIssuer uses. */
  acme: "staging" | "production";
  /** The Git repository Flux reconciles (this repository). */
  git: { url: string; branch: string; interval: string };
  /** What the cluster runs: the gateway (Crossplane + DigitalOcean + frpc) is optional. */
  features: { gateway: boolean };
  digitalocean: {
    region: string;
    size: string;
    /** URL of the custom NixOS image the gateway Droplet boots from. */
    imageUrl: string;
    /** Fingerprints of SSH keys already registered in the DigitalOcean account. */
    sshKeyFingerprints: string[];
  };
  frp: {
    /** frps bind port on the VPS (the tunnel's control connection). */
    bindPort: number;
    /** Public ports on the VPS forwarded to Traefik's web and websecure entry points. */
    httpPort: number;
    httpsPort: number;
  };
  /** Where the cluster's Secrets come from; the settings of the providers not chosen are unused. */
  secrets: {
    provider: SecretProvider;
    sops: {
      /**
       * Local YAML map outside Git holding `FRP_TOKEN` and `DIGITALOCEAN_TOKEN`, read by
       * `kiln build`; the recipients are those of `.sops.yaml` for the output path.
       */
      secretsFile: string;
    };
    onePassword: {
      /** Name of the ClusterSecretStore. */
      store: string;
      /** The 1Password Connect server the controllers layer installs. */
      connectHost: string;
      vault: string;
      /** The 1Password item whose fields are named `FRP_TOKEN` and `DIGITALOCEAN_TOKEN`. */
      item: string;
      /** Secret (created at bootstrap, never in Git) holding the Connect token under `token`. */
      tokenSecret: string;
    };
  };
  infisical: {
    hostAPI: string;
    projectSlug: string;
    envSlug: string;
    secretsPath: string;
    /** Secret (created at bootstrap, never in Git) holding the machine identity's clientId/clientSecret. */
    credentialsSecret: string;
  };
  /** Chart, image and package versions (Renovate-tracked in versions.ts). */
  versions: Versions;
}

export const defaults: ClusterInputs = {
  domain: "example.org",
  acmeEmail: "admin@example.org",
  acme: "production",
  git: { url: "https://github.com/example/kiln", branch: "main", interval: "1m" },
  features: { gateway: true },
  digitalocean: {
    region: "fra1",
    size: "s-1vcpu-1gb",
    imageUrl: "https://github.com/example/nixos-gateway/releases/download/v0.1.0/nixos-gateway.qcow2.gz",
    sshKeyFingerprints: ["3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa"],
  },
  frp: { bindPort: 7000, httpPort: 80, httpsPort: 443 },
  secrets: {
    provider: "infisical",
    sops: { secretsFile: "~/.config/homelab/secrets.yaml" },
    onePassword: {
      store: "onepassword",
      connectHost: "http://onepassword-connect.onepassword.svc.cluster.local:8080",
      vault: "homelab",
      item: "homelab-prod",
      tokenSecret: "onepassword-connect-token",
    },
  },
  infisical: {
    hostAPI: "https://app.infisical.com/api",
    projectSlug: "homelab",
    envSlug: "prod",
    secretsPath: "/",
    credentialsSecret: "infisical-universal-auth",
  },
  versions: { ...versions },
};

/** What differs between environments: the Let's Encrypt directory and where secrets come from. */
export const environments: Record<Environment, DeepPartial<ClusterInputs>> = {
  production: {
    acme: "production",
    infisical: { envSlug: "prod" },
    secrets: { onePassword: { item: "homelab-prod" } },
  },
  staging: {
    acme: "staging",
    infisical: { envSlug: "staging" },
    secrets: { onePassword: { item: "homelab-staging" } },
  },
};

/** What a cluster does: a control-plane cluster runs the gateway; a workload cluster does not. */
export const roles: Record<ClusterRole, DeepPartial<ClusterInputs>> = {
  "control-plane": { features: { gateway: true } },
  workload: { features: { gateway: false } },
};

export interface ClusterEntry {
  environment: Environment;
  role: ClusterRole;
  /** Where this cluster's Secrets come from (`--set clusters.<name>.secrets=sops`); default `defaults.secrets.provider`. */
  secrets?: SecretProvider;
  /** Per-cluster values; they win over every other layer. */
  overrides: DeepPartial<ClusterInputs>;
}

/** The control plane's inputs (overridable with `--set` / `-f`, checked against these defaults). */
export const inputs = {
  defaults,
  clusters: {
    home: {
      environment: "production",
      role: "control-plane",
      secrets: "infisical",
      overrides: { domain: "home.example.org" },
    } as ClusterEntry,
    lab: {
      environment: "staging",
      role: "control-plane",
      secrets: "infisical",
      overrides: { domain: "lab.example.org" },
    } as ClusterEntry,
  },
};

/**
 * What the union-typed inputs allow: kiln checks them in the defaults, `--set`, `-f` files and
 * test overrides (`--set clusters.lab.secrets=sopz` is an error naming the choices).
 */
export const choices: InputChoices<typeof inputs> = {
  defaults: { acme: ["staging", "production"], secrets: { provider: SECRET_PROVIDERS } },
  clusters: { "*": { environment: ENVIRONMENTS, role: CLUSTER_ROLES, secrets: SECRET_PROVIDERS } },
};

/**
 * The effective inputs of one cluster, layer by layer (see the module comment for precedence).
 * Environments, roles and providers are ones `choices` allows: kiln has checked them.
 */
export function clusterInputs(
  all: { defaults: ClusterInputs; clusters: Readonly<Record<string, ClusterEntry>> },
  name: string,
): ClusterInputs {
  const entry = all.clusters[name];
  if (!entry) throw new Error(`unknown cluster "${name}"`);
  return mergeLayers<ClusterInputs>(
    all.defaults,
    environments[entry.environment],
    roles[entry.role],
    entry.secrets ? { secrets: { provider: entry.secrets } } : {},
    entry.overrides,
  );
}
