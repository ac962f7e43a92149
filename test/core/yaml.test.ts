import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { isKilnError, KilnError } from "../../src/core/errors.ts";
import { parseYamlDocuments, parseYamlDocumentsWithPositions, yamlMarks } from "../../src/core/yaml.ts";
import { MIRROR_SKIP, mirrorDir, ROOT } from "../helpers/env.ts";

/** Values only: the fast path (js-yaml) must read exactly what the reference (`yaml`) reads. */
const values = (text: string, read = parseYamlDocuments) => read(text, "t.yaml").map((d) => d.value);
const reference = (text: string) => values(text, parseYamlDocumentsWithPositions);

function outcome(read: () => unknown): unknown {
  try {
    return read();
  } catch (e) {
    if (!isKilnError(e)) throw e;
    return { error: e.message, line: e.location.line, column: e.location.column };
  }
}

const scalars = [
  // Explicit tags go through the types one by one, implicit resolution through one combined type.
  "!!int '3'",
  "!!int 0x1F",
  "!!float '1.5'",
  "!!float 1",
  "!!bool 'true'",
  "!!null ''",
  "!!str 123",
  "!!str true",
  "!!int abc",
  "",
  "~",
  "Null",
  "nULL",
  "TRUE",
  "tRUE",
  "-.inf",
  ".NaN",
  "0o",
  "0b101",
  "1_000",
  "0o17",
  "0x1F",
  "017",
  "+1",
  "-0",
  ".5",
  "1.",
  "1e3",
  "1E+3",
  "-1.5e-3",
  ".inf",
  "-.Inf",
  "+.INF",
  ".NaN",
  "-.nan",
  "~",
  "Null",
  "NULL",
  "nUll",
  "yes",
  "No",
  "on",
  "True",
  "TRUE",
  "tRue",
  "2001-12-14",
  "12:30:00",
  "12345678901234567890",
  '"\\x41\\u00e9"',
  "'it''s'",
  "!!str 1",
  "!!binary aGk=",
  "!foo x",
  "=",
  "<<",
  "",
];

const streams = [
  "",
  "---",
  "---\n",
  "a: 1\n---\n",
  "---\na: 1\n---\n",
  "# c\n---\na: 1",
  "a: 1\n...\n",
  "%YAML 1.2\n---\na: 1",
  "a: 1\n---\n---\nb: 2",
  "<<: {b: 1}\nc: 2",
  "? [a, b]\n: 1",
  "[a, b]: 1",
  "- [a, b]: 1\n- {x: 1}: 2",
  "m: {[a]: 1, {b: 2}: 3}",
  "s: [[a]: 1]",
  "d: wildcard (e.g. x-amz-*).\nq: '%t [%p]: [%l-1] '\n",
  "d: |\n  [1]: https://example.com\n  x-*) and *y\n",
  "a: *x\n",
  "r: '(has(a) ? 1 : 0) + (has(b)\n  ? 1 : 0) == 1'\n",
  'r: "x\n  ? y : z"\n',
  "r: |\n  ? y\n  : z\n",
  "r: >\n  ? y\n",
  "? a\n: 1",
  "? a # c\n: 1",
  "?\n: 1",
  "? \n: 1",
  "? # c\n  a\n: 1",
  "- ? a\n  : 1",
  "- ? [a]\n  : 1",
  "{? a : 1}",
  "[? a : 1]",
  "k:\n  ? &x a\n  : 1",
  "k: v\n? !!str 1\n: 2",
  "a: [*x]\n",
  "~: 1\nnull: 2",
  "1: x\ntrue: y",
  "a: &x [1, 2]\nb: *x",
  "a: |\n  text\n  ---\n  more\nb: >-\n  folded\n  line\n",
  "k: 'multi\n  line'\n",
  "list:\n- a\n-   b\n- {x: 1, y: [2, 3]}\n",
  "a:\tb",
  "a: b # comment\n# end",
  "__proto__: {polluted: true}\n",
];

