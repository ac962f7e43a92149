/**
 * Deployment renderers for the reference control plane: frpc in Kubernetes (ConfigMap + Deployment
 * or DaemonSet, token from a Secret through the environment), frps on a VPS (cloud-init
 * user-data) or on NixOS (`services.frp.instances.<name>`). They return plain objects or strings;
 * secrets appear only as `{{ .Envs.NAME }}` and Secret references, never as values.
 */
import { createHash } from "node:crypto";
import { KilnError } from "../core/errors.ts";
import type { KubeObject } from "../core/identity.ts";
import { isObject } from "../core/object.ts";
import { stringifyYaml } from "../core/yaml.ts";
import { emitFrpcToml, emitFrpsToml, frpConfigObject } from "./emit.ts";
import { isFrpEnvRef } from "./env.ts";
import type { FrpcConfig, FrpsConfig } from "./types.ts";

/** The frpc image kiln pins by default (frp v0.70.1). */
export const FRPC_IMAGE = "fatedier/frpc:v0.70.1";
const CONFIG_DIR = "/etc/frp";

export interface FrpcWorkloadOptions {
  config: FrpcConfig;
  /** Object name (ConfigMap and workload). Default "frpc". */
  name?: string;
  namespace: string;
  /** Default "Deployment". */
  kind?: "Deployment" | "DaemonSet";
  /** Deployment replicas. Default 1. */
  replicas?: number;
  /** Pinned image. Default {@link FRPC_IMAGE}. */
  image?: string;
  /**
   * Where each environment variable the config references comes from: Secret name and key.
   * Every `frpEnv(NAME)` in the config must have an entry.
   */
  secretEnv: Record<string, { secret: string; key: string }>;
  labels?: Record<string, string>;
}

export interface FrpcWorkload {
  configMap: KubeObject;
  workload: KubeObject;
  /** Both objects in order (ConfigMap first), ready to add to a resource graph. */
  objects: KubeObject[];
}

/**
 * frpc as a ConfigMap holding frpc.toml and a Deployment (or DaemonSet) running the pinned image
 * with `-c /etc/frp/frpc.toml`. Environment references in the config become env vars from
 * Secrets (secretKeyRef). The pod template carries a hash of the config so a change rolls pods.
 */
export function frpcWorkload(opts: FrpcWorkloadOptions): FrpcWorkload {
  const name = opts.name ?? "frpc";
  const kind = opts.kind ?? "Deployment";
  const toml = emitFrpcToml(opts.config);
  const refs = envRefs(opts.config);
  const missing = refs.filter((r) => !opts.secretEnv[r]);
  if (missing.length) {
    throw new KilnError(
      `frpcWorkload: no secretEnv entry for ${missing.map((m) => `$${m}`).join(", ")} referenced by the frpc config`,
      {
        resource: `${kind} ${opts.namespace}/${name}`,
      },
    );
  }
  const labels = { "app.kubernetes.io/name": "frpc", "app.kubernetes.io/instance": name, ...opts.labels };
  const selector = { "app.kubernetes.io/name": "frpc", "app.kubernetes.io/instance": name };
  const configMap: KubeObject = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name, namespace: opts.namespace, labels },
    data: { "frpc.toml": toml },
  };
  const env = Object.keys(opts.secretEnv)
    .sort()
    .map((k) => ({
      name: k,
      valueFrom: { secretKeyRef: { name: opts.secretEnv[k]!.secret, key: opts.secretEnv[k]!.key } },
    }));
  const template = {
    metadata: {
      labels,
      annotations: { "kiln.dev/config-sha256": createHash("sha256").update(toml).digest("hex") },
    },
    spec: {
      containers: [
        {
          name: "frpc",
          image: opts.image ?? FRPC_IMAGE,
          args: ["-c", `${CONFIG_DIR}/frpc.toml`],
          env,
          volumeMounts: [{ name: "config", mountPath: CONFIG_DIR, readOnly: true }],
          securityContext: { allowPrivilegeEscalation: false },
        },
      ],
      volumes: [{ name: "config", configMap: { name } }],
    },
  };
  const workload: KubeObject = {
    apiVersion: "apps/v1",
    kind,
    metadata: { name, namespace: opts.namespace, labels },
    spec: {
      ...(kind === "Deployment" ? { replicas: opts.replicas ?? 1 } : {}),
      selector: { matchLabels: selector },
      template,
    },
  };
  return { configMap, workload, objects: [configMap, workload] };
}

