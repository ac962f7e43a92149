/**
 * Wires the Gateway platform API (./platform, the XRD, Composition and function) into this
 * control plane. Kept apart from crossplane.ts because the function module imports the
 * Function's name from there: importing the platform from crossplane.ts would be a cycle.
 */
import type { KubeObject } from "kiln";
import { namespaces } from "./controllers.ts";
import { FUNCTION_NAME } from "./crossplane.ts";
import type { ClusterInputs } from "./inputs.ts";
import { gatewayComposition, gatewayXrd } from "./platform/gateway.ts";
import { GATEWAY_API_VERSION, type Gateway } from "./platform/types.ts";

/** The platform API: the Gateway XRD and its Composition running the kiln function. */
export function gatewayPlatform(): KubeObject[] {
  return [gatewayXrd, gatewayComposition(FUNCTION_NAME)];
}

/** This cluster's gateway: a VPS running frps, with the cluster's domain pointing at it. */
export function gatewayXr(inputs: ClusterInputs, frpsConfig: string): Gateway {
  const { digitalocean } = inputs;
  return {
    apiVersion: GATEWAY_API_VERSION,
    kind: "Gateway",
    metadata: { name: "gateway", namespace: namespaces.gateway },
    spec: {
      domain: inputs.domain,
      region: digitalocean.region,
      size: digitalocean.size,
      imageUrl: digitalocean.imageUrl,
      sshKeys: digitalocean.sshKeyFingerprints,
      frpsConfig,
    },
  };
}
