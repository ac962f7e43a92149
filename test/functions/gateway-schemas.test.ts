/**
 * The gateway's XRD, Composition and every composed resource checked against the pinned upstream
 * CRDs (schemas and CEL rules) with kiln's validator: the hand-written shapes in
 * examples/homelab/platform/types.ts cannot drift from the provider's without failing here.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import gatewayFn from "../../examples/homelab/platform/function.ts";
import { gatewayComposition, gatewayXrd } from "../../examples/homelab/platform/gateway.ts";
import type { KubeObject } from "../../src/core/identity.ts";
import { crdSchemasFromText, SchemaSet } from "../../src/import/validator.ts";
import { type CompiledKind, checkObject, compileKind } from "../../src/validate/object.ts";
import { MIRROR_SKIP, mirrorDir } from "../helpers/env.ts";
import { request } from "./request.ts";

const mirror = mirrorDir();
const CRDS = [
  "crossplane/crossplane/.*/cluster/crds/apiextensions.crossplane.io_compositeresourcedefinitions.yaml",
  "crossplane/crossplane/.*/cluster/crds/apiextensions.crossplane.io_compositions.yaml",
  "custom.digitalocean.m.crossplane.io_images.yaml",
  "droplet.digitalocean.m.crossplane.io_droplets.yaml",
  "dns.digitalocean.m.crossplane.io_domains.yaml",
  "dns.digitalocean.m.crossplane.io_records.yaml",
];

function schemas(dir: string): (apiVersion: string, kind: string) => CompiledKind | undefined {
  const index = JSON.parse(readFileSync(path.join(dir, "index.json"), "utf8")) as Array<{ path: string }>;
  const set = new SchemaSet();
  for (const pattern of CRDS) {
    const entry = index.find((e) => new RegExp(`${pattern.replaceAll(".yaml", "\\.yaml")}$`).test(e.path));
    if (!entry) throw new Error(`mirror has no ${pattern}`);
    for (const k of crdSchemasFromText(readFileSync(path.join(dir, entry.path), "utf8"), entry.path).kinds)
      set.add(k);
  }
  const cache = new Map<string, CompiledKind>();
  return (apiVersion, kind) => {
    const k = set.get(apiVersion, kind);
    if (!k) return undefined;
    const key = `${apiVersion}/${kind}`;
    if (!cache.has(key)) cache.set(key, compileKind(k));
    return cache.get(key);
  };
}

describe.skipIf(!mirror)(mirror ? "gateway objects against the pinned CRDs" : MIRROR_SKIP, () => {
  const lookup = mirror ? schemas(mirror) : () => undefined;
  const check = (obj: KubeObject) => {
    const r = checkObject(obj, { schemas: lookup, strict: true });
    expect(r.hasSchema).toBe(true);
    return r.findings.map((f) => `${f.severity} ${f.path.join(".")}: ${f.message}`);
  };

  it("the XRD and the Composition are valid Crossplane objects", () => {
    expect(check(gatewayXrd)).toEqual([]);
    expect(check(gatewayComposition("kiln-gateway"))).toEqual([]);
  });

  it("every composed resource passes the provider's schema and CEL rules", async () => {
    const xr = {
      apiVersion: "platform.kiln.dev/v1alpha1",
      kind: "Gateway",
      metadata: { name: "edge", namespace: "platform" },
      spec: {
        domain: "example.org",
        region: "fra1",
        size: "s-1vcpu-1gb",
        imageUrl: "https://example.org/i.qcow2",
        frpsConfig: "bindPort = 7000\n",
      },
    };
    const ok = (status: Record<string, unknown>) => ({
      ...status,
      conditions: [{ type: "Ready", status: "True" }],
    });
    const observed = {
      image: {
        apiVersion: "x/v1",
        kind: "Image",
        metadata: { name: "i" },
        status: ok({ atProvider: { imageId: 5 } }),
      },
      droplet: {
        apiVersion: "x/v1",
        kind: "Droplet",
        metadata: { name: "d" },
        status: ok({ atProvider: { ipv4Address: "203.0.113.10" } }),
      },
    };
    const input = (
      gatewayComposition("kiln-gateway").spec as { pipeline: Array<{ input: Record<string, unknown> }> }
    ).pipeline[0]!.input;
    const rsp = await gatewayFn.run(request({ xr, observed, input }));
    const names = Object.keys(rsp.desired!.resources).sort();
    // The observed stand-ins above are kept only if not composed; all five must be freshly composed.
    expect(names).toEqual(["domain", "droplet", "image", "record-apex", "record-wildcard"]);
    for (const name of names) {
      const obj = rsp.desired!.resources[name]!.resource as KubeObject;
      // Crossplane names composed resources (generateName) in the XR's namespace.
      const named = { ...obj, metadata: { ...obj.metadata, name: `edge-${name}`, namespace: "platform" } };
      expect([name, check(named)]).toEqual([name, []]);
    }
  });
});
