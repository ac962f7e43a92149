/**
 * Every pinned version in the homelab, in one place. Renovate's regex manager (renovate.json)
 * reads the `// renovate:` comment on the line above each pin, so updates arrive as pull requests
 * that change only this file. Keep the comment and the pin on adjacent lines.
 */
export const versions = {
  /** Flux's own components, installed from the manifests Flux publishes per release. */
  // renovate: datasource=docker depName=ghcr.io/fluxcd/flux-manifests
  flux: "v2.7.2",
  // renovate: datasource=helm depName=crossplane registryUrl=https://charts.crossplane.io/stable
  crossplane: "2.0.2",
  // renovate: datasource=docker depName=ghcr.io/traefik/helm/traefik
  traefik: "41.3.0",
  // renovate: datasource=helm depName=cert-manager registryUrl=https://charts.jetstack.io
  certManager: "v1.19.1",
  // renovate: datasource=helm depName=secrets-operator registryUrl=https://dl.cloudsmith.io/public/infisical/helm-charts/helm/charts/
  infisicalOperator: "0.11.5",
  // renovate: datasource=helm depName=external-secrets registryUrl=https://charts.external-secrets.io
  externalSecrets: "2.9.0",
  // renovate: datasource=helm depName=connect registryUrl=https://1password.github.io/connect-helm-charts
  onePasswordConnect: "2.0.5",
  // renovate: datasource=docker depName=xpkg.crossplane.io/crossplane-contrib/provider-upjet-digitalocean
  providerDigitalocean: "v1.0.0",
  // renovate: datasource=docker depName=fatedier/frpc
  frpc: "v0.70.1",
  // renovate: datasource=docker depName=ghcr.io/example/homelab-gateway-function
  gatewayFunction: "v0.1.0",
} as const;

export type Versions = { -readonly [K in keyof typeof versions]: string };
