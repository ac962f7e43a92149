/**
 * Types the gateway function reads and writes: its XR, its step input, and the four namespaced
 * DigitalOcean kinds (provider-upjet-digitalocean `*.digitalocean.m.crossplane.io/v1alpha1`).
 *
 * The provider kinds list only the fields the function uses. Generated types are not committed
 * (see PRODUCT.md); once the homelab imports the provider's CRDs, these four interfaces are
 * replaced by imports from the generated modules. The tests check every emitted object against
 * the mirrored CRD schemas, so drift between these shapes and the real ones fails there.
 */
import type { KubeObject } from "kiln";

export const PLATFORM_GROUP = "platform.kiln.dev";
export const GATEWAY_API_VERSION = `${PLATFORM_GROUP}/v1alpha1`;

interface Condition {
  type: string;
  status: "True" | "False" | "Unknown";
  reason?: string;
  message?: string;
}

interface Managed<ForProvider, AtProvider> extends KubeObject {
  spec: { forProvider: ForProvider; [k: string]: unknown };
  status?: { atProvider?: AtProvider; conditions?: Condition[] };
}

/** `Gateway` XR: one VPS running frps, with DNS for a domain pointing at it. */
export interface Gateway extends KubeObject {
  spec: {
    /** DNS zone managed at DigitalOcean; the apex and `*.` point at the gateway. */
    domain: string;
    region: string;
    size: string;
    /** URL of the custom NixOS image (qcow2/raw, optionally gzipped). */
    imageUrl: string;
    sshKeys?: string[];
    /**
     * The frps configuration (TOML) written to the VPS through user-data. A string for now: the
     * FRP module renders it from the typed description. The auth token does not belong in it;
     * the NixOS gateway reads the token from an environment file.
     */
    frpsConfig: string;
  };
  status?: { address?: string; fqdn?: string; imageId?: string };
}

/** The gateway step's input in the Composition. */
export interface GatewayInput {
  apiVersion: "gateway.fn.kiln.dev/v1alpha1";
  kind: "GatewayInput";
  /** TTL of the A records (seconds). Default 1800. */
  recordTtl?: number;
  /** DigitalOcean distribution label of the custom image (NixOS is not in DO's list). Default "Unknown". */
  imageDistribution?: string;
  /** Tags put on the Image and the Droplet. */
  tags?: string[];
}

export type Image = Managed<
  {
    name?: string;
    url?: string;
    regions?: string[];
    distribution?: string;
    description?: string;
    tags?: string[];
  },
  { imageId?: number; status?: string }
>;

export type Droplet = Managed<
  {
    name?: string;
    region?: string;
    size?: string;
    image?: string;
    sshKeys?: string[];
    userData?: string;
    tags?: string[];
    ipv6?: boolean;
  },
  { id?: string; ipv4Address?: string; status?: string }
>;

export type Domain = Managed<{ name?: string }, { id?: string }>;

export type DnsRecord = Managed<
  { domain?: string; type?: string; name?: string; value?: string; ttl?: number },
  { fqdn?: string; id?: string }
>;
