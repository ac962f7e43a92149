/**
 * Secrets: nothing sensitive is in Git. The Infisical operator materializes each Secret from an
 * Infisical project, authenticating with a machine identity whose credentials Secret is created
 * once at bootstrap (`kiln bootstrap` prints the command; values come from your environment).
 */
import type { KubeObject } from "kiln";
import type { ClusterInputs } from "./inputs.ts";

export interface MaterializedSecret {
  /** Name of the InfisicalSecret and of the Secret it manages. */
  name: string;
  namespace: string;
  /** Secret data keys → Go template over Infisical secrets (the operator's template syntax). */
  data: Record<string, string>;
}

/** An InfisicalSecret that keeps `secret` in sync with Infisical (universal auth). */
export function infisicalSecret(
  secret: MaterializedSecret,
  inputs: ClusterInputs,
  authNamespace: string,
): KubeObject {
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
          credentialsRef: { secretName: infisical.credentialsSecret, secretNamespace: authNamespace },
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
          template: { includeAllSecrets: false, data: secret.data },
        },
      ],
    },
  };
}

/** `{{ .NAME.Value }}`: the operator's template for one Infisical secret's value. */
export const infisicalValue = (name: string) => `{{ .${name}.Value }}`;
