import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { emitYaml } from "../../src/core/yaml-emit.ts";

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

describe("emitYaml", () => {
  it("writes manifests readably", () => {
    expect(
      emitYaml({
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
      expect(parse(emitYaml({ k: s, [s || "empty"]: [s] })), JSON.stringify(s)).toEqual({
        k: s,
        [s || "empty"]: [s],
      });
    }
  });

  it("round-trips any JSON value (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const back = parse(emitYaml(v));
        expect(back).toEqual(JSON.parse(JSON.stringify(v)));
      }),
      { numRuns: 2000 },
    );
  });

  it("round-trips YAML 1.1 readers too for strings that look like 1.1 scalars", () => {
    for (const s of tricky.filter((x) => !x.includes("\u0000"))) {
      expect(parse(emitYaml({ k: s }), { version: "1.1" })).toEqual({ k: s });
    }
  });
});
