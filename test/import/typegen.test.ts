import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { crdSchemasFromText } from "kiln/import";
import { describe, expect, it } from "vitest";
import { generateTypes } from "../../src/import/typegen.ts";
import { crdYaml, widgetSchema } from "./crds.ts";
import { typecheck } from "./typecheck.ts";

const kindsOf = (...docs: string[]) => docs.flatMap((d) => crdSchemasFromText(d, "test.yaml").kinds);
const simple = (description: string) => ({
  type: "object",
  properties: { spec: { type: "object", description, properties: { a: { type: "string" } } } },
});

const kinds = kindsOf(
  crdYaml({ versions: [{ name: "v1" }, { name: "v2", schema: simple("v2 spec") }] }),
  // Names that clash with globals, TS utilities, each other or the generated code's own names.
  ...[
    ["Widget", "widgets"],
    ["Function", "functions"],
    ["Record", "records"],
    ["WidgetSpec", "widgetspecs"],
    ["Omit", "omits"],
  ].map(([kind, plural]) =>
    crdYaml({ group: "clash.kiln.dev", kind, plural, versions: [{ name: "v1", schema: simple(kind!) }] }),
  ),
);

function write(files: Map<string, string>, extra: Record<string, string>): { dir: string; paths: string[] } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "kiln-types-"));
  const all = new Map([...files, ...Object.entries(extra)]);
  for (const [rel, text] of all) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return { dir, paths: [...all.keys()].map((r) => path.join(dir, r)) };
}

describe("generateTypes", () => {
  const files = generateTypes(kinds);
  const v1 = files.get("example.kiln.dev/v1.ts")!;

  it("writes one module per group/version and an index, deterministically", () => {
    expect([...files.keys()]).toEqual([
      "clash.kiln.dev/v1.ts",
      "example.kiln.dev/v1.ts",
      "example.kiln.dev/v2.ts",
      "index.ts",
      "package.json",
    ]);
    expect(generateTypes([...kinds].reverse())).toEqual(files);
    expect(files.get("index.ts")).toContain(
      'export type * as exampleKilnDev_v1 from "./example.kiln.dev/v1.js";',
    );
  });

  it("carries descriptions, defaults and list semantics as JSDoc", () => {
    expect(v1).toContain("   * How big.\n   * @default 3\n");
    expect(v1).toContain("List type: map, items are unique by `name`.");
    expect(v1).toContain("List type: set, items are unique.");
    expect(v1).toContain(" * A Widget for tests.");
  });

  it("maps structural constructs faithfully", () => {
    expect(v1).toContain("port?: number | string;");
    expect(v1).toContain('mode?: "Fast" | "Slow";');
    expect(v1).toContain("note?: string | null;");
    expect(v1).toContain("  class?: string;");
    expect(v1).toContain('  "dashed-name"?: boolean;');
    const clash = files.get("clash.kiln.dev/v1.ts")!;
    expect(clash).toContain("export type Function = {");
    expect(clash).toContain("export type WidgetSpec = {");
    expect(clash).toContain("export interface WidgetSpec_ {");
    expect(clash).toContain("export type Omit_ = {");
    // A preserve-unknown-fields object is never metadata-only: its known fields stay typed.
    expect(v1).toMatch(/extra\?: \{\n\s+known\?: string;\n\s+\[key: string\]: unknown;\n\s+\};/);
  });

  it("type-checks under the repository's strict options and types what it should", () => {
    const usage = `
import type { KubeObject } from "kiln";
import type { Function as Fn, Record as Rec, WidgetSpec_ } from "./clash.kiln.dev/v1.js";
import type { Widget, WidgetSpec } from "./example.kiln.dev/v1.js";
import { Widget as widget } from "./example.kiln.dev/v1.js";
import type { Widget as WidgetV2 } from "./example.kiln.dev/v2.js";
import type * as all from "./index.js";

const w: Widget = {
  apiVersion: "example.kiln.dev/v1",
  kind: "Widget",
  metadata: { name: "a", labels: { x: "y" } },
  spec: { size: 1, port: "http", mode: "Fast", note: null, ports: [{ name: "http", number: 80 }] },
  status: { ready: true },
};
export const made = widget({ metadata: { name: "b" }, spec: { size: 2, port: 80 } });
export const asKube: KubeObject[] = [w, made];
export const open: WidgetSpec = { size: 1, values: { anything: 1 }, extra: { known: "x", other: [1] } };
export const embedded: WidgetSpec = { size: 1, template: { apiVersion: "v1", kind: "ConfigMap", data: {} } };
export const v2: WidgetV2 = { apiVersion: "example.kiln.dev/v2", kind: "Widget", metadata: {}, spec: { a: "x" } };
export const viaIndex: all.exampleKilnDev_v1.Widget = w;
export const fn: Fn["spec"] = { a: "x" };
export const rec: Rec["kind"] = "Record";
export const renamed: WidgetSpec_ = { a: "x" };
// @ts-expect-error enums are literal unions
export const bad1: WidgetSpec = { size: 1, mode: "Medium" };
// @ts-expect-error int-or-string is number | string only
export const bad2: WidgetSpec = { size: 1, port: true };
// @ts-expect-error required fields are required
export const bad3: WidgetSpec = {};
// @ts-expect-error known fields keep their type under preserve-unknown-fields
export const bad4: WidgetSpec = { size: 1, extra: { known: 1 } };
// @ts-expect-error an embedded resource needs a kind
export const bad5: WidgetSpec = { size: 1, template: { apiVersion: "v1" } };
// @ts-expect-error only nullable fields take null
export const bad6: WidgetSpec = { size: 1, name: null };
// @ts-expect-error apiVersion is the literal of this module's version
export const bad7: Widget = { ...w, apiVersion: "example.kiln.dev/v2" };
// @ts-expect-error unknown fields of a closed object are rejected
export const bad8: WidgetSpec = { size: 1, sise: 2 };
`;
    const { dir, paths } = write(files, { "usage.ts": usage });
    // Unused @ts-expect-error lines are errors too, so an empty list proves each bad case fails.
    expect(typecheck(dir, paths)).toEqual([]);
  });

  it("keeps the schema's own apiVersion/kind/metadata out of the generated body", () => {
    const k = kindsOf(crdYaml({ versions: [{ name: "v1", schema: widgetSchema() }] }))[0]!;
    const text = generateTypes([k]).get("example.kiln.dev/v1.ts")!;
    expect(text.match(/ {2}metadata: ObjectMeta;/g)).toHaveLength(1);
  });
});