describe("parseYamlDocuments: the js-yaml fast path reads what `yaml` reads", () => {
  it("resolves YAML 1.2 core scalars exactly as `yaml` does", () => {
    for (const s of scalars) {
      const text = `k: ${s}\n`;
      expect(
        outcome(() => values(text)),
        text,
      ).toEqual(outcome(() => reference(text)));
    }
  });

  it("reads document streams, empty documents, aliases and odd keys the same", () => {
    for (const text of streams) {
      expect(
        outcome(() => values(text)),
        JSON.stringify(text),
      ).toEqual(outcome(() => reference(text)));
    }
  });

  it("reads any JSON value written in block or flow style the same (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), fc.integer({ min: 1, max: 6 }), (v, flow, indent) => {
        const text = `${stringify(v, { indent, collectionStyle: flow ? "flow" : "block" })}---\n${stringify({ v })}`;
        expect(values(text)).toEqual(reference(text));
      }),
      { numRuns: 1000 },
    );
  });

  it("reports errors from the reference parser: duplicate keys, syntax, alias bombs", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 8; i++) {
      const prev = String.fromCharCode(96 + i);
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${prev}`).join(", ")}]`,
      );
    }
    for (const text of ["a: 1\nb: 2\na: 3\n", "a: [1, 2\n", "a:\n  - b\n c: d\n", bomb.join("\n")]) {
      const fast = outcome(() => values(text));
      expect(fast, JSON.stringify(text)).toEqual(outcome(() => reference(text)));
      expect(fast).toHaveProperty("error");
    }
  });

  it("refuses an alias inside the node its anchor names (a cycle), at the alias; shared aliases are fine", () => {
    for (const [text, line, column] of [
      ["a: &s\n  b: *s\n", 2, 6],
      ["list: &l\n  - 1\n  - *l\n", 3, 5],
      ["x: 1\n---\nspec: &s\n  props:\n    inner: { again: *s }\n", 5, 21],
    ] as const) {
      for (const parse of [parseYamlDocuments, parseYamlDocumentsWithPositions]) {
        const r = outcome(() => parse(text, "c.yaml"));
        expect(r, JSON.stringify(text)).toEqual({
          error: `alias *${text.includes("*l") ? "l" : "s"} refers to a node that contains it (a cycle, which no Kubernetes object can hold)`,
          line,
          column,
        });
      }
    }
    expect(parseYamlDocuments("a: &s { x: 1 }\nb: *s\nc: [*s]\n", "ok.yaml")[0]?.value).toEqual({
      a: { x: 1 },
      b: { x: 1 },
      c: [{ x: 1 }],
    });
  });

  it("finds lines and paths on demand, per document", () => {
    const text = "# head\napiVersion: v1\nkind: A\n---\n\nkind: B\nspec:\n  list:\n    - x: 1\n    - y: 2\n";
    const docs = parseYamlDocuments(text, "t.yaml");
    expect(docs.map((d) => d.line)).toEqual([2, 6]);
    expect(docs[1]?.locate(["spec", "list", 1, "y"])).toEqual({ line: 10, column: 10 });
    expect(docs[1]?.locate(["spec", "missing"])).toEqual({ line: 7, column: 1 });
  });

  it.skipIf(!mirrorDir())(
    `reads every mirrored CRD file the same${mirrorDir() ? "" : ` (${MIRROR_SKIP})`}`,
    () => {
      const root = mirrorDir() as string;
      const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => /\.ya?ml$/.test(f));
      expect(files.length).toBeGreaterThan(100);
      for (const f of files) {
        const text = readFileSync(path.join(root, f), "utf8");
        expect(values(text), f).toEqual(reference(text));
      }
    },
  );
});

/** Every path of every document (and a missing child of each): the fast path's position must be
 * the reference's. */
