/**
 * Secrets: nothing sensitive is in Git in plaintext. Each cluster chooses where its Secrets come
 * from (`secrets.provider` in inputs.ts):
 *
 * - `infisical` (default): the Infisical operator materializes each Secret from an Infisical
 *   project, authenticating with a machine identity whose credentials Secret is created once at
 *   bootstrap (`kiln bootstrap` prints the command; values come from your environment).
 * - `sops`: `kiln build` writes each Secret SOPS-encrypted for the recipients of `.sops.yaml`,
 *   reading the values from a local secrets file outside Git; Flux decrypts it in the cluster
 *   with the age identity in the `sops-age` Secret.
 * - `external-secrets`: the External Secrets operator materializes each Secret from 1Password
 *   through a 1Password Connect server (seed 003), via one ClusterSecretStore.
 *
 * A Secret is described once, provider-neutrally: its keys as templates over named values
 * (`FRP_TOKEN`, `DIGITALOCEAN_TOKEN`) that each store holds under that name.
 */
import type { KubeObject } from "kiln";
import { externalSecret, onePasswordConnectStore, sopsSecret } from "kiln/secrets";
import { namespaces } from "./controllers.ts";
import type { ClusterInputs } from "./inputs.ts";

/** A named value in the secret store (an Infisical secret, a key of the SOPS secrets file, a 1Password field). */
export interface StoreValue {
  secret: string;
}

/** A Secret key's value: literal text and store values, joined. */
export type SecretTemplate = ReadonlyArray<string | StoreValue>;

export interface MaterializedSecret {
  /** Name of the Secret (and of the object that manages it). */
  name: string;
  namespace: string;
  /** Secret data keys → their value as a template over store values. */
  data: Record<string, SecretTemplate>;
}

/** The store's value named `name`. */
export const storeValue = (name: string): StoreValue => ({ secret: name });

const render = (t: SecretTemplate, value: (name: string) => string) =>
  t.map((p) => (typeof p === "string" ? p : value(p.secret))).join("");
const valuesOf = (s: MaterializedSecret) =>
  [...new Set(Object.values(s.data).flatMap((t) => t.filter((p): p is StoreValue => typeof p !== "string")))]
    .map((v) => v.secret)
    .sort();

/** The object that makes `secret` exist in the cluster, from the cluster's secret provider. */
export function materializedSecret(secret: MaterializedSecret, inputs: ClusterInputs): KubeObject {
  switch (inputs.secrets.provider) {
    case "sops":
      return sopsValues(secret, inputs);
    case "external-secrets":
      return onePasswordSecret(secret, inputs);
    default:
      return infisicalSecret(secret, inputs);
  }
}

/** An InfisicalSecret that keeps `secret` in sync with Infisical (universal auth). */
export function infisicalSecret(secret: MaterializedSecret, inputs: ClusterInputs): KubeObject {
  const { infisical } = inputs;
  return {
    apiVersion: "secrets.infisical.com/v1alpha1",
    kind: "InfisicalSecret",
    metadata: { name: secret.name, namespace: secret.namespace },
    spec: {
      hostAPI: infisical.hostAPI,
      syncConfig: { resyncInterval: "1m" },
      authentication: {
        universalAuth: {
          credentialsRef: { secretName: infisical.credentialsSecret, secretNamespace: namespaces.infisical },
          secretsScope: {
            projectSlug: infisical.projectSlug,
            envSlug: infisical.envSlug,
            secretsPath: infisical.secretsPath,
          },
        },
      },
      managedKubeSecretReferences: [
        {
          secretName: secret.name,
          secretNamespace: secret.namespace,
          creationPolicy: "Owner",
          template: {
            includeAllSecrets: false,
            // The operator's template for one Infisical secret's value: `{{ .NAME.Value }}`.
            data: Object.fromEntries(
              Object.entries(secret.data).map(([k, t]) => [k, render(t, (n) => `{{ .${n}.Value }}`)]),
            ),
          },
        },
      ],
    },
  };
}

/** A SOPS-encrypted Secret whose values `kiln build` reads from the local secrets file. */
function sopsValues(secret: MaterializedSecret, inputs: ClusterInputs): KubeObject {
  const file = inputs.secrets.sops.secretsFile;
  return sopsSecret({
    name: secret.name,
    namespace: secret.namespace,
    stringData: Object.fromEntries(
      Object.entries(secret.data).map(([k, t]) => [
        k,
        t.length === 1 && typeof t[0] !== "string"
          ? { fromSecretsFile: file, key: t[0]!.secret }
          : {
              concat: t.map((p) => (typeof p === "string" ? p : { fromSecretsFile: file, key: p.secret })),
            },
      ]),
    ),
  });
}

/** An ExternalSecret reading the values as fields of the environment's 1Password item. */
function onePasswordSecret(secret: MaterializedSecret, inputs: ClusterInputs): KubeObject {
  const op = inputs.secrets.onePassword;
  return externalSecret({
    name: secret.name,
    namespace: secret.namespace,
    store: { name: op.store },
    data: Object.fromEntries(valuesOf(secret).map((n) => [n, { key: op.item, property: n }])),
    template: Object.fromEntries(
      Object.entries(secret.data).map(([k, t]) => [k, render(t, (n) => `{{ .${n} }}`)]),
    ),
  });
}

/** The 1Password Connect ClusterSecretStore an `external-secrets` cluster reads from. */
export function onePasswordStore(inputs: ClusterInputs): KubeObject {
  const op = inputs.secrets.onePassword;
  return onePasswordConnectStore({
    name: op.store,
    connectHost: op.connectHost,
    vaults: { [op.vault]: 1 },
    connectToken: { name: op.tokenSecret, namespace: namespaces.externalSecrets, key: "token" },
  });
}
