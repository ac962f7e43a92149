import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { mirrorPath } from "../../src/sources/mirror.ts";
import { kiln } from "../helpers/cli.ts";
import { ROOT } from "../helpers/env.ts";
import { crdYaml } from "./crds.ts";

const WIDGETS = "https://crds.example.test/org/repo/0123abcd/crds/widgets.yaml";
const tmp = (p = "kiln-import-cli-") => mkdtempSync(path.join(os.tmpdir(), p));
// Projects live inside the repository (in the gitignored .kiln/) so that `import "kiln"` in
// their main.ts resolves to the sources, as it does for examples/homelab.
const projectsRoot = path.join(ROOT, ".kiln", "test-projects");
afterAll(() => rmSync(projectsRoot, { recursive: true, force: true }));

function project(config = ""): { dir: string; mirror: string; env: NodeJS.ProcessEnv } {
  mkdirSync(projectsRoot, { recursive: true });
  const dir = mkdtempSync(path.join(projectsRoot, "p-"));
  writeFileSync(
    path.join(dir, "main.ts"),
    `import { defineControlPlane } from "kiln";
export default defineControlPlane({
  name: "import-fixture",
  inputs: {},
  build({ cluster }) {
    cluster("home").layer("apps", { flux: false }).add(
      { apiVersion: "v1", kind: "Namespace", metadata: { name: "demo" } },
      { apiVersion: "example.kiln.dev/v1", kind: "Widget", metadata: { name: "w", namespace: "demo" }, spec: { size: 2 } },
    );
  },
});
`,
  );
  writeFileSync(
    path.join(dir, "kiln.config.ts"),
    `export default { crds: [${JSON.stringify(WIDGETS)}]${config} };\n`,
  );
  const mirror = tmp("kiln-mirror-");
  const file = mirrorPath(mirror, WIDGETS);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, crdYaml());
  // An empty cache and no mirror unless a test passes one: nothing can come from outside.
  return { dir, mirror, env: { KILN_CACHE: tmp("kiln-cache-"), KILN_MIRROR: "", KILN_OFFLINE: "1" } };
}

