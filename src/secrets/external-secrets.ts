/**
 * External Secrets Operator (external-secrets.io/v1) objects from typed inputs: a
 * ClusterSecretStore backed by a 1Password Connect server (seed 003's store) and ExternalSecrets
 * that materialize a Secret from it. The shapes are the operator's v1 CRDs (checked against the
 * pinned CRDs in the tests); only the fields these helpers set are typed here.
 */
import { KilnError } from "../core/errors.ts";
import type { KubeObject } from "../core/identity.ts";
import { DNS1123_LABEL, DNS1123_SUBDOMAIN } from "../core/k8s-names.ts";

export const EXTERNAL_SECRETS_API = "external-secrets.io/v1";

/** A key of a Secret in the cluster (the 1Password Connect token, created once at bootstrap). */
export interface SecretKeyRef {
  name: string;
  namespace: string;
  key: string;
}

export interface OnePasswordConnectStore {
  /** The ClusterSecretStore's name (ExternalSecrets refer to it). */
  name: string;
  /** URL of the 1Password Connect server, e.g. `http://onepassword-connect.onepassword.svc.cluster.local:8080`. */
  connectHost: string;
  /** Vaults to search, in order (name → priority, 1 first). */
  vaults: Record<string, number>;
  /** The Connect token's Secret (never in Git). */
  connectToken: SecretKeyRef;
  /** How often ExternalSecrets using the store re-read; the operator's default when absent. */
  refreshInterval?: number;
}

/** A ClusterSecretStore that reads items from a 1Password Connect server. */
export function onePasswordConnectStore(s: OnePasswordConnectStore): KubeObject {
  const where = { resource: `ClusterSecretStore ${s.name}` };
  if (!DNS1123_SUBDOMAIN.test(s.name)) throw new KilnError("name must be a DNS-1123 subdomain", where);
  if (!/^https?:\/\/[^/]/.test(s.connectHost))
    throw new KilnError("connectHost must be an http:// or https:// URL", { ...where, path: "connectHost" });
  const vaults = Object.entries(s.vaults);
  if (vaults.length === 0)
    throw new KilnError("vaults needs at least one vault", { ...where, path: "vaults" });
  for (const [v, n] of vaults)
    if (!Number.isInteger(n) || n < 1)
      throw new KilnError("a vault's priority is a positive integer", { ...where, path: `vaults.${v}` });
  checkRef(s.connectToken, { ...where, path: "connectToken" });
  return {
    apiVersion: EXTERNAL_SECRETS_API,
    kind: "ClusterSecretStore",
    metadata: { name: s.name },
    spec: {
      provider: {
        onepassword: {
          connectHost: s.connectHost,
          vaults: Object.fromEntries(vaults.sort(([, a], [, b]) => a - b)),
          auth: { secretRef: { connectTokenSecretRef: { ...s.connectToken } } },
        },
      },
      ...(s.refreshInterval !== undefined ? { refreshInterval: s.refreshInterval } : {}),
    },
  };
}

function checkRef(r: SecretKeyRef, where: { resource: string; path: string }): void {
  if (
    !r ||
    !DNS1123_SUBDOMAIN.test(r.name) ||
    !DNS1123_LABEL.test(r.namespace) ||
    !/^[-._a-zA-Z0-9]+$/.test(r.key)
  )
    throw new KilnError("needs a Secret name, namespace and key", where);
}

/** One value from the store: a 1Password item (its title) and, optionally, one of its fields. */
export interface RemoteRef {
  key: string;
  property?: string;
}

export interface ExternalSecretSpec {
  /** Name of the ExternalSecret and (by default) of the Secret it makes. */
  name: string;
  namespace: string;
  /** The store to read from; kind ClusterSecretStore unless said otherwise. */
  store: { name: string; kind?: "ClusterSecretStore" | "SecretStore" };
  /** Values read from the store, by the name templates refer to them with. */
  data: Record<string, RemoteRef>;
  /**
   * The Secret's keys as templates (the operator's Go templates, `{{ .name }}` for a value of
   * `data`); without it the Secret holds `data`'s values under their own names.
   */
  template?: Record<string, string>;
  /** The Secret's type; default `Opaque`. */
  type?: string;
  /** Default `1h`. */
  refreshInterval?: string;
  /** Default `Owner`: the Secret is deleted with the ExternalSecret. */
  creationPolicy?: "Owner" | "Orphan" | "Merge" | "None";
}

/** An ExternalSecret that keeps a Secret in sync with the store. */
export function externalSecret(s: ExternalSecretSpec): KubeObject {
  const where = { resource: `ExternalSecret ${s.namespace}/${s.name}` };
  if (!DNS1123_SUBDOMAIN.test(s.name)) throw new KilnError("name must be a DNS-1123 subdomain", where);
  if (!DNS1123_LABEL.test(s.namespace)) throw new KilnError("namespace must be a DNS-1123 label", where);
  const names = Object.keys(s.data).sort();
  if (names.length === 0) throw new KilnError("data needs at least one value", { ...where, path: "data" });
  for (const n of names) {
    const r = s.data[n] as RemoteRef;
    if (!/^[-._a-zA-Z0-9]+$/.test(n))
      throw new KilnError("a secret key holds only letters, digits, '-', '_' and '.'", {
        ...where,
        path: `data.${n}`,
      });
    if (typeof r?.key !== "string" || r.key === "")
      throw new KilnError("needs the item's key", { ...where, path: `data.${n}.key` });
  }
  const template = s.template ?? {};
  for (const [k, t] of Object.entries(template)) {
    for (const m of t.matchAll(/\{\{\s*\.([A-Za-z0-9_]+)\s*\}\}/g))
      if (!((m[1] as string) in s.data))
        throw new KilnError(`the template refers to ${m[1]}, which data does not define`, {
          ...where,
          path: `template.${k}`,
        });
  }
  const hasTemplate = s.template !== undefined || s.type !== undefined;
  return {
    apiVersion: EXTERNAL_SECRETS_API,
    kind: "ExternalSecret",
    metadata: { name: s.name, namespace: s.namespace },
    spec: {
      refreshInterval: s.refreshInterval ?? "1h",
      secretStoreRef: { kind: s.store.kind ?? "ClusterSecretStore", name: s.store.name },
      target: {
        name: s.name,
        creationPolicy: s.creationPolicy ?? "Owner",
        ...(hasTemplate
          ? {
              template: {
                engineVersion: "v2",
                type: s.type ?? "Opaque",
                ...(s.template ? { data: Object.fromEntries(Object.entries(s.template).sort()) } : {}),
              },
            }
          : {}),
      },
      data: names.map((n) => {
        const r = s.data[n] as RemoteRef;
        return { secretKey: n, remoteRef: { key: r.key, ...(r.property ? { property: r.property } : {}) } };
      }),
    },
  };
}
