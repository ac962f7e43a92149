import { Match, matches } from "kiln/testing";
import { describe, expect, test } from "vitest";

const hr = {
  apiVersion: "helm.toolkit.fluxcd.io/v2",
  kind: "HelmRelease",
  metadata: { name: "traefik", namespace: "flux-system" },
  spec: {
    chart: { spec: { chart: "traefik", version: "34.1.0" } },
    values: {
      ports: [
        { name: "web", port: 8000 },
        { name: "websecure", port: 8443 },
      ],
      replicas: 2,
    },
    suspend: undefined,
  },
};

/** Mismatches as [path, expected, actual] triples (cost-0 notes marked with "note"). */
function diff(value: unknown, pattern: unknown) {
  return matches(value, pattern).mismatches.map((m) => [
    m.path.join("."),
    m.expected,
    m.actual,
    ...(m.cost ? [] : ["note"]),
  ]);
}

describe("Match.objectLike", () => {
  test("accepts a superset, deeply", () => {
    expect(
      diff(hr, Match.objectLike({ kind: "HelmRelease", spec: { chart: { spec: { version: "34.1.0" } } } })),
    ).toEqual([]);
  });

  test("reports each wrong or missing key with its path", () => {
    expect(
      diff(
        hr,
        Match.objectLike({
          kind: "Kustomization",
          spec: { chart: { spec: { version: "35.0.0" } }, timeout: "5m" },
        }),
      ),
    ).toEqual([
      ["kind", '"Kustomization"', '"HelmRelease"'],
      ["spec.chart.spec.version", '"35.0.0"', '"34.1.0"'],
      ["spec.timeout", '"5m"', "absent"],
    ]);
  });

  test("a plain array inside must match exactly in length and order; its objects are partial", () => {
    expect(diff(hr, { spec: { values: { ports: [{ name: "web" }, { name: "websecure" }] } } })).toEqual([]);
    expect(diff(hr, { spec: { values: { ports: [{ name: "web" }] } } })).toEqual([
      ["spec.values.ports", "1 element(s)", "2 element(s)"],
    ]);
    expect(diff(hr, { spec: { values: { ports: [{ name: "websecure" }, { name: "web" }] } } })).toEqual([
      ["spec.values.ports.0.name", '"websecure"', '"web"'],
      ["spec.values.ports.1.name", '"web"', '"websecure"'],
    ]);
  });

  test("a non-object where an object is expected", () => {
    expect(diff(hr, { spec: { chart: "traefik" } })).toEqual([
      ["spec.chart", '"traefik"', '{"spec":{"chart":"traefik","version":"34.1.0"}}'],
    ]);
    expect(diff("text", Match.objectLike({ a: 1 }))).toEqual([["", "an object (objectLike)", '"text"']]);
    expect(diff([1], Match.objectLike({ a: 1 }))).toEqual([["", "an object (objectLike)", "[1]"]]);
  });

  test("scalars compare strictly: a YAML string is not a number", () => {
    expect(diff({ port: "8000" }, { port: 8000 })).toEqual([["port", "8000", '"8000"']]);
    expect(diff({ n: null }, { n: null })).toEqual([]);
  });

  test("a field set to undefined counts as absent", () => {
    expect(diff(hr, { spec: { suspend: Match.absent() } })).toEqual([]);
    expect(diff(hr, { spec: { suspend: false } })).toEqual([["spec.suspend", "false", "absent"]]);
  });

  test("refuses a matcher as its pattern", () => {
    expect(() => Match.objectLike(Match.anyValue() as never)).toThrow(
      "Match.objectLike() takes a plain object, not a matcher",
    );
  });
});

describe("Match.objectEquals", () => {
  test("passes on exactly the same keys", () => {
    expect(diff({ a: 1, b: { c: 2 } }, Match.objectEquals({ a: 1, b: { c: 2 } }))).toEqual([]);
  });

  test("reports unexpected keys, also in nested plain objects", () => {
    expect(diff({ a: 1, b: { c: 2, d: 3 }, e: 4 }, Match.objectEquals({ a: 1, b: { c: 2 } }))).toEqual([
      ["b.d", "absent", "3"],
      ["e", "absent", "4"],
    ]);
  });

  test("keys are own properties, never found on the prototype", () => {
    expect(diff({}, { toString: "x" })).toEqual([["toString", '"x"', "absent"]]);
    expect(diff({ constructor: 1 }, Match.objectEquals({}))).toEqual([["constructor", "absent", "1"]]);
  });

  test("a nested objectLike relaxes one level", () => {
    expect(
      diff({ a: 1, b: { c: 2, d: 3 } }, Match.objectEquals({ a: 1, b: Match.objectLike({ c: 2 }) })),
    ).toEqual([]);
  });
});