function samePositions(text: string, name: string): number {
  const fast = parseYamlDocuments(text, name);
  const ref = parseYamlDocumentsWithPositions(text, name);
  expect(fast.length, name).toBe(ref.length);
  let n = 0;
  fast.forEach((doc, i) => {
    const other = ref[i] as (typeof ref)[number];
    if (doc.value !== null) expect(doc.line, `${name} #${i}`).toBe(other.line);
    const walk = (v: unknown, p: Array<string | number>, depth: number) => {
      for (const q of [p, [...p, "nope"]]) {
        n++;
        expect(doc.locate(q), `${name} #${i} ${JSON.stringify(q)}`).toEqual(other.locate(q));
      }
      if (depth > 12) return;
      if (Array.isArray(v)) {
        for (const [j, x] of v.entries()) walk(x, [...p, j], depth + 1);
      } else if (v && typeof v === "object")
        for (const [k, x] of Object.entries(v)) walk(x, [...p, k], depth + 1);
    };
    walk(doc.value, [], 0);
  });
  return n;
}

const positionCases = {
  directives:
    '%YAML 1.2\n---\n# leading comment\napiVersion: v1   # trailing\nkind: ConfigMap\nmetadata:\n  name: &n anchored\n  labels: !!map {a: b, "q": \'r\', empty: }\n  annotations:\n    x: !!str 123\n    y:\n    z: ~\ndata:\n  block: |\n    line1\n    line2\n  folded: >-\n    folded\n    text\n  "quoted key": value\n  list: [1, 2, {k: v}]\n  nested:\n    - - a\n      - b\n    -\n      c: d\n    - e: |\n        x\n',
  topSequence: "- a\n- b: c\n  d:\n    - e\n- {f: g}\n",
  multiDocument:
    "apiVersion: v1\nkind: ConfigMap\ndata:\n  key: a plain\n    scalar over lines\n  tail: x\n---\n# only a comment\n---\napiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: i0\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: i1}\n",
  crlf: "apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: crlf\r\ndata:\r\n  a: b\r\n  c:\r\n    - d\r\n",
  nestedFlow: "a: [[x, y]]\nb:\n  - - p\n    - q\nc: [{k: v}]\n",
  numberLikeKeys: 'data:\n  b: x\n  "10": y\n  2: z\n  c: w\n',
};

describe("parseYamlDocuments: positions from js-yaml's listener are `yaml`'s", () => {
  it.each(Object.entries(positionCases))("%s", (name, text) => {
    expect(samePositions(text, name)).toBeGreaterThan(4);
  });

  it("for every YAML file of the examples and the test data", () => {
    const files: string[] = [];
    for (const dir of ["examples", "test"]) {
      for (const f of readdirSync(path.join(ROOT, dir), { recursive: true }) as string[]) {
        if (/\.ya?ml$/.test(f) && !f.includes("node_modules")) files.push(path.join(ROOT, dir, f));
      }
    }
    let n = 0;
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      try {
        parseYamlDocumentsWithPositions(text, f);
      } catch {
        continue; // deliberately broken fixtures
      }
      n += samePositions(text, f);
    }
    expect(n).toBeGreaterThan(1000);
  });

  it.skipIf(!mirrorDir())(
    `for every mirrored CRD file${mirrorDir() ? "" : ` (${MIRROR_SKIP})`}`,
    () => {
      const root = mirrorDir() as string;
      for (const f of (readdirSync(root, { recursive: true }) as string[]).filter((x) =>
        /\.ya?ml$/.test(x),
      )) {
        samePositions(readFileSync(path.join(root, f), "utf8"), f);
      }
      // Every one of the 280-odd mirrored files parsed twice, once by `yaml`'s document model.
    },
    180_000,
  );
});

