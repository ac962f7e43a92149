/**
 * `kiln init`: each template is a project that builds, validates, type-checks and tests clean as
 * written. The project gets kiln (this checkout, whose dist/ `npm test` builds first), vitest,
 * typescript and @types/node by symlink, as `npm install` would give them; the packed-tarball run
 * of the whole first hour is test/interop/first-hour.test.ts.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { initProject } from "../../src/scaffold/init.ts";
import { kiln } from "../helpers/cli.ts";
import { mirrorDir, ROOT } from "../helpers/env.ts";

const tmp = () => mkdtempSync(path.join(os.tmpdir(), "kiln-init-"));

function linkDependencies(dir: string): void {
  mkdirSync(path.join(dir, "node_modules/@types"), { recursive: true });
  symlinkSync(ROOT, path.join(dir, "node_modules/kiln"));
  for (const m of ["vitest", "typescript", "@types/node"])
    symlinkSync(path.join(ROOT, "node_modules", m), path.join(dir, "node_modules", m));
}

const run = (dir: string, args: string[]) =>
  spawnSync(process.execPath, args, { cwd: dir, encoding: "utf8", env: { ...process.env, CI: "true" } });

const mirror = mirrorDir();
const offline = { KILN_OFFLINE: "1", ...(mirror ? { KILN_MIRROR: mirror } : {}) };

describe("kiln init", () => {
  for (const template of ["control-plane", "function"]) {
    it(`the ${template} template builds, validates, type-checks and tests clean`, () => {
      const dir = path.join(tmp(), "my-homelab");
      const r = kiln(["init", dir, "--template", template]);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^created \d+ files in /);
      linkDependencies(dir);
      const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
      expect(pkg).toMatchObject({ name: "my-homelab", type: "module" });

      const build = kiln(["build", "."], { cwd: dir, env: offline });
      expect(build.stderr).toBe("");
      expect(build.status).toBe(0);
      expect(build.stdout).toMatch(/✓ \d+ resources in \d+ files, 0 errors, 0 warnings/);
      if (mirror) expect(build.stdout).toContain(", 0 without schema,");
      const validate = kiln(["validate"], { cwd: dir, env: offline });
      expect(validate.status).toBe(0);

      const tsc = run(dir, [path.join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "."]);
      expect(tsc.stdout + tsc.stderr).toBe("");
      expect(tsc.status).toBe(0);
      const vitest = run(dir, [path.join(ROOT, "node_modules/vitest/vitest.mjs"), "run"]);
      expect(vitest.status, vitest.stdout + vitest.stderr).toBe(0);
      expect(stripVTControlCharacters(vitest.stdout)).toMatch(/Tests +\d+ passed/);
    }, 120_000);
  }

  it("merges an `npm init -y` package.json: made an ES module, its placeholder test replaced", () => {
    const dir = tmp();
    writeFileSync(
      path.join(dir, "package.json"),
      `${JSON.stringify({
        name: "mine",
        version: "1.0.0",
        main: "index.js",
        type: "commonjs",
        scripts: { test: 'echo "Error: no test specified" && exit 1', lint: "biome check" },
        dependencies: { kiln: "file:../kiln-0.1.0.tgz" },
      })}\n`,
    );
    const r = initProject(dir);
    expect(r.merged).toContain('"type": "commonjs" → "module" (kiln projects are ES modules)');
    const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
    expect(pkg.name).toBe("mine");
    expect(pkg.type).toBe("module");
    expect(pkg.scripts).toMatchObject({ lint: "biome check", test: "tsc --noEmit && vitest run" });
    expect(pkg.dependencies.kiln).toBe("file:../kiln-0.1.0.tgz");
    expect(pkg.devDependencies.kiln).toBeUndefined();
    expect(pkg.devDependencies.vitest).toBeDefined();
  });

  it("never replaces an existing file without --force, and writes nothing when it refuses", () => {
    const dir = tmp();
    writeFileSync(path.join(dir, "main.ts"), "// mine\n");
    const r = kiln(["init", dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: not replacing existing files in .*: main\.ts \(pass --force/);
    expect(readFileSync(path.join(dir, "main.ts"), "utf8")).toBe("// mine\n");
    expect(() => readFileSync(path.join(dir, "package.json"))).toThrow();
    expect(kiln(["init", dir, "--template", "nope"]).status).toBe(2);
    expect(kiln(["init", dir, "--force"]).status).toBe(0);
    expect(readFileSync(path.join(dir, "main.ts"), "utf8")).toContain("defineControlPlane");
  });
});