describe("Match.arrayWith", () => {
  const ports = hr.spec.values.ports;

  test("matches an ordered subsequence", () => {
    expect(diff([1, 2, 3, 4], Match.arrayWith([2, 4]))).toEqual([]);
    expect(diff(ports, Match.arrayWith([Match.objectLike({ name: "websecure" })]))).toEqual([]);
  });

  test("order matters", () => {
    expect(diff([1, 2, 3], Match.arrayWith([3, 1]))).toEqual([
      ["", "an element matching 1 after index 2 (arrayWith pattern 1)", "no more elements"],
    ]);
  });

  test("plain objects inside are matched exactly (as in CDK); the closest element is explained", () => {
    expect(diff(ports, Match.arrayWith([{ name: "web" }]))).toEqual([
      [
        "",
        'an element matching arrayWith({"name":"web"}) (arrayWith pattern 0)',
        "no match; the closest element is [0]",
      ],
      ["0.port", "absent", "8000", "note"],
    ]);
  });

  test("reports the closest element, not the first", () => {
    expect(diff(ports, Match.arrayWith([Match.objectLike({ name: "websecure", port: 443 })]))).toEqual([
      [
        "",
        'an element matching objectLike({"name":"websecure","port":443}) (arrayWith pattern 0)',
        "no match; the closest element is [1]",
      ],
      ["1.port", "443", "8443", "note"],
    ]);
  });

  test("rejects absent() and anyValue() inside, and non-arrays", () => {
    expect(() => Match.arrayWith([Match.absent()])).toThrow(
      "Match.absent() cannot be nested within Match.arrayWith()",
    );
    expect(() => Match.arrayWith([Match.anyValue()])).toThrow(
      "Match.anyValue() cannot be nested within Match.arrayWith()",
    );
    expect(diff({ a: 1 }, Match.arrayWith([1]))).toEqual([["", "an array (arrayWith)", '{"a":1}']]);
  });
});

describe("Match.arrayEquals and Match.exact", () => {
  test("arrayEquals needs every element, in order", () => {
    expect(diff([1, 2], Match.arrayEquals([1, 2]))).toEqual([]);
    expect(diff([1, 2, 3], Match.arrayEquals([1, 5]))).toEqual([
      ["1", "5", "2"],
      ["", "2 element(s)", "3 element(s)"],
    ]);
  });

  test("exact is deep equality but may nest matchers", () => {
    expect(diff({ a: { b: 1 } }, Match.exact({ a: { b: 1 } }))).toEqual([]);
    expect(diff({ a: { b: 1, c: 2 } }, Match.exact({ a: { b: Match.anyValue() } }))).toEqual([
      ["a.c", "absent", "2"],
    ]);
    expect(diff("x", Match.exact("y"))).toEqual([["", '"y"', '"x"']]);
  });
});

