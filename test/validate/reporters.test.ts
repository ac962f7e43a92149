import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPORTERS, renderReport } from "../../src/validate/reporters/index.ts";
import { validatePaths } from "../../src/validate/validate.ts";
import { TESTDATA, WIDGET_CRD } from "./helpers.ts";

const GOLDEN = path.join(path.dirname(TESTDATA), "golden");
const ext = { pretty: "txt", json: "json", junit: "xml", sarif: "sarif.json", github: "txt" } as const;

/** Golden files are rewritten with KILN_UPDATE_GOLDEN=1 (then reviewed in the diff). */
function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env.KILN_UPDATE_GOLDEN === "1") writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, "utf8"));
}

describe("reporters (golden)", async () => {
  const cwd = process.cwd();
  process.chdir(path.join(TESTDATA, "repo"));
  const report = await validatePaths(["."], {
    schemas: { crds: [WIDGET_CRD], catalog: false },
    treeRoot: ".",
  });
  process.chdir(cwd);

  for (const format of REPORTERS) {
    it(`${format}`, () => {
      const text = renderReport(report, format, { version: "0.0.0-test" });
      golden(`${format}.${ext[format]}`, text);
      expect(text).not.toContain("do-not-print-me");
    });
  }

  it("covers every kind of finding in the fixture", () => {
    const rules = new Set(report.diagnostics.map((d) => d.rule));
    for (const r of [
      "api/removed",
      "metadata",
      "cel",
      "cel/not-evaluated",
      "schema/unknown-field",
      "schema/list-type-set",
      "schema/missing",
      "policy/plaintext-secret",
      "ref/dependsOn",
      "ref/path",
      "ref/namespace",
    ]) {
      expect(rules, r).toContain(r);
    }
    expect(report.summary).toMatchObject({ files: 4, resources: 6, transitionSkipped: 1, notEvaluated: 1 });
  });

  it("pretty colours only when asked", () => {
    expect(renderReport(report, "pretty")).not.toContain("\u001b[");
    expect(renderReport(report, "pretty", { color: true })).toContain("\u001b[31m");
  });

  it("JSON and SARIF parse; JUnit is well-formed enough for CI", () => {
    expect(JSON.parse(renderReport(report, "json")).summary.errors).toBe(report.summary.errors);
    const sarif = JSON.parse(renderReport(report, "sarif"));
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].results).toHaveLength(report.diagnostics.length);
    const xml = renderReport(report, "junit");
    expect(xml.match(/<testsuite /g)?.length).toBe(xml.match(/<\/testsuite>/g)?.length);
  });
});
