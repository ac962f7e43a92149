/**
 * The kustomize dialects of the core YAML reader, on both of its paths (js-yaml, and `yaml` when
 * the text has an anchor and an alias). The expected values are what kustomize v5.8.1 printed for
 * the same text (test/fixtures/kustomize/yaml-scalars is the differential case).
 */
import { describe, expect, it } from "vitest";
import { parseYamlDocuments } from "../../src/core/yaml.ts";

const TEXT = `octal: 0775
octal12: 0o775
negative: -0775
notOctal: 08
hex: 0x1F
binary: 0b11
underscores: 1_000
float: 0.1_0
quoted: "0775"
yes: yes
on: on
date: 2001-12-14
time: 2001-12-14t21:59:43.10-05:00
spaced: 2001-12-14 21:59:43.10
clock: 1:30
`;
const ALIAS = "base: &b\n  x: 1\n  y: 2\nmerged:\n  <<: *b\n  y: 3\n";

const value = (text: string, dialect: "core" | "kyaml" | "yaml11") =>
  parseYamlDocuments(text, "t.yaml", { dialect })[0]?.value as Record<string, unknown>;

describe.each([
  ["js-yaml", ""],
  ["yaml", ALIAS],
])("YAML dialects through %s", (_reader, extra) => {
  it("kyaml reads numbers, timestamps and merge keys as go-yaml v3", () => {
    const v = value(TEXT + extra, "kyaml");
    expect(v).toMatchObject({
      octal: 509,
      octal12: 509,
      negative: -509,
      notOctal: 8,
      hex: 31,
      binary: 3,
      underscores: 1000,
      float: 0.1,
      quoted: "0775",
      yes: "yes",
      on: "on",
      date: "2001-12-14T00:00:00Z",
      time: "2001-12-14T21:59:43.1-05:00",
      spaced: "2001-12-14T21:59:43.1Z",
      clock: "1:30",
    });
    if (extra) expect(v.merged).toEqual({ x: 1, y: 3 });
  });

  it("yaml11 adds YAML 1.1 booleans, keys too, and leaves timestamps as written", () => {
    const v = value(`yes: on\nn: off\noctal: 0775\nquoted: "yes"\ndate: 2001-12-14\n${extra}`, "yaml11");
    expect(v).toMatchObject({ octal: 509, true: true, false: false, date: "2001-12-14", quoted: "yes" });
    expect(v.yes).toBeUndefined();
  });

  it("core stays YAML 1.2", () => {
    expect(value(TEXT + extra, "core")).toMatchObject({ octal: 775, underscores: "1_000", yes: "yes" });
  });
});
