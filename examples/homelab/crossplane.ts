/**
 * Crossplane: the namespaced DigitalOcean provider (Crossplane v2 `.m.` resources), the
 * credentials it uses, and the kiln composition function the gateway Composition runs.
 */
import type { KubeObject } from "kiln";
import { namespaces } from "./controllers.ts";
import type { ClusterInputs } from "./inputs.ts";
import { type MaterializedSecret, materializedSecret, storeValue } from "./secrets.ts";

export const PROVIDER_PACKAGE = "xpkg.crossplane.io/crossplane-contrib/provider-upjet-digitalocean";
export const FUNCTION_PACKAGE = "ghcr.io/example/homelab-gateway-function";
/** The Function's name, as the gateway Composition's pipeline refers to it. */
export const FUNCTION_NAME = "kiln-gateway";

/** The DigitalOcean API token, as the provider expects it: JSON `{"token": …}` under one key. */
export const doCredentials: MaterializedSecret = {
  name: "digitalocean-credentials",
  namespace: namespaces.crossplane,
  data: { credentials: ['{"token":"', storeValue("DIGITALOCEAN_TOKEN"), '"}'] },
};

/** Packages: installed in the configs layer, once the Crossplane release has its CRDs. */
export function crossplanePackages(inputs: ClusterInputs): KubeObject[] {
  return [
    {
      apiVersion: "pkg.crossplane.io/v1",
      kind: "Provider",
      metadata: { name: "provider-digitalocean" },
      spec: { package: `${PROVIDER_PACKAGE}:${inputs.versions.providerDigitalocean}` },
    },
    {
      apiVersion: "pkg.crossplane.io/v1",
      kind: "Function",
      // Lets `kiln render` / `kiln simulate` run the function in-process from its TypeScript source.
      metadata: { name: FUNCTION_NAME, annotations: { "kiln.dev/function-module": "platform/function.ts" } },
      spec: { package: `${FUNCTION_PACKAGE}:${inputs.versions.gatewayFunction}` },
    },
    materializedSecret(doCredentials, inputs),
  ];
}

/**
 * `ClusterProviderConfig/default` is what namespaced DigitalOcean resources use when they name no
 * provider config, so the gateway's composed resources need no reference. It needs the provider's
 * CRDs, hence the platform layer.
 */
export function providerConfig(): KubeObject {
  return {
    apiVersion: "digitalocean.m.crossplane.io/v1beta1",
    kind: "ClusterProviderConfig",
    metadata: { name: "default" },
    spec: {
      credentials: {
        source: "Secret",
        secretRef: { name: doCredentials.name, namespace: doCredentials.namespace, key: "credentials" },
      },
    },
  };
}