describe("the fast path's checks for aliases, anchors and explicit keys", () => {
  // The regular expressions the scans in yaml.ts stand for.
  const ALIAS = /(?:^[ \t]*|[:?\-,[{][ \t]*)\*[^\s[\]{},]/m;
  const ANCHOR = /(?:^[ \t]*|[:?\-,[{][ \t]*)&[^\s[\]{},]/m;
  const EXPLICIT_KEY = /(?:^[ \t]*|[-[{,][ \t]*)\?(?:[ \t]|$)/m;
  const FLOW_THEN_COLON = /[\]}][ \t]*:(?:\s|$)/;
  const agree = (text: string) => {
    expect(yamlMarks.flowThenColon(text), JSON.stringify(text)).toBe(FLOW_THEN_COLON.test(text));
    expect(yamlMarks.alias(text), JSON.stringify(text)).toBe(ALIAS.test(text));
    expect(yamlMarks.anchor(text), JSON.stringify(text)).toBe(ANCHOR.test(text));
    expect(yamlMarks.explicitKey(text), JSON.stringify(text)).toBe(EXPLICIT_KEY.test(text));
  };

  it("find what the regular expressions find (property, on YAML's indicator characters)", () => {
    const chars = [
      "*",
      "&",
      "?",
      " ",
      "\t",
      "\n",
      "\r",
      ":",
      "-",
      ",",
      "[",
      "]",
      "{",
      "}",
      "a",
      "\u2028",
      "\u00a0",
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...chars), { maxLength: 10 }), (cs) => agree(cs.join(""))),
      {
        numRuns: 20_000,
      },
    );
    for (const text of [
      "*a",
      "a: *a",
      "- &x 1",
      "x-amz-*)",
      "? a",
      "a ?",
      "[? a]",
      "?",
      "a\n  ?\tb",
      "{&a: 1}",
      "[a]: b",
      "{a: 1}:",
      "x: [1] \t:\n",
      "x: [1]:y",
    ])
      agree(text);
  });

  it("on every stream of the reading tests", () => {
    for (const text of streams) agree(text);
  });

  it.skipIf(!mirrorDir())(`on every mirrored CRD file${mirrorDir() ? "" : ` (${MIRROR_SKIP})`}`, () => {
    const root = mirrorDir() as string;
    for (const f of (readdirSync(root, { recursive: true }) as string[]).filter((x) => /\.ya?ml$/.test(x)))
      agree(readFileSync(path.join(root, f), "utf8"));
  });
});

describe("parseYamlDocuments with read options (frp's go-yaml reading)", () => {
  const go = { dialect: "yaml11", uniqueKeys: false, single: true, locate: "go" } as const;
  it("reads YAML 1.1 scalars and merge keys, the last duplicate winning", () => {
    const text = "base: &b\n  port: 1\non: yes\nname: a\nname: b\nproxy:\n  <<: *b\n  Local: no\n";
    const [doc] = parseYamlDocuments(text, "frpc.yaml", go);
    // `on` is a YAML 1.1 boolean, as a key too (go-yaml's `true`).
    expect(doc!.value).toEqual({
      base: { port: 1 },
      true: true,
      name: "b",
      proxy: { port: 1, Local: false },
    });
    // Kubernetes' reading of the same text refuses the duplicate key.
    expect(() => parseYamlDocuments(text, "frpc.yaml")).toThrow(/duplicate key/);
  });
  it("locates keys case-insensitively, at the key", () => {
    const [doc] = parseYamlDocuments("proxy:\n  localPort: 80\n", "frpc.yaml", go);
    expect(doc!.locate(["proxy", "LOCALPORT"])).toEqual({ line: 2, column: 3 });
    const [k8s] = parseYamlDocuments("proxy:\n  localPort: 80\n", "x.yaml");
    expect(k8s!.locate(["proxy", "localPort"])).toEqual({ line: 2, column: 14 });
  });
  it("refuses a second document when one is asked for", () => {
    expect(() => parseYamlDocuments("a: 1\n---\nb: 2\n", "frpc.yaml", go)).toThrow(KilnError);
  });
});
