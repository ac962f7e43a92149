/**
 * Secret values never reach a report: a canary in a Secret's data/stringData and in a
 * HelmRelease's password-like values is grepped for in every reporter's output, whichever check
 * quoted it (schema, a user policy that echoes it), in file mode, with worker threads, and
 * through `kiln build` (graph mode).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { secretValues } from "../../src/validate/policies.ts";
import { validatePaths } from "../../src/validate/validate.ts";
import { kiln } from "../helpers/cli.ts";
import { ROOT } from "../helpers/env.ts";

const CANARY = "CANARY-s3cr3t-7d1c";
/** Longer than the 60 characters schema messages quote: the cut rendering must go too. */
const LONG = `${CANARY}-${"x".repeat(80)}`;
const NUMBER = 918273645;

const SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: s
  namespace: default
data:
  token: "${CANARY}!!"
  long: "${LONG}!"
  nested: { a: "${CANARY}" }
stringData:
  pin: ${NUMBER}
`;

const HELM_RELEASE = `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: app
  namespace: default
spec:
  interval: 1h
  chart:
    spec:
      chart: app
      sourceRef: { kind: HelmRepository, name: r }
  values:
    auth:
      adminPassword: "${CANARY}"
      api_key: ${NUMBER}
      existingSecret: app-secret
      passwordSecretRef: { name: x }
    db:
      password: "\${DB_PASSWORD}"
      rootPassword: "ENC[AES256_GCM,data:abc,iv:x,tag:y,type:str]"
    replicas: 2
    runner:
      githubConfigSecret: home-ops-runner-secret
      secretKey: api-key
`;

/** A user policy that quotes every string it finds: the worst a policy can do. */
const ECHO_POLICY = `import { definePolicy } from ${JSON.stringify(pathToFileURL(path.join(ROOT, "src/index.ts")).href)};
const strings = (v, out = []) => { if (typeof v === "string" || typeof v === "number") out.push(v); else if (v && typeof v === "object") for (const c of Object.values(v)) strings(c, out); return out; };
export default definePolicy({ name: "echo", severity: "warning", check: (r) => [{ message: "saw " + strings(r).join(", ") }] });
`;

function tree(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "kiln-redact-"));
  writeFileSync(path.join(dir, "secret.yaml"), SECRET);
  writeFileSync(path.join(dir, "release.yaml"), HELM_RELEASE);
  writeFileSync(path.join(dir, "echo.mts"), ECHO_POLICY);
  writeFileSync(path.join(dir, "package.json"), '{ "type": "module" }\n');
  return dir;
}

const leaks = (text: string) => [CANARY, LONG.slice(0, 57), String(NUMBER)].filter((c) => text.includes(c));

describe("secret values in findings are redacted in one place", () => {
  it("schema findings on a Secret quote [redacted], never the value", async () => {
    const dir = tree();
    const r = await validatePaths([path.join(dir, "secret.yaml")], { schemas: { catalog: false } });
    const messages = r.diagnostics.map((d) => `${d.path}: ${d.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'data.token: Invalid value: "[redacted]": must be of format byte',
        'data.long: Invalid value: "[redacted]": must be of format byte',
        "stringData.pin: Invalid value: [redacted]: must be of type string",
      ]),
    );
    expect(leaks(JSON.stringify(r))).toEqual([]);
  });

  it("no reporter prints a canary, with a policy that echoes everything, with and without workers", () => {
    const dir = tree();
    const runs = [
      ...["pretty", "json", "sarif", "junit", "github"].map((output) => [output, "0"]),
      ["json", "2"],
    ];
    for (const [output, workers] of runs) {
      const r = kiln([
        "validate",
        dir,
        "-o",
        output!,
        "--policy",
        path.join(dir, "echo.mts"),
        "--workers",
        workers!,
      ]);
      expect(r.status, `${output} ${workers}: ${r.stderr}`).toBe(1);
      expect(leaks(r.stdout + r.stderr), `${output} workers=${workers}`).toEqual([]);
      // The findings are there, with the values replaced.
      expect(r.stdout).toContain("[redacted]");
      expect(r.stdout).toMatch(/plaintext adminPassword in a HelmRelease/);
    }
  }, 120_000);

  it("kiln build (graph mode) redacts the same way", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "kiln-redact-build-"));
    writeFileSync(path.join(dir, "package.json"), '{ "type": "module" }\n');
    const kilnUrl = JSON.stringify(pathToFileURL(path.join(ROOT, "src/index.ts")).href);
    writeFileSync(
      path.join(dir, "main.ts"),
      `import { defineControlPlane } from ${kilnUrl};
export default defineControlPlane({ name: "p", inputs: { token: "${CANARY}" }, build({ inputs, cluster }) {
  cluster("c").layer("l").app("a").add({ apiVersion: "v1", kind: "Secret", metadata: { name: "s", namespace: "default" }, data: { token: inputs.token + "!!" } });
} });
`,
    );
    const r = kiln(["build", dir, "--out", path.join(dir, "out")]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('data.token: Invalid value: "[redacted]": must be of format byte');
    expect(leaks(r.stdout + r.stderr)).toEqual([]);
  });
});

