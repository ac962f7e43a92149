/**
 * The first hour of a new user, from a packed tarball: `npm init -y` (a CommonJS package), kiln
 * installed from `npm pack`, `kiln init`, `kiln build`, `kiln validate`, `npm test`; then two
 * deliberate typos — one `tsc` catches (a misspelt metadata key), one only `kiln build` can (an
 * unknown field in an object typed as a plain KubeObject). npm resolves the dependencies from
 * the registry, taking packages from its cache where `npm ci` of this repository put them
 * (`--prefer-offline`): an interop test, run by .ci/run, not by `npm test`.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { mirrorDir, ROOT } from "../helpers/env.ts";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const mirror = mirrorDir();
const env = {
  ...process.env,
  CI: "true",
  KILN_OFFLINE: "1",
  ...(mirror ? { KILN_MIRROR: mirror } : {}),
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
};

const sh = (cwd: string, cmd: string, args: string[]) => {
  const r = spawnSync(cmd, args, { cwd, env, encoding: "utf8", timeout: 300_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
};

function packKiln(into: string): string {
  // dist/ is built by `npm ci` (prepare) and by `npm test`; packing skips the rebuild.
  execFileSync(npm, ["pack", "--ignore-scripts", "--pack-destination", into], {
    cwd: ROOT,
    env,
    stdio: "ignore",
  });
  const tgz = readdirSync(into).find((f) => f.endsWith(".tgz"));
  if (!tgz) throw new Error("npm pack wrote no tarball");
  return path.join(into, tgz);
}

describe("the first hour, from a packed tarball in a new npm project", () => {
  it("init, build, validate and test pass; a typo is caught by tsc and another by kiln build", () => {
    const work = mkdtempSync(path.join(os.tmpdir(), "kiln-first-hour-"));
    const tgz = packKiln(work);
    const dir = path.join(work, "my-homelab");
    execFileSync("mkdir", [dir]);
    expect(sh(dir, npm, ["init", "-y"]).status).toBe(0);
    const devDeps = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).devDependencies;
    const install = sh(dir, npm, [
      "install",
      "--prefer-offline",
      "--no-package-lock",
      tgz,
      `typescript@${devDeps.typescript}`,
      `vitest@${devDeps.vitest}`,
      `@types/node@${devDeps["@types/node"]}`,
    ]);
    expect(install.status, install.out).toBe(0);

    const init = sh(dir, "npx", ["kiln", "init"]);
    expect(init.status, init.out).toBe(0);
    expect(init.out).toContain('"type": "commonjs" → "module"');
    // The docs ship in the package.
    expect(readdirSync(path.join(dir, "node_modules/kiln/docs"))).toContain("init.md");

    const build = sh(dir, "npx", ["kiln", "build", "."]);
    expect(build.status, build.out).toBe(0);
    expect(build.out).toMatch(/✓ \d+ resources in \d+ files, 0 errors, 0 warnings/);
    const validate = sh(dir, "npx", ["kiln", "validate"]);
    expect(validate.status, validate.out).toBe(0);
    const test = sh(dir, npm, ["test"]);
    expect(test.status, test.out).toBe(0);

    const main = readFileSync(path.join(dir, "main.ts"), "utf8");
    // A misspelt metadata key: tsc refuses it.
    writeFileSync(
      path.join(dir, "main.ts"),
      main.replace(
        'metadata: { name: "web", namespace: "web" }',
        'metadata: { name: "web", namepsace: "web" }',
      ),
    );
    const tsc = sh(dir, "npx", ["tsc", "--noEmit"]);
    expect(tsc.status).not.toBe(0);
    expect(tsc.out).toContain("'namepsace' does not exist");
    // An unknown field tsc cannot see (the object is a plain KubeObject): kiln build refuses it.
    writeFileSync(
      path.join(dir, "main.ts"),
      main
        .replace(
          'import { defineControlPlane } from "kiln";',
          'import { defineControlPlane, type KubeObject } from "kiln";',
        )
        .replace(
          "data: { domain: inputs.domain },\n    });",
          "dat: { domain: inputs.domain },\n    } as KubeObject);",
        ),
    );
    const typo = sh(dir, "npx", ["kiln", "build", "."]);
    expect(typo.status, typo.out).toBe(1);
    expect(typo.out).toMatch(/main\.ts\n +\d+ +error +ConfigMap web\/web dat: unknown field "dat"/);
    expect(typo.out).not.toMatch(/\n\s+at /);
  }, 600_000);
});
