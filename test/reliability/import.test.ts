/**
 * `kiln import` of CRDs the apiserver would refuse, hostile YAML, text meant to escape into the
 * generated TypeScript, and broken projects (kiln.config.ts, kiln.lock).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { expect } from "vitest";
import { aliasBomb } from "./generate.ts";
import { type CliCase, project, runCases, type Sandbox } from "./harness.ts";

interface Crd {
  kind?: string;
  plural?: string;
  group?: string;
  name?: string;
  /** YAML of `openAPIV3Schema.properties.spec` (indented by the caller's 10 spaces). */
  spec?: string;
  extraVersion?: boolean;
}

const crd = (c: Crd = {}) => {
  const group = c.group ?? "example.org";
  const plural = c.plural ?? "widgets";
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${c.name ?? `${plural}.${group}`}
spec:
  group: ${group}
  names:
    kind: ${c.kind ?? "Widget"}
    plural: ${plural}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
${(c.spec ?? "type: object\nproperties:\n  size: {type: integer}").replace(/^/gm, "              ")}
${c.extraVersion ? "    - name: v2\n      served: true\n      storage: true\n      schema:\n        openAPIV3Schema: {type: object}\n" : ""}`;
};

/** An ad hoc import of files (name → text) into out/. */
const adHoc =
  (files: Record<string, string | Buffer>, ...extra: string[]) =>
  (sb: Sandbox) => {
    for (const [n, t] of Object.entries(files)) sb.write(n, t);
    return ["import", ...Object.keys(files), "--out", path.join(sb.out, "imports"), "--offline", ...extra];
  };
const one = (c: Crd) => adHoc({ "crd.yaml": crd(c) });
const C = /crd\.yaml(:\d+)?/;

/**
 * The generated TypeScript parses, and carries the injected code only inside strings and
 * comments: TypeScript's own scanner finds no identifier `pwned` and no syntax error.
 */
const noInjection = (_r: unknown, sb: Sandbox) => {
  const dir = path.join(sb.out, "imports");
  const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith(".ts"));
  expect(files.length).toBeGreaterThan(0);
  for (const f of files) {
    const text = readFileSync(path.join(dir, f), "utf8");
    const source = ts.createSourceFile(f, text, ts.ScriptTarget.Latest, true);
    const errors = (source as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
    expect(
      errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")),
      f,
    ).toEqual([]);
    const idents: string[] = [];
    const visit = (n: ts.Node) => {
      if (ts.isIdentifier(n)) idents.push(n.text);
      ts.forEachChild(n, visit);
    };
    visit(source);
    expect(idents, f).not.toContain("pwned");
  }
};

const cases: CliCase[] = [
  { title: "a valid CRD (control)", setup: one({}), exit: 0 },
  {
    title: "a schema type that does not exist",
    setup: one({ spec: "type: objekt" }),
    exit: 1,
    where: /crd\.yaml:\d+:\d+: .*objekt/,
  },
  {
    title: "a kind with a space",
    setup: one({ kind: '"Wid get"' }),
    exit: 1,
    where: /crd\.yaml:8:\d+.*spec\.names\.kind/,
  },
  {
    title: "a kind that is not a TypeScript identifier (my-widget, valid for the apiserver)",
    setup: one({ kind: "my-widget" }),
    exit: 0,
    check: (_r, sb) => noInjection(_r, sb),
  },
  {
    title: "metadata.name that is not plural.group",
    setup: one({ name: "wrong.example.org" }),
    exit: 1,
    where: /crd\.yaml.*metadata\.name/,
  },
  { title: "a group that is not a DNS name", setup: one({ group: "Not_A_Group" }), exit: 1, where: C },
  { title: "two storage versions", setup: one({ extraVersion: true }), exit: 1, where: /crd\.yaml.*storage/ },
  {
    title: "a CEL rule that does not compile",
    setup: one({ spec: 'type: object\nx-kubernetes-validations:\n  - rule: "self.size >>> 1"' }),
    exit: 1,
    where: /crd\.yaml:\d+.*x-kubernetes-validations/,
  },
  {
    title: "a default of the wrong type",
    setup: one({ spec: 'type: object\nproperties:\n  size: {type: integer, default: "big"}' }),
    exit: 1,
    where: /crd\.yaml:\d+.*default/,
  },
  {
    title: "a pattern that is not a regex",
    setup: one({ spec: 'type: object\nproperties:\n  name: {type: string, pattern: "(["}' }),
    exit: 1,
    where: /crd\.yaml:\d+.*pattern/,
  },
  {
    title: "a negative maxLength",
    setup: one({ spec: "type: object\nproperties:\n  name: {type: string, maxLength: -1}" }),
    exit: 1,
    where: /crd\.yaml:\d+.*maxLength/,
  },
  {
    title: "a $ref (not allowed in CRDs)",
    setup: one({ spec: 'type: object\nproperties:\n  a: {$ref: "#/definitions/x"}' }),
    exit: 1,
    where: /crd\.yaml:\d+/,
  },
  {
    title: "a schema that contains itself through a YAML alias (&s … *s)",
    setup: adHoc({ "crd.yaml": crd({ spec: "&s\ntype: object\nproperties:\n  again: *s" }) }),
    exit: 1,
    where: /crd\.yaml:\d+:\d+: .*alias \*s/,
  },
  {
    title: "a schema nested 3,000 levels deep",
    setup: one({
      spec: `${"type: object\nproperties:\n  a:\n".repeat(1)}${Array.from({ length: 3000 }, (_, i) => `${"  ".repeat(i + 1)}type: object\n${"  ".repeat(i + 1)}properties:\n${"  ".repeat(i + 2)}a:`).join("\n")} {type: string}`,
    }),
    exit: 1,
    where: C,
  },
  {
    title: "two CRDs for one group and kind (Widget and Widget_)",
    setup: adHoc({ "a.yaml": crd({}), "b.yaml": crd({ kind: "Widget_", plural: "widgetz" }) }),
    exit: 1,
    where: /Widget/,
  },
  {
    title: "a description that closes the comment and injects code",
    setup: one({
      spec: 'type: object\ndescription: "*/ export const pwned = 1; /*"\nproperties:\n  size: {type: integer, description: "\\u2028*/ pwned(); //"}',
    }),
    exit: 0,
    check: noInjection,
  },
  {
    title: "property names that try to break out of the type",
    setup: one({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the placeholder is the attack
      spec: 'type: object\nproperties:\n  "a\\"; pwned(); //": {type: string}\n  "}; export const pwned = 1; type X = {": {type: string}\n  "`${pwned}`": {type: string}',
    }),
    exit: 0,
    check: noInjection,
  },
  {
    title: "an enum value with a quote and a newline",
    setup: one({ spec: 'type: string\nenum: ["a\\"pwned", "b\\npwned"]' }),
    exit: 0,
    check: noInjection,
  },
  {
    title: "a tab in the CRD",
    setup: adHoc({ "crd.yaml": crd({}).replace("  scope:", "\tscope:") }),
    exit: 1,
    where: /crd\.yaml:10:\d+/,
  },
  {
    title: "a duplicate key in the CRD",
    setup: adHoc({
      "crd.yaml": crd({}).replace("  scope: Namespaced", "  scope: Namespaced\n  scope: Cluster"),
    }),
    exit: 1,
    where: /crd\.yaml:11:\d+: duplicate key/,
  },
  {
    title: "an alias bomb in the CRD",
    setup: adHoc({
      "crd.yaml": `${crd({})}x-bomb:\n${aliasBomb("x", "  ")}`,
    }),
    exit: 1,
    where: /crd\.yaml.*alias/,
  },
  {
    title: "binary bytes",
    setup: adHoc({ "crd.yaml": Buffer.from([0x6b, 0x3a, 0x00, 0xff]) }),
    exit: 1,
    where: /crd\.yaml:1:\d+/,
  },
  {
    title: "a file that is not a CRD",
    setup: adHoc({ "cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n" }),
    exit: 1,
    where: /cm\.yaml|CustomResourceDefinition/,
  },
  {
    title: "an empty file",
    setup: adHoc({ "empty.yaml": "" }),
    exit: 1,
    where: /empty\.yaml|no CustomResourceDefinition/,
  },
  {
    title: "a URL, offline",
    setup: (sb) => [
      "import",
      "https://example.invalid/crds.yaml",
      "--out",
      path.join(sb.out, "i"),
      "--offline",
    ],
    exit: 1,
    where: /example\.invalid/,
  },
  {
    title: "a missing file",
    setup: (sb) => ["import", "nope.yaml", "--out", path.join(sb.out, "i"), "--offline"],
    exit: 1,
    where: /nope\.yaml/,
  },
  {
    title: "--workers abc",
    setup: adHoc({ "crd.yaml": crd({}) }, "--workers", "abc"),
    exit: 2,
    where: /--workers/,
  },
  {
    title: "sources without --out",
    setup: (sb) => adHoc({ "crd.yaml": crd({}) })(sb).slice(0, 2),
    exit: 2,
    where: /--out/,
  },
  {
    title: "--out is a user's folder",
    setup: (sb) => {
      sb.write("mine/notes.txt", "mine\n");
      return [...adHoc({ "crd.yaml": crd({}) })(sb).slice(0, 2), "--out", "mine", "--offline"];
    },
    exit: 1,
    where: /mine/,
    writable: ["cache"],
  },
  {
    title: "a project whose kiln.config.ts throws",
    setup: (sb) => {
      project(sb);
      sb.write("kiln.config.ts", 'throw new Error("config boom");\n');
      return ["import", "--offline"];
    },
    exit: 1,
    where: /kiln\.config\.ts:1:\d+: config boom/,
  },
  {
    title: "a project whose kiln.config.ts exports crds: 42",
    setup: (sb) => {
      project(sb);
      sb.write("kiln.config.ts", "export default { crds: 42 };\n");
      return ["import", "--offline"];
    },
    exit: 1,
    where: /kiln\.config\.ts.*crds/,
  },
  {
    title: "a project whose kiln.lock is not JSON",
    setup: (sb) => {
      project(sb);
      sb.write(
        "kiln.config.ts",
        'export default { crds: ["https://crds.example.test/a/b/v1/crds.yaml"] };\n',
      );
      sb.write("kiln.lock", '{ "artifacts": [ \n');
      return ["import", "--offline"];
    },
    exit: 1,
    where: /kiln\.lock/,
  },
  {
    title: "a folder without kiln.config.ts",
    setup: () => ["import", "--offline"],
    exit: 1,
    where: /no kiln\.config\.ts/,
  },
];

runCases("import: CRDs the apiserver refuses, injections, broken projects", cases);
