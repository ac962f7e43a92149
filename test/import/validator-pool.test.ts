import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { crdSchemasFromText } from "../../src/import/schemas.ts";
import { startValidatorPool } from "../../src/import/validator-pool.ts";
import { crdYaml } from "./crds.ts";

const kinds = ["A", "B", "C"].map(
  (k) => crdSchemasFromText(crdYaml({ kind: k, plural: `${k.toLowerCase()}s` }), `${k}.yaml`).kinds[0]!,
);

describe("validator pool", () => {
  it("finishes when the workers answered every kind before finish was called", async () => {
    const cacheDir = path.join(mkdtempSync(path.join(os.tmpdir(), "kiln-pool-")), "validators");
    const pool = startValidatorPool(cacheDir, 1);
    pool.add(kinds);
    // Wait until the worker has compiled everything (its answers arrive with no finish pending).
    for (let i = 0; i < 300 && !(existsSync(cacheDir) && readdirSync(cacheDir).length >= 1); i++)
      await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 500));
    const progress: number[] = [];
    await pool.finish((done) => progress.push(done));
    // All three answers were counted although none had a progress callback to report to.
    expect(progress).toEqual([3]);
    // The three test kinds share one schema, so one cache entry.
    expect(readdirSync(cacheDir).filter((n) => n.endsWith(".cjs"))).toHaveLength(1);
  }, 30_000);
});