describe("Match.absent, anyValue, stringLikeRegexp, not", () => {
  test("absent", () => {
    expect(diff({}, { a: Match.absent() })).toEqual([]);
    expect(diff({ a: 0 }, { a: Match.absent() })).toEqual([["a", "absent", "0"]]);
  });

  test("anyValue accepts falsy values but not null or absent", () => {
    expect(
      diff({ a: 0, b: "", c: false }, { a: Match.anyValue(), b: Match.anyValue(), c: Match.anyValue() }),
    ).toEqual([]);
    expect(diff({ a: null }, { a: Match.anyValue(), b: Match.anyValue() })).toEqual([
      ["a", "any value", "null"],
      ["b", "any value", "absent"],
    ]);
  });

  test("stringLikeRegexp takes a string (multiline) or a RegExp, and is stateless", () => {
    expect(diff({ v: "34.1.0" }, { v: Match.stringLikeRegexp("^34\\.") })).toEqual([]);
    expect(diff({ v: "line1\nv2" }, { v: Match.stringLikeRegexp("^v2$") })).toEqual([]);
    const re = Match.stringLikeRegexp(/^a/g);
    expect(diff(["ab", "ab"], [re, re])).toEqual([]);
    expect(diff({ v: "35.0.0" }, { v: Match.stringLikeRegexp(/^34\./) })).toEqual([
      ["v", "a string matching /^34\\./", '"35.0.0"'],
    ]);
    expect(diff({ v: 34 }, { v: Match.stringLikeRegexp("34") })).toEqual([
      ["v", "a string matching /34/m", "34"],
    ]);
  });

  test("not inverts, matching a plain pattern exactly", () => {
    expect(diff({ a: { b: 1, c: 2 } }, { a: Match.not({ b: 1 }) })).toEqual([]);
    expect(diff({ a: { b: 1 } }, { a: Match.not({ b: 1 }) })).toEqual([
      ["a", 'not exact({"b":1})', '{"b":1}'],
    ]);
    expect(diff({ a: "x" }, { a: Match.not("x") })).toEqual([["a", 'not "x"', '"x"']]);
    expect(diff({ a: "x" }, { a: Match.not(Match.stringLikeRegexp("^y")) })).toEqual([]);
  });
});

describe("interop with vitest's expect", () => {
  test("a Match works as an asymmetric matcher inside toEqual", () => {
    expect(hr).toEqual(Match.objectLike({ metadata: { name: "traefik" } }));
    expect(hr).not.toEqual(Match.objectLike({ metadata: { name: "podinfo" } }));
  });

  test("vitest's asymmetric matchers work inside patterns", () => {
    expect(diff(hr, { metadata: { name: expect.any(String) } })).toEqual([]);
    expect(diff(hr, { spec: { values: { replicas: expect.any(String) } } })).toEqual([
      ["spec.values.replicas", "Any<String>", "2"],
    ]);
  });
});

describe("Match.serializedJson and Match.serializedYaml", () => {
  const cm = {
    data: {
      "config.json": '{"server":{"port":7000},"tls":true}',
      "frpc.yaml": "serverAddr: vps.example.com\nserverPort: 7000\n",
      "bad.yaml": "a: [\n",
    },
  };

  test("match the parsed document; paths continue into it", () => {
    expect(
      diff(cm, { data: { "config.json": Match.serializedJson({ server: { port: 7000 }, tls: true }) } }),
    ).toEqual([]);
    expect(
      diff(cm, {
        data: { "config.json": Match.serializedJson(Match.objectLike({ server: { port: 7001 } })) },
      }),
    ).toEqual([["data.config.json.server.port", "7001", "7000"]]);
    expect(
      diff(cm, { data: { "frpc.yaml": Match.serializedYaml(Match.objectLike({ serverPort: 7000 })) } }),
    ).toEqual([]);
    expect(diff(cm, { data: { "frpc.yaml": Match.serializedYaml({ serverPort: 7000 }) } })).toEqual([
      ["data.frpc.yaml.serverAddr", "absent", '"vps.example.com"'],
    ]);
  });

  test("report invalid documents and non-strings", () => {
    expect(diff(cm, { data: { "bad.yaml": Match.serializedYaml({}) } })).toEqual([
      ["data.bad.yaml", "valid YAML (serializedYaml)", expect.stringMatching(/^invalid YAML: line 2: /)],
    ]);
    expect(diff(cm, { data: { "frpc.yaml": Match.serializedJson({}) } })).toEqual([
      ["data.frpc.yaml", "valid JSON (serializedJson)", expect.stringMatching(/^invalid JSON: /)],
    ]);
    expect(diff({ a: 1 }, { a: Match.serializedJson(1) })).toEqual([
      ["a", "a JSON string (serializedJson)", "1"],
    ]);
    expect(diff({ a: "---\na: 1\n---\nb: 2\n" }, { a: Match.serializedYaml({}) })).toEqual([
      ["a", "valid YAML (serializedYaml)", "invalid YAML: 2 documents, expected one"],
    ]);
  });
});