export interface FrpsCloudInitOptions {
  config: FrpsConfig;
  /** Where frps.toml is written. Default "/etc/frp/frps.toml". */
  path?: string;
  /** Extra cloud-config `runcmd` entries (e.g. starting the service). */
  runcmd?: string[][];
}

/**
 * `#cloud-config` user-data that writes frps.toml. Secrets stay `{{ .Envs.NAME }}`: the service
 * that runs frps must provide them as environment variables (e.g. an EnvironmentFile).
 */
export function frpsCloudInit(opts: FrpsCloudInitOptions): string {
  const doc: Record<string, unknown> = {
    write_files: [
      {
        path: opts.path ?? `${CONFIG_DIR}/frps.toml`,
        permissions: "0640",
        content: emitFrpsToml(opts.config),
      },
    ],
  };
  if (opts.runcmd?.length) doc.runcmd = opts.runcmd;
  return `#cloud-config\n${stringifyYaml(doc)}`;
}

export interface FrpsNixosOptions {
  config: FrpsConfig;
  /** Instance name under `services.frp.instances`. Default "frps". */
  instance?: string;
  /** systemd EnvironmentFile paths holding the referenced variables (e.g. FRP_TOKEN=…). */
  environmentFiles?: string[];
}

/**
 * A NixOS module snippet: `services.frp.instances.<name>` with `enable`, `role = "server"`,
 * `settings` (the config as a Nix attrset) and `environmentFiles` (nixpkgs
 * nixos/modules/services/networking/frp.nix; the service runs `frps --strict_config -c <toml>`).
 */
export function frpsNixosModule(opts: FrpsNixosOptions): string {
  const settings = frpConfigObject(opts.config, "server");
  const instance = opts.instance ?? "frps";
  const body = [
    "enable = true;",
    `role = "server";`,
    `settings = ${nix(settings, "    ")};`,
    `environmentFiles = ${nix(opts.environmentFiles ?? [], "    ")};`,
  ];
  return `{\n  services.frp.instances.${nixAttr(instance)} = {\n${body.map((l) => `    ${l}`).join("\n")}\n  };\n}\n`;
}

function nix(v: unknown, indent: string): string {
  if (typeof v === "string") return nixString(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) {
    if (v.length === 0) return "[ ]";
    return `[\n${v.map((x) => `${indent}  ${nix(x, `${indent}  `)}`).join("\n")}\n${indent}]`;
  }
  if (isObject(v)) {
    const keys = Object.keys(v);
    if (keys.length === 0) return "{ }";
    return `{\n${keys.map((k) => `${indent}  ${nixAttr(k)} = ${nix(v[k], `${indent}  `)};`).join("\n")}\n${indent}}`;
  }
  throw new KilnError(`cannot render ${typeof v} as Nix`);
}

function nixString(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\$\{/g, "\\${").replace(/\n/g, "\\n")}"`;
}

function nixAttr(k: string): string {
  return /^[A-Za-z_][A-Za-z0-9_'-]*$/.test(k) ? k : nixString(k);
}

/** Environment variable names referenced anywhere in a config, sorted. */
export function envRefs(v: unknown): string[] {
  const names = new Set<string>();
  const visit = (x: unknown) => {
    if (isFrpEnvRef(x)) names.add(x.name);
    else if (Array.isArray(x)) x.forEach(visit);
    else if (isObject(x)) Object.values(x).forEach(visit);
  };
  visit(v);
  return [...names].sort();
}
