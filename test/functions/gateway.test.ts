/**
 * Step-level tests of the gateway function with observed state for every stage, as Crossplane
 * would send it after each provider round: nothing yet → Image not ready → Image ready →
 * Droplet without IP → Droplet with IP → all ready, plus deletion safety and bad input.
 */
import { Ready, type RunFunctionResponse, Severity, Status } from "@crossplane-org/function-sdk-typescript";
import { describe, expect, it } from "vitest";
import gatewayFn, { userData } from "../../examples/homelab/platform/function.ts";
import { gatewayComposition } from "../../examples/homelab/platform/gateway.ts";
import { RESOURCES_COMPOSED } from "../../src/functions/author/step.ts";
import { request } from "./request.ts";

const FRPS = 'bindPort = 7000\nvhostHTTPPort = 80\nvhostHTTPSPort = 443\nauth.method = "token"\n';
const xr = {
  apiVersion: "platform.kiln.dev/v1alpha1",
  kind: "Gateway",
  metadata: { name: "edge", namespace: "platform" },
  spec: {
    domain: "example.org",
    region: "fra1",
    size: "s-1vcpu-1gb",
    imageUrl: "https://example.org/nixos-gateway.qcow2.gz",
    sshKeys: ["3b:16:bf:e4"],
    frpsConfig: FRPS,
  },
};
const input = (
  gatewayComposition("kiln-gateway").spec as { pipeline: Array<{ input: Record<string, unknown> }> }
).pipeline[0]!.input;

/** An observed managed resource: what the function desired, plus what the provider reports. */
function observedFrom(
  rsp: RunFunctionResponse,
  name: string,
  status: { ready?: boolean; reason?: string; atProvider?: Record<string, unknown> },
): Record<string, unknown> {
  const desired = rsp.desired!.resources[name]!.resource as Record<string, unknown>;
  const conditions =
    status.ready === undefined
      ? []
      : [
          {
            type: "Ready",
            status: status.ready ? "True" : "False",
            reason: status.reason ?? (status.ready ? "Available" : "Creating"),
          },
        ];
  return {
    ...desired,
    metadata: {
      name: `edge-${name}-x7k2p`,
      namespace: "platform",
      uid: `uid-${name}`,
      annotations: { "crossplane.io/composition-resource-name": name },
    },
    status: { atProvider: status.atProvider ?? {}, conditions },
  };
}

const run = (
  observed: Record<string, Record<string, unknown>> = {},
  over: { input?: unknown; xr?: unknown } = {},
) =>
  gatewayFn.run(
    request({
      xr: (over.xr ?? xr) as Record<string, unknown>,
      observed,
      input: (over.input ?? input) as Record<string, unknown>,
    }),
  );
const fatal = (rsp: RunFunctionResponse) =>
  rsp.results.find((r) => r.severity === Severity.SEVERITY_FATAL)?.message;
const composedCondition = (rsp: RunFunctionResponse) =>
  rsp.conditions.find((c) => c.type === RESOURCES_COMPOSED)!;
const ready = (rsp: RunFunctionResponse) =>
  Object.fromEntries(
    Object.entries(rsp.desired!.resources).map(([k, v]) => [k, v.ready === Ready.READY_TRUE]),
  );

