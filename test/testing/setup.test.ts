import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { ROOT } from "../helpers/env.ts";

// A user's project, as vitest sees it: no tsconfig, so the compiler drops a value import that is
// never used — the case where a registration riding on `import "kiln/testing"` silently vanished.
const dir = mkdtempSync(path.join(tmpdir(), "kiln-setup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const testFile = `import { Match } from "kiln/testing";
import { expect, test } from "vitest";
test("a matcher without using the import", () => {
  expect([{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "web" } }]).toHaveResource("ConfigMap");
});
`;

function runVitest(setupFiles: string[]) {
  const alias = { "kiln/testing": path.join(ROOT, "src/testing/index.ts") };
  writeFileSync(
    path.join(dir, "vitest.config.mjs"),
    `export default { resolve: { alias: ${JSON.stringify(alias)} }, test: { include: ["*.test.ts"], setupFiles: ${JSON.stringify(setupFiles)} } };\n`,
  );
  writeFileSync(path.join(dir, "user.test.ts"), testFile);
  const env = { ...process.env };
  delete env.VITEST;
  delete env.VITEST_WORKER_ID;
  delete env.VITEST_POOL_ID;
  return spawnSync(
    process.execPath,
    [path.join(ROOT, "node_modules/vitest/vitest.mjs"), "run", "--root", dir],
    {
      cwd: dir,
      env: { ...env, CI: "true", NO_COLOR: "1" },
      encoding: "utf8",
      timeout: 120_000,
    },
  );
}

describe("kiln/testing/setup", () => {
  test("registers the matchers for a test file whose kiln/testing import was dropped", () => {
    const r = runVitest([path.join(ROOT, "src/testing/setup.ts")]);
    expect(r.stdout + r.stderr).toMatch(/1 passed/);
    expect(r.status).toBe(0);
  });

  test("without it, the dropped import leaves the matcher unregistered (the failure setupFiles prevents)", () => {
    const r = runVitest([]);
    expect(r.stdout + r.stderr).toMatch(/Invalid Chai property: toHaveResource/);
    expect(r.status).toBe(1);
  });
});
