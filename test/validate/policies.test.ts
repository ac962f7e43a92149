import { writeFileSync } from "node:fs";
import path from "node:path";
import { definePolicy, validatePaths } from "kiln";
import { describe, expect, it } from "vitest";
import { parseYamlDocuments } from "../../src/core/yaml.ts";
import { encryptFileText } from "../../src/secrets/sops.ts";
import { ROOT } from "../helpers/env.ts";
import { identity } from "../secrets/helpers.ts";
import { findings, tempTree } from "./helpers.ts";

const secret = (extra: Record<string, unknown>) => ({
  apiVersion: "v1",
  kind: "Secret",
  metadata: { name: "s", namespace: "apps" },
  ...extra,
});

describe("plaintext Secret policy", () => {
  it("rejects a plaintext Secret without quoting its values", async () => {
    const f = (await findings(secret({ stringData: { password: "hunter2" } }))).filter(
      (x) => x.rule === "policy/plaintext-secret",
    );
    expect(f).toHaveLength(1);
    expect(f[0]!.message).not.toContain("hunter2");
    expect(f[0]!.message).not.toContain("password");
  });

  it("accepts SOPS-encrypted and empty Secrets", async () => {
    const { recipient } = await identity();
    const text = await encryptFileText(
      "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: apps\ndata:\n  password: cGxhaW4=\n",
      { file: "s.yaml", recipients: [recipient], encryptedRegex: "^(data|stringData)$" },
    );
    const enc = parseYamlDocuments(text, "s.yaml")[0]!.value as Record<string, unknown>;
    expect((await findings(enc)).filter((x) => x.rule.startsWith("policy"))).toEqual([]);
    expect((await findings(secret({}))).filter((x) => x.rule.startsWith("policy"))).toEqual([]);
    // A sops block does not excuse values that are not encrypted, nor a MAC that only looks like one.
    const half = { ...enc, data: { a: "cGxhaW4=" } };
    expect((await findings(half)).filter((x) => x.rule.startsWith("policy"))).toHaveLength(1);
    const forged = {
      ...enc,
      sops: { ...(enc.sops as object), mac: "ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]" },
    };
    expect((await findings(forged)).map((x) => x.rule).sort()).toEqual([
      "policy/plaintext-secret",
      "sops/metadata",
    ]);
  });
});

describe("user policies", () => {
  const team = definePolicy({
    name: "team-label",
    severity: "warning",
    check: (r) =>
      r.metadata.labels?.team
        ? []
        : [{ message: "every resource needs a team label", path: "metadata.labels" }],
  });

  it("runs a typed policy (resource in, findings out) and locates its findings", async () => {
    const dir = tempTree({
      "a.yaml":
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n  labels:\n    team: core\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: other\n",
    });
    const r = await validatePaths([dir], { policies: [team], schemas: { catalog: false } });
    const f = r.diagnostics.filter((d) => d.rule === "policy/team-label");
    expect(f.map((d) => [d.resource, d.severity, d.line])).toEqual([["Namespace other", "warning", 10]]);
  });

  it("loads policy modules from files (also in worker threads)", async () => {
    const dir = tempTree({ "ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n" });
    const mod = path.join(dir, "policy.ts");
    writeFileSync(
      mod,
      `import { definePolicy } from ${JSON.stringify(path.join(ROOT, "src/validate/policy.ts"))};\nexport default [definePolicy({ name: "no-apps", check: (r) => r.metadata.name === "apps" ? [{ message: "apps is reserved" }] : [] })];\n`,
    );
    for (const workers of [0, 2]) {
      const r = await validatePaths([path.join(dir, "ns.yaml")], {
        policyModules: [mod],
        workers,
        schemas: { catalog: false },
      });
      expect(r.diagnostics.map((d) => [d.rule, d.message])).toEqual([["policy/no-apps", "apps is reserved"]]);
    }
  });

  it("turns a throwing policy into a finding", async () => {
    const boom = definePolicy({
      name: "boom",
      check: () => {
        throw new Error("oops");
      },
    });
    const dir = tempTree({ "ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n" });
    const r = await validatePaths([dir], { policies: [boom], schemas: { catalog: false } });
    expect(r.diagnostics.map((d) => d.message)).toEqual(["policy boom threw on Namespace apps: oops"]);
  });

  it("rejects malformed policies", () => {
    expect(() => definePolicy({ name: "", check: () => [] })).toThrow(/definePolicy/);
  });
});