describe("gateway function, stage by stage", () => {
  it("stage 0 — nothing exists: composes only the Image and holds the XR not ready", async () => {
    const rsp = await run();
    expect(fatal(rsp)).toBeUndefined();
    expect(rsp.desired!.resources.image!.resource).toEqual({
      apiVersion: "custom.digitalocean.m.crossplane.io/v1alpha1",
      kind: "Image",
      metadata: {},
      spec: {
        forProvider: {
          name: "edge-nixos",
          url: "https://example.org/nixos-gateway.qcow2.gz",
          regions: ["fra1"],
          distribution: "Unknown",
          description: "NixOS gateway image for example.org",
          tags: ["kiln-gateway"],
        },
      },
    });
    expect(ready(rsp)).toEqual({ image: false });
    expect(rsp.desired!.composite!.ready).toBe(Ready.READY_FALSE);
    expect(composedCondition(rsp)).toMatchObject({
      status: Status.STATUS_CONDITION_FALSE,
      reason: "WaitingForResources",
      message:
        "not composed yet: droplet, domain, record-apex, record-wildcard: droplet: waiting for the Image to be created",
    });
  });

  it("stage 1 — image exists but is not ready: no Droplet yet, and the reason says so", async () => {
    const first = await run();
    const image = observedFrom(first, "image", { ready: false, atProvider: { status: "NEW" } });
    const rsp = await run({ image });
    expect(Object.keys(rsp.desired!.resources)).toEqual(["image"]);
    expect(ready(rsp)).toEqual({ image: false });
    expect(rsp.desired!.composite!.ready).toBe(Ready.READY_FALSE);
    expect(composedCondition(rsp).message).toBe(
      "not composed yet: droplet, domain, record-apex, record-wildcard: droplet: waiting for the Image to become Ready",
    );
  });

  it("stage 2 — image ready: composes the Droplet from the stringified imageId with the frps config in user-data", async () => {
    const first = await run();
    const image = observedFrom(first, "image", {
      ready: true,
      atProvider: { imageId: 187654321, status: "available" },
    });
    const rsp = await run({ image });
    expect(ready(rsp)).toEqual({ image: true, droplet: false });
    const droplet = rsp.desired!.resources.droplet!.resource as {
      spec: { forProvider: Record<string, unknown> };
    };
    expect(droplet).toMatchObject({
      apiVersion: "droplet.digitalocean.m.crossplane.io/v1alpha1",
      kind: "Droplet",
    });
    expect(droplet.spec.forProvider).toEqual({
      name: "edge-gateway",
      region: "fra1",
      size: "s-1vcpu-1gb",
      image: "187654321",
      sshKeys: ["3b:16:bf:e4"],
      userData: userData(FRPS),
      tags: ["kiln-gateway"],
    });
    expect(userData(FRPS)).toBe(
      '#cloud-config\nwrite_files:\n  - path: /etc/frp/frps.toml\n    permissions: "0600"\n    content: |\n      bindPort = 7000\n      vhostHTTPPort = 80\n      vhostHTTPSPort = 443\n      auth.method = "token"\n',
    );
    expect(rsp.desired!.composite!.resource).toEqual({ status: { imageId: "187654321" } });
    expect(rsp.desired!.composite!.ready).toBe(Ready.READY_FALSE);
  });

  it("stage 3 — droplet Ready without an IP yet: the Droplet stays not ready and no DNS is composed", async () => {
    const first = await run();
    const image = observedFrom(first, "image", { ready: true, atProvider: { imageId: 187654321 } });
    const second = await run({ image });
    const droplet = observedFrom(second, "droplet", {
      ready: true,
      atProvider: { id: "4242", status: "active" },
    });
    const rsp = await run({ image, droplet });
    expect(ready(rsp)).toEqual({ image: true, droplet: false });
    expect(rsp.desired!.composite!.ready).toBe(Ready.READY_FALSE);
    expect(composedCondition(rsp).message).toBe(
      "not composed yet: domain, record-apex, record-wildcard: DNS: waiting for the Droplet's IPv4 address",
    );
  });

  it("stage 4 — droplet has an IP: Domain and A records for apex and wildcard, status with address and FQDN", async () => {
    const first = await run();
    const image = observedFrom(first, "image", { ready: true, atProvider: { imageId: 187654321 } });
    const second = await run({ image });
    const droplet = observedFrom(second, "droplet", {
      ready: true,
      atProvider: { ipv4Address: "203.0.113.10" },
    });
    const rsp = await run({ image, droplet });
    expect(ready(rsp)).toEqual({
      image: true,
      droplet: true,
      domain: false,
      "record-apex": false,
      "record-wildcard": false,
    });
    expect(rsp.desired!.resources.domain!.resource).toEqual({
      apiVersion: "dns.digitalocean.m.crossplane.io/v1alpha1",
      kind: "Domain",
      metadata: {},
      spec: { forProvider: { name: "example.org" } },
    });
    for (const [name, host] of [
      ["record-apex", "@"],
      ["record-wildcard", "*"],
    ] as const) {
      expect((rsp.desired!.resources[name]!.resource as { spec: unknown }).spec).toEqual({
        forProvider: { domain: "example.org", type: "A", name: host, value: "203.0.113.10", ttl: 1800 },
      });
    }
    expect(rsp.desired!.composite!.resource).toEqual({
      status: { imageId: "187654321", address: "203.0.113.10", fqdn: "example.org" },
    });
    // Everything is composed: readiness is now Crossplane's call from the composed resources.
    expect(rsp.desired!.composite!.ready).toBe(Ready.READY_UNSPECIFIED);
    expect(composedCondition(rsp)).toMatchObject({
      status: Status.STATUS_CONDITION_TRUE,
      reason: "AllComposed",
    });
  });

  it("stage 5 — everything Ready: every composed resource is READY_TRUE", async () => {
    const observed = await converged();
    const rsp = await run(observed);
    expect(Object.values(ready(rsp))).toEqual([true, true, true, true, true]);
    expect(fatal(rsp)).toBeUndefined();
  });

  it("deletion safety — image turns unready and the Droplet loses its IP in status: nothing is dropped", async () => {
    const observed = await converged();
    observed.image = {
      ...observed.image!,
      status: { atProvider: {}, conditions: [{ type: "Ready", status: "False", reason: "ReconcileError" }] },
    };
    observed.droplet = {
      ...observed.droplet!,
      status: {
        atProvider: { status: "off" },
        conditions: [{ type: "Ready", status: "True", reason: "Available" }],
      },
    };
    const rsp = await run(observed);
    expect(fatal(rsp)).toBeUndefined();
    expect(Object.keys(rsp.desired!.resources).sort()).toEqual([
      "domain",
      "droplet",
      "image",
      "record-apex",
      "record-wildcard",
    ]);
    // The Droplet is kept as observed (its spec, not its status), so Crossplane does not delete it.
    const kept = rsp.desired!.resources.droplet!.resource as Record<string, unknown>;
    expect(kept.spec).toEqual((observed.droplet as { spec: unknown }).spec);
    expect(kept.status).toBeUndefined();
    expect((kept.metadata as Record<string, unknown>).uid).toBeUndefined();
    expect(ready(rsp).image).toBe(false);
  });

  it("rejects input of the wrong kind or shape with a FATAL result", async () => {
    expect(fatal(await run({}, { input: { ...input, recordTtl: "1800" } }))).toBe(
      "invalid input for function kiln-gateway: recordTtl: must be integer",
    );
    expect(fatal(await run({}, { input: { ...input, kind: "Gateway" } }))).toBe(
      'invalid input for function kiln-gateway: kind: must be equal to constant ("GatewayInput")',
    );
  });

  it("reports a missing spec field of the XR as FATAL naming it", async () => {
    const { frpsConfig: _, ...spec } = xr.spec;
    expect(fatal(await run({}, { xr: { ...xr, spec } }))).toBe("step image: spec.frpsConfig is required");
  });
});

/** Observed state once the provider has created and readied everything. */
async function converged(): Promise<Record<string, Record<string, unknown>>> {
  const first = await run();
  const image = observedFrom(first, "image", { ready: true, atProvider: { imageId: 187654321 } });
  const second = await run({ image });
  const droplet = observedFrom(second, "droplet", {
    ready: true,
    atProvider: { ipv4Address: "203.0.113.10" },
  });
  const third = await run({ image, droplet });
  return {
    image,
    droplet,
    domain: observedFrom(third, "domain", { ready: true }),
    "record-apex": observedFrom(third, "record-apex", { ready: true, atProvider: { fqdn: "example.org" } }),
    "record-wildcard": observedFrom(third, "record-wildcard", {
      ready: true,
      atProvider: { fqdn: "*.example.org" },
    }),
  };
}
