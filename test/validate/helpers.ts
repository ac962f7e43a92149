import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkObject, type Finding } from "../../src/validate/object.ts";
import { plaintextSecretPolicy } from "../../src/validate/policies.ts";
import { SchemaRegistry } from "../../src/validate/registry.ts";

export const TESTDATA = path.join(path.dirname(fileURLToPath(import.meta.url)), "testdata");
export const WIDGET_CRD = path.join(TESTDATA, "widget-crd.yaml");

let registry: Promise<SchemaRegistry> | undefined;
/** A registry with the test Widget CRD and core kinds, no catalog. */
export function widgetRegistry(): Promise<SchemaRegistry> {
  registry ??= SchemaRegistry.create({ crds: [WIDGET_CRD], catalog: false });
  return registry;
}

/** Findings for one object against the Widget registry. */
export async function findings(
  obj: Record<string, unknown>,
  opts: { strict?: boolean } = {},
): Promise<Finding[]> {
  const r = await widgetRegistry();
  return checkObject(obj as never, {
    schemas: r.lookup,
    strict: opts.strict ?? false,
    policies: [plaintextSecretPolicy],
  }).findings;
}

export function widget(
  spec: Record<string, unknown>,
  meta: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    apiVersion: "test.kiln.dev/v1",
    kind: "Widget",
    metadata: { name: "w", namespace: "apps", ...meta },
    spec,
  };
}

/** Writes files into a fresh temp folder and returns its path. */
export function tempTree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "kiln-validate-"));
  for (const [rel, text] of Object.entries(files)) {
    const p = path.join(dir, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  return dir;
}