describe("the secret policy on HelmRelease values", () => {
  it("flags plaintext password-like values, not references, Secret names, substitutions or SOPS ciphertext", async () => {
    const dir = tree();
    const r = await validatePaths([path.join(dir, "release.yaml")], { schemas: { catalog: false } });
    const found = r.diagnostics.filter((d) => d.rule === "policy/plaintext-secret");
    expect(found.map((d) => [d.path, d.line])).toEqual([
      ["spec.values.auth.adminPassword", 14],
      ["spec.values.auth.api_key", 15],
    ]);
    expect(found[0]!.message).toBe(
      "plaintext adminPassword in a HelmRelease's spec.values in Git-bound output: put it in a Secret (SOPS-encrypted) and read it with spec.valuesFrom",
    );
    expect(leaks(JSON.stringify(r))).toEqual([]);
  });

  it("passes a HelmRelease that reads its secrets through valuesFrom, and --no-secret-policy turns it off", async () => {
    const dir = tree();
    const clean = HELM_RELEASE.replace(/ {6}adminPassword.*\n {6}api_key.*\n/, "");
    writeFileSync(path.join(dir, "release.yaml"), clean);
    const r = await validatePaths([path.join(dir, "release.yaml")], { schemas: { catalog: false } });
    expect(r.diagnostics.filter((d) => d.rule === "policy/plaintext-secret")).toEqual([]);
    writeFileSync(path.join(dir, "release.yaml"), HELM_RELEASE);
    const off = await validatePaths([path.join(dir, "release.yaml")], {
      schemas: { catalog: false },
      secretPolicy: false,
    });
    expect(off.diagnostics.filter((d) => d.rule === "policy/plaintext-secret")).toEqual([]);
  });

  it("takes lowercase words under a Secret-naming key as a name, anything else as a secret", () => {
    const release = (values: Record<string, unknown>) => ({
      apiVersion: "helm.toolkit.fluxcd.io/v2",
      kind: "HelmRelease",
      metadata: { name: "r" },
      spec: { values },
    });
    const flagged = (values: Record<string, unknown>) =>
      secretValues(release(values)).map((v) => v.path.join("."));
    expect(
      flagged({ githubConfigSecret: "runner-secret", secretKey: "token", adminSecretName: "admin.creds" }),
    ).toEqual([]);
    // Environment-style key names in a Secret (joryirving/home-ops, mirceanton/home-ops).
    expect(
      flagged({
        secretKey: "GITHUB_TOKEN",
        clientSecretKey: "OIDC_SECRET",
        rcon: { secretKey: "RCON_PASSWORD" },
      }),
    ).toEqual([]);
    expect(flagged({ secretKey: "Xk9_QZ", password: "GITHUB_TOKEN" })).toEqual([
      "spec.values.secretKey",
      "spec.values.password",
    ]);
    expect(flagged({ clientSecret: "Zx9fQ2mPq7", secretKey: "3f2a 9c1b", token: "abc-def" })).toEqual([
      "spec.values.clientSecret",
      "spec.values.secretKey",
      "spec.values.token",
    ]);
  });
});
