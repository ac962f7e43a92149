import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { validatePaths } from "../../src/validate/validate.ts";
import { kiln } from "../helpers/cli.ts";
import { tempTree } from "./helpers.ts";

async function problems(files: Record<string, string | Buffer>) {
  const dir = tempTree(
    Object.fromEntries(Object.entries(files).filter(([, v]) => typeof v === "string")) as Record<
      string,
      string
    >,
  );
  for (const [rel, v] of Object.entries(files))
    if (typeof v !== "string") writeFileSync(path.join(dir, rel), v);
  const r = await validatePaths([dir], { schemas: { catalog: false } });
  return {
    r,
    dir,
    list: r.diagnostics
      .filter((d) => d.rule?.startsWith("yaml") || d.rule === "io")
      .map((d) => `${path.basename(d.file ?? "")}:${d.line ?? "-"}:${d.column ?? "-"} ${d.message}`),
  };
}

const NS = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n";

describe("bad input is a finding with file, line and column — never a crash", () => {
  it("malformed YAML", async () => {
    const { list } = await problems({ "bad.yaml": "apiVersion: v1\nkind: [oops\n" });
    expect(list).toHaveLength(1);
    expect(list[0]).toMatch(/^bad\.yaml:\d+:\d+ /);
  });

  it("duplicate keys (an error, as flux-schema does)", async () => {
    const { list } = await problems({
      "dup.yaml": "apiVersion: v1\nkind: Namespace\nkind: Namespace\nmetadata:\n  name: a\n",
    });
    expect(list).toEqual([expect.stringMatching(/^dup\.yaml:3:1 duplicate key/)]);
  });

  it("alias bombs are bounded", async () => {
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x, x]",
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(", ")}]`,
      ),
    ].join("\n");
    const { list } = await problems({ "bomb.yaml": `${bomb}\n` });
    expect(list).toEqual([expect.stringMatching(/alias expansion limit/)]);
  });

  it("binary files", async () => {
    const { list } = await problems({ "bin.yaml": Buffer.from([0x61, 0x00, 0x62]) });
    expect(list).toEqual(["bin.yaml:1:2 binary content (NUL byte) is not YAML"]);
  });

  it("documents without apiVersion or kind, and non-object documents", async () => {
    const { list } = await problems({
      "x.yaml": `${NS}---\nkind: ConfigMap\nmetadata: {name: a}\n---\n- just\n- a list\n`,
    });
    expect(list).toEqual([
      "x.yaml:6:- document has no apiVersion",
      "x.yaml:9:- document is not a Kubernetes object (expected a map with apiVersion and kind)",
    ]);
  });

  it("SOPS-encrypted data files and JSON files that are not manifests are skipped", async () => {
    const { list } = await problems({
      "vars.sops.yaml":
        "db_password: ENC[AES256_GCM,data:aa==,iv:bb==,tag:cc==,type:str]\nsops:\n  mac: ENC[AES256_GCM,data:dd==,iv:ee==,tag:ff==,type:str]\n  version: 3.9.0\n",
      "lock.json": '{"version": 1, "skills": {}}\n',
      "half.json": '{"kind": "ConfigMap", "metadata": {"name": "a"}}\n',
      "notes.yaml": "just: a values file\n",
    });
    expect(list).toEqual([
      "half.json:1:- document has no apiVersion",
      "notes.yaml:1:- document has no apiVersion or kind",
    ]);
  });

  it("empty documents and kustomize configs are skipped quietly; v1 List items are validated", async () => {
    const list =
      "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: Bad_Name, namespace: apps}\n";
    const { r } = await problems({
      "a.yaml": `---\n---\n${NS}---\n`,
      "kustomization.yaml":
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [a.yaml]\n",
      "list.yaml": list,
    });
    expect(r.summary.resources).toBe(2);
    expect(r.diagnostics.map((d) => [path.basename(d.file!), d.line, d.rule])).toEqual([
      ["list.yaml", 6, "metadata"],
    ]);
  });

  it("huge files hit a clear limit", async () => {
    const { list } = await problems({ "huge.yaml": `a: "${"x".repeat(33 * 1024 * 1024)}"\n` });
    expect(list).toEqual([
      expect.stringMatching(/^huge\.yaml:-:- file is too large \(\d+ bytes; the limit is 33554432\)$/),
    ]);
  });
});

describe("kiln validate (CLI)", () => {
  it("exits 0 when clean, 1 on findings, 2 on usage errors; no stack traces", () => {
    const clean = tempTree({ "ns.yaml": NS });
    const ok = kiln(["validate", clean, "--no-catalog"]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain("✓ 1 resource in 1 file, 0 errors");
    const bad = tempTree({ "bad.yaml": "kind: [\n" });
    const r = kiln(["validate", bad, "--no-catalog"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("bad.yaml");
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(kiln(["validate", clean, "-o", "nope"]).status).toBe(2);
    expect(kiln(["validate", clean, "--workers", "x"]).status).toBe(2);
    const missing = kiln(["validate", path.join(clean, "nope")]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^error: no such file or folder: /);
  });

  it("reads standard input for `-`, and for no paths when YAML is piped in (as kubeconform does)", () => {
    const bad = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: 1}\n";
    const dash = kiln(["validate", "-", "--no-catalog"], { input: bad });
    expect(dash.status).toBe(1);
    expect(dash.stdout).toMatch(
      /^stdin\n {2}4:11 +error +ConfigMap x data\.a: Invalid value: 1: must be of type string/,
    );
    const piped = kiln(["validate", "--no-catalog"], { input: NS, cwd: tempTree({}) });
    expect(piped.status).toBe(0);
    expect(piped.stdout).toContain("✓ 1 resource in 1 file, 0 errors");
  });

  it("with no paths and nothing piped, validates a kiln project's built output, never its sources", () => {
    const project = tempTree({ "main.ts": "export default {};\n", "package.json": "{}\n" });
    const unbuilt = kiln(["validate", "--no-catalog"], { cwd: project });
    expect(unbuilt.status).toBe(1);
    expect(unbuilt.stderr).toMatch(
      /^error: nothing to validate: this is a kiln project without built output/,
    );
    const built = tempTree({
      "main.ts": "export default {};\n",
      "out/.kiln-output": "generated by kiln; this folder is replaced on every build\n",
      "out/ns.yaml": NS,
    });
    const r = kiln(["validate", "--no-catalog"], { cwd: built });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("✓ 1 resource in 1 file, 0 errors");
  });

  it("resolves Flux paths from a built output's marker, as kiln build did", () => {
    const ks = (p: string) =>
      `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps, namespace: flux-system}\nspec: {interval: 10m, prune: true, path: ${p}, sourceRef: {kind: GitRepository, name: flux-system}}\n`;
    const tree = tempTree({
      ".git/HEAD": "ref: refs/heads/main\n",
      "deploy/.kiln-output":
        "generated by kiln; this folder is replaced on every build\nrepoPath: ./deploy\n",
      "deploy/clusters/home/ks.yaml": ks("./deploy/clusters/home/apps"),
      "deploy/clusters/home/apps/ns.yaml": NS,
      "deploy/clusters/home/bad.yaml": ks("./deploy/clusters/home/nowhere").replace(
        "name: apps",
        "name: bad",
      ),
    });
    const r = kiln(["validate", path.join(tree, "deploy"), "--no-catalog"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("path ./deploy/clusters/home/nowhere does not exist");
    expect(r.stdout).not.toContain("clusters/home/apps does not exist");
  });
});
