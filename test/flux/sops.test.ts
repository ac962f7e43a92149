import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../src/core/identity.ts";
import { expandResourceSet } from "../../src/flux/resourceset.ts";
import { isSopsObject, wipeSops } from "../../src/flux/sops.ts";

const enc = "ENC[AES256_GCM,data:THaVSOFakPQ=,iv:wuSI,tag:dMy8,type:str]";

describe("SOPS placeholders", () => {
  it("wipes the sops block and every encrypted value; Secret data stays base64", () => {
    const s: KubeObject = {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "s" },
      data: { token: enc },
      stringData: { password: enc, plain: "" },
      sops: { mac: enc, age: [] },
    };
    expect(isSopsObject(s)).toBe(true);
    const w = wipeSops(s);
    expect(w.sops).toBeUndefined();
    expect(Buffer.from(String((w.data as any).token), "base64").toString()).toBe("..PLACEHOLDER_token..");
    expect(w.stringData).toEqual({ password: "..PLACEHOLDER_password..", plain: "" });
    expect(JSON.stringify(w)).not.toContain("ENC[");
  });
});

describe("ResourceSet expansion", () => {
  const rs = (spec: Record<string, unknown>): KubeObject => ({
    apiVersion: "fluxcd.controlplane.io/v1",
    kind: "ResourceSet",
    metadata: { name: "apps", namespace: "flux-system" },
    spec,
  });
  const resources = [
    {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "team-<< inputs.tenant >>", labels: { v: "<< inputs.app.version | quote >>" } },
    },
  ];
  it("renders resources once per inline input and per Static provider", () => {
    const provider: KubeObject = {
      apiVersion: "fluxcd.controlplane.io/v1",
      kind: "ResourceSetInputProvider",
      metadata: { name: "p", namespace: "flux-system" },
      spec: { type: "Static", defaultValues: { tenant: "c", app: { version: "3" } } },
    };
    const r = expandResourceSet(
      rs({
        inputs: [
          { tenant: "a", app: { version: "1.0" } },
          { tenant: "b", app: { version: 2 } },
        ],
        inputsFrom: [{ kind: "ResourceSetInputProvider", name: "p" }],
        resources,
        commonMetadata: { labels: { x: "y" } },
      }),
      new Map([["flux-system/p", provider]]),
    );
    expect("objects" in r && r.objects.map((o) => [o.metadata.name, o.metadata.labels])).toEqual([
      ["team-a", { v: "1.0", x: "y" }],
      ["team-b", { v: "2", x: "y" }],
      ["team-c", { v: "3", x: "y" }],
    ]);
  });
  it("gives a reason instead of guessing for unsupported template expressions or providers", () => {
    const bad = expandResourceSet(
      rs({ inputs: [{}], resources: [{ kind: "X", v: "<< range .x >>" }] }),
      new Map(),
    );
    expect(bad).toEqual({ reason: "template expression << range .x >> is not supported offline" });
    const missing = expandResourceSet(rs({ inputsFrom: [{ name: "nope" }], resources }), new Map());
    expect("reason" in missing && missing.reason).toMatch(/not in the repository/);
  });
});
