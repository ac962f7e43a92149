import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { kiln } from "../helpers/cli.ts";

const fixture = (name: string) => path.join("test/fixtures", name);
const tmp = () => mkdtempSync(path.join(os.tmpdir(), "kiln-cli-"));

describe("kiln CLI", () => {
  it("prints its version", () => {
    const r = kiln(["--version"]);
    const pkg = JSON.parse(readFileSync("package.json", "utf8"));
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it("has --help on every command", () => {
    const top = kiln(["--help"]);
    expect(top.status).toBe(0);
    const names = [...top.stdout.matchAll(/^ {2}([a-z][\w-]*)\b/gm)]
      .map((m) => m[1]!)
      .filter((n) => n !== "help");
    expect(names).toEqual(expect.arrayContaining(["synth", "build"]));
    for (const n of names) {
      const r = kiln([n, "--help"]);
      expect(r.status, n).toBe(0);
      expect(r.stdout, n).toMatch(/^Usage: kiln /);
    }
  });

  it("exits 2 on usage errors", () => {
    expect(kiln(["no-such-command"]).status).toBe(2);
    expect(kiln(["build"]).status).toBe(2);
    const r = kiln(["build", fixture("ok"), "--out", tmp(), "--format", "xml"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--format must be yaml or json, got "xml"');
  });

  it("builds a control plane and applies --set and -f overrides", () => {
    const out = path.join(tmp(), "out");
    const values = path.join(tmp(), "values.yaml");
    writeFileSync(values, "domain: from-values.example\nreplicas: 4\n");
    const r = kiln(["build", fixture("ok"), "--out", out, "-f", values, "--set", "replicas=7"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^wrote 9 files \(5 resources\) to /);
    const cm = readFileSync(path.join(out, "clusters/home/apps/web/configmap-web.yaml"), "utf8");
    expect(cm).toContain("domain: from-values.example");
    expect(cm).toContain('replicas: "7"');
  });

  it("exits 1 with a located message and no stack for user errors", () => {
    const r = kiln(["synth", fixture("throws"), "--out", path.join(tmp(), "out")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /^error: test\/fixtures\/throws\/main\.ts:4:9: TypeError: the domain is not configured\n$/,
    );
    const bad = kiln(["synth", fixture("ok"), "--out", path.join(tmp(), "out"), "--set", "replicas=lots"]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe(
      "error: input replicas expects a number, got text that is not one (from --set)\n",
    );
  });

  it("names the file and line of a broken values file", () => {
    const values = path.join(tmp(), "values.yaml");
    writeFileSync(values, "domain: a\ndomain: b\n");
    const r = kiln(["synth", fixture("ok"), "--out", path.join(tmp(), "out"), "-f", values]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: .*values\.yaml:2:1: duplicate key/);
  });
});