describe("generated TypeScript holds CRD text only inside escaped strings and comments", () => {
  it("a hostile description, property name, enum and default never become code", async () => {
    const ts = (await import("typescript")).default;
    const evil = "*/ globalThis.pwned = 1; /*";
    const schema = {
      type: "object",
      description: evil,
      properties: {
        spec: {
          type: "object",
          description: `a\n${evil}\n*/`,
          properties: {
            [`x"]: 1; pwned: "`]: { type: "string", description: evil },
            [`*/pwned/*`]: { type: "string", enum: [`"; pwned; "`, evil], default: evil },
            "a\u2028b": { type: "integer", description: "line\u2029separator pwned" },
          },
        },
      },
    };
    const files = generateTypes(kindsOf(crdYaml({ versions: [{ name: "v1", schema }] })));
    for (const [file, text] of files) {
      const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
      const code: string[] = [];
      for (let t = scanner.scan(); t !== ts.SyntaxKind.EndOfFileToken; t = scanner.scan()) {
        if (t === ts.SyntaxKind.StringLiteral || t === ts.SyntaxKind.NoSubstitutionTemplateLiteral) continue;
        if (t === ts.SyntaxKind.SingleLineCommentTrivia || t === ts.SyntaxKind.MultiLineCommentTrivia)
          continue;
        code.push(scanner.getTokenText());
      }
      expect(code.join(" "), file).not.toMatch(/pwned/);
    }
    const { dir, paths } = write(files, {});
    expect(typecheck(dir, paths)).toEqual([]);
  });
});
