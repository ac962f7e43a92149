/**
 * The `Gateway` platform API: a Crossplane v2 namespaced XRD and a Pipeline-mode Composition whose
 * single step is the kiln gateway function (function.ts). Plain objects, so the control plane
 * adds them to its platform layer and tests read them directly.
 */
import type { KubeObject } from "kiln";
import { DEFAULT_RECORD_TTL } from "./function.ts";
import { GATEWAY_API_VERSION, PLATFORM_GROUP } from "./types.ts";

/** `apiextensions.crossplane.io/v2` XRD: namespaced `Gateway` in `platform.kiln.dev`. */
export const gatewayXrd: KubeObject = {
  apiVersion: "apiextensions.crossplane.io/v2",
  kind: "CompositeResourceDefinition",
  metadata: { name: `gateways.${PLATFORM_GROUP}` },
  spec: {
    group: PLATFORM_GROUP,
    names: { kind: "Gateway", plural: "gateways" },
    scope: "Namespaced",
    versions: [
      {
        name: "v1alpha1",
        served: true,
        referenceable: true,
        additionalPrinterColumns: [
          { name: "ADDRESS", type: "string", jsonPath: ".status.address" },
          { name: "FQDN", type: "string", jsonPath: ".status.fqdn" },
        ],
        schema: {
          openAPIV3Schema: {
            type: "object",
            properties: {
              spec: {
                type: "object",
                required: ["domain", "region", "imageUrl", "frpsConfig"],
                properties: {
                  domain: {
                    type: "string",
                    description: "DNS zone at DigitalOcean; the apex and *. point at the gateway.",
                  },
                  region: { type: "string", description: "DigitalOcean region slug, e.g. fra1." },
                  size: { type: "string", default: "s-1vcpu-1gb", description: "Droplet size slug." },
                  imageUrl: { type: "string", description: "URL of the custom NixOS image." },
                  sshKeys: {
                    type: "array",
                    items: { type: "string" },
                    description: "SSH key fingerprints or ids.",
                  },
                  frpsConfig: {
                    type: "string",
                    description: "frps configuration (TOML) written via user-data; no tokens.",
                  },
                },
              },
              status: {
                type: "object",
                properties: {
                  address: { type: "string", description: "The Droplet's public IPv4 address." },
                  fqdn: { type: "string", description: "The domain now pointing at the gateway." },
                  imageId: { type: "string", description: "DigitalOcean id of the custom image." },
                },
              },
            },
          },
        },
      },
    ],
  },
};

/**
 * The Composition for `Gateway`, running the kiln function registered as `functionName` (the
 * `pkg.crossplane.io/v1` Function's metadata.name).
 */
export function gatewayComposition(
  functionName: string,
  input: { recordTtl?: number; tags?: string[] } = {},
): KubeObject {
  return {
    apiVersion: "apiextensions.crossplane.io/v1",
    kind: "Composition",
    metadata: { name: `gateways.${PLATFORM_GROUP}` },
    spec: {
      compositeTypeRef: { apiVersion: GATEWAY_API_VERSION, kind: "Gateway" },
      mode: "Pipeline",
      pipeline: [
        {
          step: "gateway",
          functionRef: { name: functionName },
          input: {
            apiVersion: "gateway.fn.kiln.dev/v1alpha1",
            kind: "GatewayInput",
            recordTtl: input.recordTtl ?? DEFAULT_RECORD_TTL,
            imageDistribution: "Unknown",
            tags: input.tags ?? ["kiln-gateway"],
          },
        },
      ],
    },
  };
}
