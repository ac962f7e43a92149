/**
 * TLS: one ClusterIssuer named `letsencrypt` in every cluster; the environment only decides which
 * Let's Encrypt directory it talks to, so Ingresses and Certificates never change between
 * staging and production.
 */
import type { KubeObject } from "kiln";
import type { ClusterInputs } from "./inputs.ts";

export const ISSUER = "letsencrypt";

export const ACME_DIRECTORIES = {
  staging: "https://acme-staging-v02.api.letsencrypt.org/directory",
  production: "https://acme-v02.api.letsencrypt.org/directory",
} as const;

/** HTTP-01 through Traefik: the challenge arrives over the same frp tunnel as every request. */
export function clusterIssuer(inputs: ClusterInputs): KubeObject {
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "ClusterIssuer",
    metadata: { name: ISSUER },
    spec: {
      acme: {
        server: ACME_DIRECTORIES[inputs.acme],
        email: inputs.acmeEmail,
        privateKeySecretRef: { name: `${ISSUER}-account-key` },
        solvers: [{ http01: { ingress: { ingressClassName: "traefik" } } }],
      },
    },
  };
}