describe("kiln import", () => {
  it("imports a project's CRDs through a mirror and pins them", () => {
    const p = project();
    const r = kiln(["import", "--project", p.dir, "--offline", "--mirror", p.mirror], { env: p.env });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /^imported 1 kinds in 1 group versions \(mirror: 1\) into .*\.kiln\/imports; .*kiln\.lock updated\n$/,
    );
    expect(readFileSync(path.join(p.dir, ".kiln/imports/example.kiln.dev/v1.ts"), "utf8")).toContain(
      "export type Widget = {",
    );
    expect(JSON.parse(readFileSync(path.join(p.dir, "kiln.lock"), "utf8")).artifacts[0].url).toBe(WIDGETS);
  });

  it("imports ad hoc files into --out", () => {
    const dir = tmp();
    writeFileSync(path.join(dir, "w.yaml"), crdYaml());
    const r = kiln(["import", path.join(dir, "w.yaml"), "--out", path.join(dir, "gen")], {
      env: { KILN_CACHE: tmp() },
    });
    expect(r.status).toBe(0);
    expect(existsSync(path.join(dir, "gen/example.kiln.dev/v1.ts"))).toBe(true);
  });

  it("exits 2 on usage errors and 1, without a stack, on bad input", () => {
    expect(kiln(["import", "x.yaml"]).status).toBe(2);
    expect(kiln(["import", "--workers", "many", "x.yaml", "--out", tmp()]).status).toBe(2);
    const dir = tmp();
    writeFileSync(path.join(dir, "cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
    const out = path.join(dir, "gen");
    const r = kiln(["import", path.join(dir, "cm.yaml"), "--out", out], { env: { KILN_CACHE: tmp() } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: .*cm\.yaml:1: no CustomResourceDefinition found/);
    expect(r.stderr).not.toContain("    at ");
    expect(existsSync(out)).toBe(false);
    const missing = kiln(["import", "--project", tmp()]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("no kiln.config.ts in");
  });

  it("a CRD schema with a self-referencing alias is a located error, not a stack overflow", () => {
    const dir = tmp();
    const crd = [
      "apiVersion: apiextensions.k8s.io/v1",
      "kind: CustomResourceDefinition",
      "metadata:",
      "  name: widgets.example.org",
      "spec:",
      "  group: example.org",
      "  names: { kind: Widget, plural: widgets, singular: widget, listKind: WidgetList }",
      "  scope: Namespaced",
      "  versions:",
      "    - name: v1",
      "      served: true",
      "      storage: true",
      "      schema:",
      "        openAPIV3Schema: &s",
      "          type: object",
      "          properties:",
      "            spec: *s",
      "",
    ].join("\n");
    expect(crd).toContain("*s");
    const file = path.join(dir, "crd.yaml");
    writeFileSync(file, crd);
    const line = crd.split("\n").findIndex((l) => l.includes("*s")) + 1;
    const out = path.join(dir, "gen");
    const r = kiln(["import", file, "--out", out], { env: { KILN_CACHE: tmp() } });
    expect(r.stderr).toMatch(
      new RegExp(
        `^error: \\S*crd\\.yaml:${line}:\\d+: alias \\*s refers to a node that contains it \\(a cycle`,
      ),
    );
    expect(r.stderr).not.toContain("    at ");
    expect(r.status).toBe(1);
    expect(existsSync(out)).toBe(false);
  });
});

describe("kiln build with CRD sources", () => {
  it("renders offline with no cache and no mirror, saying what could not be imported", () => {
    const p = project();
    const out = tmp();
    const r = kiln(["synth", p.dir, "--out", out], { env: p.env });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`warning: CRDs could not be imported: cannot get ${WIDGETS}`);
    expect(r.stdout).toContain("network: not tried (offline)");
    expect(readFileSync(path.join(out, "clusters/home/apps/widget-w.yaml"), "utf8")).toContain("size: 2");
    expect(existsSync(path.join(p.dir, ".kiln/imports"))).toBe(false);
  });

  it("a kind the user wrote without a schema fails the build; with a mirror it is imported and checked", () => {
    const p = project();
    const build = kiln(["build", p.dir, "--out", tmp()], { env: p.env });
    expect(build.status).toBe(1);
    expect(build.stdout).toContain(
      'Widget demo/w kind: no schema for example.kiln.dev/v1 Widget (add its CRDs to kiln.config.ts crds, or accept it with schemas: { waive: ["example.kiln.dev/Widget"] })',
    );
    expect(build.stderr).toContain("validation failed: 1 error");
    const withMirror = kiln(["synth", p.dir, "--out", tmp()], { env: { ...p.env, KILN_MIRROR: p.mirror } });
    expect(withMirror.status).toBe(0);
    expect(withMirror.stdout).toContain("imported 1 CRD kinds into .kiln/imports");
    expect(existsSync(path.join(p.dir, ".kiln/imports/schemas.json"))).toBe(true);
    // Pinned and imported: the next build finds the output fresh and says nothing about it.
    const again = kiln(["synth", p.dir, "--out", tmp()], { env: p.env });
    expect(again.status).toBe(0);
    expect(again.stdout).not.toContain("CRD");
  });

  it("a kind waived in kiln.config.ts may have no schema (the build passes), only that kind", () => {
    for (const waive of ["example.kiln.dev/Widget", "*/v1/Widget"]) {
      const p = project(`, schemas: { waive: [${JSON.stringify(waive)}] }`);
      const r = kiln(["build", p.dir, "--out", tmp()], { env: p.env });
      expect(r.stderr, waive).toBe("");
      expect(r.status, waive).toBe(0);
      expect(r.stdout, waive).toMatch(/0 errors, 0 warnings, 1 without schema/);
    }
    const other = project(`, schemas: { waive: ["example.kiln.dev/v2/Widget"] }`);
    expect(kiln(["build", other.dir, "--out", tmp()], { env: other.env }).status).toBe(1);
    const bad = project(`, schemas: { waive: ["Widget"] }`);
    const r = kiln(["build", bad.dir, "--out", tmp()], { env: bad.env });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /kiln\.config\.ts.*schemas\.waive\[0\].*"Widget" is neither group\/Kind nor group\/version\/Kind/,
    );
  }, 120_000);

  it("takes --offline and --mirror as flags, not only from KILN_OFFLINE / KILN_MIRROR", () => {
    const p = project(`, schemas: { waive: ["example.kiln.dev/Widget"] }`);
    const env = { ...p.env, KILN_OFFLINE: "" };
    const offline = kiln(["build", p.dir, "--out", tmp(), "--offline"], { env });
    expect(offline.status).toBe(0);
    expect(offline.stdout).toContain("network: not tried (offline)");
    const mirrored = kiln(["build", p.dir, "--out", tmp(), "--offline", "--mirror", p.mirror, "--strict"], {
      env,
    });
    expect(mirrored.status).toBe(0);
    expect(mirrored.stdout).toContain("imported 1 CRD kinds into .kiln/imports");
    expect(`${mirrored.stdout}${mirrored.stderr}`).not.toMatch(/no schema for/);
  });
});
