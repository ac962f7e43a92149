import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { stringifyYaml } from "../../src/core/yaml-emit.ts";

const tricky = [
  "",
  " lead",
  "trail ",
  "yes",
  "No",
  "on",
  "null",
  "~",
  "true",
  "1",
  "1.5",
  "0x1F",
  "0o17",
  "1e3",
  ".inf",
  "-",
  "- a",
  "a: b",
  "a #b",
  "#c",
  "key:",
  "12:30",
  "@at",
  "`x",
  "'q'",
  '"d"',
  "[a]",
  "{a}",
  "*ref",
  "&anc",
  "!tag",
  "%dir",
  "|",
  ">",
  "a\nb",
  "a\nb\n",
  "a\n\nb\n\n",
  " x\ny",
  "x \ny",
  "tab\tin",
  "\u0000nul",
  "é unicode",
  "https://example.com/x?y=1#z",
  "ghcr.io/fatedier/frpc:v0.70.1",
  "{{ .Envs.FRP_TOKEN }}",
  "2026-11-23",
  "2026-11-23T10:00:00Z",
  "=",
  "<<",
];

describe("stringifyYaml", () => {
  it("writes manifests readably", () => {
    expect(
      stringifyYaml({
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "x", labels: {} },
        data: { "frpc.toml": 'serverAddr = "1.2.3.4"\nserverPort = 7000\n', count: "3" },
        list: [{ name: "a", ports: [80, 443] }, [], [1, [2]]],
      }),
    ).toBe(
      [
        "apiVersion: v1",
        "kind: ConfigMap",
        "metadata:",
        "  name: x",
        "  labels: {}",
        "data:",
        "  frpc.toml: |",
        '    serverAddr = "1.2.3.4"',
        "    serverPort = 7000",
        '  count: "3"',
        "list:",
        "  - name: a",
        "    ports:",
        "      - 80",
        "      - 443",
        "  - []",
        "  - - 1",
        "    - - 2",
        "",
      ].join("\n"),
    );
  });

  it("round-trips tricky strings through the yaml parser", () => {
    for (const s of tricky) {
      expect(parse(stringifyYaml({ k: s, [s || "empty"]: [s] })), JSON.stringify(s)).toEqual({
        k: s,
        [s || "empty"]: [s],
      });
    }
  });

  it("round-trips any JSON value (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const back = parse(stringifyYaml(v));
        expect(back).toEqual(JSON.parse(JSON.stringify(v)));
      }),
      { numRuns: 2000 },
    );
  });

  it("round-trips YAML 1.1 readers too for strings that look like 1.1 scalars", () => {
    for (const s of tricky.filter((x) => !x.includes("\u0000"))) {
      expect(parse(stringifyYaml({ k: s }), { version: "1.1" })).toEqual({ k: s });
    }
  });

  it("writes durations, relative paths and versions plain, and number- or date-like strings quoted", () => {
    expect(
      stringifyYaml({
        interval: "1m0s",
        timeout: "10m",
        path: "./clusters/home",
        v: "1.27.3-r1",
        ip: "10.0.0.1",
      }),
    ).toBe("interval: 1m0s\ntimeout: 10m\npath: ./clusters/home\nv: 1.27.3-r1\nip: 10.0.0.1\n");
    for (const s of [
      "1.10",
      "0755",
      "1_000",
      "1e3",
      "+1",
      ".5",
      ".inf",
      ".NaN",
      "0x1F",
      "0b101",
      "1:30",
      "2001-12-14",
      "190:20:30.15",
      ".",
    ]) {
      expect(stringifyYaml({ k: s }), s).toBe(`k: ${JSON.stringify(s)}\n`);
    }
  });

  it("strings made of number-like characters read back as strings under YAML 1.2 and 1.1 (property)", () => {
    const chars = fc.constantFrom(..."0123456789.+-_:eExXbBoOmsh/ ".split(""));
    fc.assert(
      fc.property(fc.string({ unit: chars, minLength: 1, maxLength: 10 }), (s) => {
        const text = stringifyYaml({ k: s });
        expect(parse(text)).toEqual({ k: s });
        expect(parse(text, { version: "1.1" })).toEqual({ k: s });
      }),
      { numRuns: 5000 },
    );
  });
});
