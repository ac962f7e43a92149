/**
 * The gateway composition function: Image (from a URL) → once the Image is Ready, a Droplet
 * booting it with the frps configuration in user-data → once the Droplet has an IPv4 address,
 * the Domain and A records for the apex and a wildcard → XR status with the address and FQDN.
 *
 * Each stage emits its resources only when its inputs exist; kiln's step API keeps what already
 * exists (so a stage whose inputs flicker never deletes a Droplet) and holds the XR not ready
 * until all five resources exist.
 */
import { stringifyYaml } from "kiln";
import { defineFunction, inputSchema, type StepContext } from "kiln/function";
import { FUNCTION_NAME } from "../crossplane.ts";
import type { DnsRecord, Domain, Droplet, Gateway, GatewayInput, Image } from "./types.ts";

const DO = (group: string) => `${group}.digitalocean.m.crossplane.io/v1alpha1`;
export const RESOURCES = ["image", "droplet", "domain", "record-apex", "record-wildcard"] as const;
type Name = (typeof RESOURCES)[number];
type Ctx = StepContext<Name, GatewayInput>;

export const DEFAULT_RECORD_TTL = 1800;

/** JSON Schema of the step input (validated by kiln; a mismatch is a FATAL result). */
export const gatewayInputSchema = {
  type: "object",
  required: ["apiVersion", "kind"],
  additionalProperties: false,
  properties: {
    apiVersion: { const: "gateway.fn.kiln.dev/v1alpha1" },
    kind: { const: "GatewayInput" },
    recordTtl: { type: "integer", minimum: 30, maximum: 86400 },
    imageDistribution: { type: "string", minLength: 1 },
    tags: { type: "array", items: { type: "string", pattern: "^[A-Za-z0-9:_.-]{1,255}$" } },
  },
};

function gateway(ctx: Ctx): Gateway {
  const xr = ctx.composite<Gateway>();
  for (const f of ["domain", "region", "size", "imageUrl", "frpsConfig"] as const) {
    if (typeof xr.spec?.[f] !== "string" || xr.spec[f] === "") ctx.fatal(`spec.${f} is required`);
  }
  return xr;
}

function image(ctx: Ctx): void {
  const xr = gateway(ctx);
  const img: Image = {
    apiVersion: DO("custom"),
    kind: "Image",
    metadata: {},
    spec: {
      forProvider: {
        name: `${xr.metadata.name}-nixos`,
        url: xr.spec.imageUrl,
        regions: [xr.spec.region],
        distribution: ctx.input.imageDistribution ?? "Unknown",
        description: `NixOS gateway image for ${xr.spec.domain}`,
        tags: ctx.input.tags ?? [],
      },
    },
  };
  ctx.compose("image", img);
}

let lastUserData: [string, string] | undefined;

/** cloud-init user-data that writes the frps configuration where the NixOS module reads it. */
export function userData(frpsConfig: string): string {
  // Crossplane re-sends the same XR on every reconcile; rendering YAML is the costliest part of a call.
  if (lastUserData?.[0] === frpsConfig) return lastUserData[1];
  const text = `#cloud-config\n${stringifyYaml({
    write_files: [{ path: "/etc/frp/frps.toml", permissions: "0600", content: frpsConfig }],
  })}`;
  lastUserData = [frpsConfig, text];
  return text;
}

function droplet(ctx: Ctx): void {
  const xr = gateway(ctx);
  const img = ctx.observed<Image>("image");
  const imageId = img?.status?.atProvider?.imageId;
  if (!ctx.isReady("image") || imageId === undefined) {
    ctx.waitFor(
      img ? "droplet: waiting for the Image to become Ready" : "droplet: waiting for the Image to be created",
    );
    return;
  }
  const vm: Droplet = {
    apiVersion: DO("droplet"),
    kind: "Droplet",
    metadata: {},
    spec: {
      forProvider: {
        name: `${xr.metadata.name}-gateway`,
        region: xr.spec.region,
        size: xr.spec.size,
        // The provider reports imageId as a number; Droplet.image takes the id as a string.
        image: String(imageId),
        sshKeys: xr.spec.sshKeys ?? [],
        userData: userData(xr.spec.frpsConfig),
        tags: ctx.input.tags ?? [],
      },
    },
  };
  const ip = ctx.observed<Droplet>("droplet")?.status?.atProvider?.ipv4Address;
  // A Droplet is of no use to the gateway until it has an address.
  ctx.compose("droplet", vm, { ready: ctx.isReady("droplet") && Boolean(ip) });
  ctx.setStatus({ imageId: String(imageId) });
}

function dns(ctx: Ctx): void {
  const xr = gateway(ctx);
  const ip = ctx.observed<Droplet>("droplet")?.status?.atProvider?.ipv4Address;
  if (!ip) {
    if (ctx.observed("droplet")) ctx.waitFor("DNS: waiting for the Droplet's IPv4 address");
    return;
  }
  const domain: Domain = {
    apiVersion: DO("dns"),
    kind: "Domain",
    metadata: {},
    spec: { forProvider: { name: xr.spec.domain } },
  };
  ctx.compose("domain", domain);
  const ttl = ctx.input.recordTtl ?? DEFAULT_RECORD_TTL;
  const record = (name: string): DnsRecord => ({
    apiVersion: DO("dns"),
    kind: "Record",
    metadata: {},
    spec: { forProvider: { domain: xr.spec.domain, type: "A", name, value: ip, ttl } },
  });
  ctx.compose("record-apex", record("@"));
  ctx.compose("record-wildcard", record("*"));
  ctx.setStatus({ address: ip, fqdn: xr.spec.domain });
}

export default defineFunction({
  name: FUNCTION_NAME,
  resources: RESOURCES,
  input: inputSchema<GatewayInput>(gatewayInputSchema),
  steps: [
    { name: "image", run: image },
    { name: "droplet", run: droplet },
    { name: "dns", run: dns },
  ],
});
