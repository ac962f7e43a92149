/**
 * ExternalSecret / ClusterSecretStore helpers (1Password Connect, seed 003), validated strictly
 * against the external-secrets v1 CRDs pinned in the built-in catalog (read from the mirror).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { type KubeObject, ResourceGraph, validateGraph } from "kiln";
import { crdSchemasFromText } from "kiln/import";
import { describe, expect, it } from "vitest";
import { catalogPins } from "../../src/import/catalog.ts";
import { externalSecret, onePasswordConnectStore } from "../../src/secrets/external-secrets.ts";
import { MIRROR_SKIP, mirrorDir } from "../helpers/env.ts";

const store = () =>
  onePasswordConnectStore({
    name: "onepassword",
    connectHost: "http://onepassword-connect.onepassword.svc.cluster.local:8080",
    vaults: { homelab: 1, shared: 2 },
    connectToken: { name: "onepassword-connect-token", namespace: "external-secrets", key: "token" },
  });
const es = () =>
  externalSecret({
    name: "digitalocean-credentials",
    namespace: "crossplane-system",
    store: { name: "onepassword" },
    data: { DIGITALOCEAN_TOKEN: { key: "homelab-prod", property: "DIGITALOCEAN_TOKEN" } },
    template: { credentials: '{"token":"{{ .DIGITALOCEAN_TOKEN }}"}' },
  });

describe("external-secrets helpers", () => {
  it("a 1Password Connect ClusterSecretStore and an ExternalSecret templating the Secret", () => {
    expect(store()).toEqual({
      apiVersion: "external-secrets.io/v1",
      kind: "ClusterSecretStore",
      metadata: { name: "onepassword" },
      spec: {
        provider: {
          onepassword: {
            connectHost: "http://onepassword-connect.onepassword.svc.cluster.local:8080",
            vaults: { homelab: 1, shared: 2 },
            auth: {
              secretRef: {
                connectTokenSecretRef: {
                  name: "onepassword-connect-token",
                  namespace: "external-secrets",
                  key: "token",
                },
              },
            },
          },
        },
      },
    });
    expect(es().spec).toEqual({
      refreshInterval: "1h",
      secretStoreRef: { kind: "ClusterSecretStore", name: "onepassword" },
      target: {
        name: "digitalocean-credentials",
        creationPolicy: "Owner",
        template: {
          engineVersion: "v2",
          type: "Opaque",
          data: { credentials: '{"token":"{{ .DIGITALOCEAN_TOKEN }}"}' },
        },
      },
      data: [
        {
          secretKey: "DIGITALOCEAN_TOKEN",
          remoteRef: { key: "homelab-prod", property: "DIGITALOCEAN_TOKEN" },
        },
      ],
    });
  });

  it("bad input is an error naming the field", () => {
    expect(() => onePasswordConnectStore({ ...storeSpec(), vaults: {} })).toThrow(/at least one vault/);
    expect(() => onePasswordConnectStore({ ...storeSpec(), vaults: { a: 0 } })).toThrow(/positive integer/);
    expect(() => onePasswordConnectStore({ ...storeSpec(), connectHost: "onepassword:8080" })).toThrow(/URL/);
    expect(() =>
      externalSecret({
        name: "x",
        namespace: "ns",
        store: { name: "s" },
        data: { A: { key: "i" } },
        template: { k: "{{ .B }}" },
      }),
    ).toThrow(/refers to B, which data does not define/);
    expect(() => externalSecret({ name: "x", namespace: "ns", store: { name: "s" }, data: {} })).toThrow(
      /at least one/,
    );
  });
});

function storeSpec() {
  return {
    name: "onepassword",
    connectHost: "http://c:8080",
    vaults: { homelab: 1 },
    connectToken: { name: "t", namespace: "external-secrets", key: "token" },
  };
}

const mirror = mirrorDir();
describe.skipIf(!mirror)(mirror ? "against the external-secrets v1 CRDs" : MIRROR_SKIP, () => {
  // The external-secrets CRDs as the built-in catalog pins them.
  const pinned = (f: string) =>
    catalogPins()
      .entries()
      .map((e) => e.url ?? "")
      .find((u) => u.endsWith(`/${f}`));
  const schemas = () =>
    ["external-secrets.io_clustersecretstores.yaml", "external-secrets.io_externalsecrets.yaml"].flatMap(
      (f) => {
        const url = pinned(f) ?? f;
        const text = readFileSync(path.join(mirror as string, url.replace(/^https:\/\//, "")), "utf8");
        return crdSchemasFromText(text, url).kinds;
      },
    );
  const validate = (objects: KubeObject[]) => {
    const graph = new ResourceGraph();
    for (const name of ["crossplane-system", "frp"])
      graph.add({ apiVersion: "v1", kind: "Namespace", metadata: { name } }, { unit: [] });
    for (const o of objects) graph.add(o, { unit: [] });
    return validateGraph(graph, { strict: true, kindSchemas: schemas(), schemas: { catalog: false } });
  };

  it("the helpers' objects pass strictly (schemas and CEL), every kind with a schema", async () => {
    const report = await validate([
      store(),
      es(),
      externalSecret({
        name: "frp-token",
        namespace: "frp",
        store: { name: "onepassword" },
        data: { token: { key: "homelab-prod", property: "FRP_TOKEN" } },
      }),
    ]);
    expect(report.diagnostics).toEqual([]);
    expect(report.summary.withoutSchema).toBe(0);
  });

  it("and the same validation rejects what the CRDs reject", async () => {
    const bad = es();
    (bad.spec as { target: { creationPolicy: string } }).target.creationPolicy = "Sometimes";
    const s = store();
    delete (s.spec as { provider: { onepassword: { vaults?: unknown } } }).provider.onepassword.vaults;
    const report = await validate([bad, s]);
    const found = report.diagnostics.map((d) => `${d.path}: ${d.message}`).join("\n");
    expect(found).toMatch(/spec\.target\.creationPolicy: Unsupported value: "Sometimes"/);
    expect(found).toMatch(/spec\.provider\.onepassword\.vaults: Required value/);
  });
});
