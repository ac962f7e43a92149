/**
 * User code that never ends, ends the process or fails outside an await: `synth`/`build` stop it
 * (a worker thread with a time limit), say what happened, exit 1 and write nothing.
 */
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { runSandboxed, Sandbox } from "../../src/model/sandbox.ts";
import { kiln } from "../helpers/cli.ts";
import { ROOT } from "../helpers/env.ts";

const TASK = pathToFileURL(path.join(ROOT, "test/fixtures/sandbox/task.ts")).href;
const KILN = pathToFileURL(path.join(ROOT, "src/index.ts")).href;

/** A control plane folder whose main.ts has `top` at the top level and `build` as its build(). */
function plane(top: string, build = "{}"): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "kiln-sandbox-"));
  writeFileSync(path.join(dir, "package.json"), '{ "type": "module" }\n');
  writeFileSync(
    path.join(dir, "main.ts"),
    `import { defineControlPlane } from ${JSON.stringify(KILN)};\n${top}\nexport default defineControlPlane({ name: "p", inputs: {}, async build(ctx) ${build} });\n`,
  );
  return dir;
}

function run(cmd: "synth" | "build", dir: string, ...extra: string[]) {
  const out = path.join(dir, "out");
  const started = Date.now();
  const r = kiln([cmd, dir, "--out", out, ...extra], { cwd: ROOT });
  return { ...r, seconds: (Date.now() - started) / 1000, wrote: existsSync(out) };
}

function expectUserError(r: ReturnType<typeof run>, message: RegExp) {
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(r.status).toBe(1);
  expect(r.wrote).toBe(false);
}

describe("user code in a sandbox", () => {
  it("stops an endless loop in build() after --timeout (synth and build)", () => {
    const dir = plane("", "{ for (;;) {} }");
    for (const cmd of ["synth", "build"] as const) {
      const r = run(cmd, dir, "--timeout", "5s");
      expectUserError(r, /^error: build\(\) of \S*main\.ts did not finish within 5s and was stopped/);
      expect(r.seconds).toBeLessThan(30);
    }
  });

  it("stops an endless loop at a module's top level", () => {
    const r = run("synth", plane("while (Date.now() > 0) {}"), "--timeout", "500ms");
    expectUserError(r, /^error: the top level of \S*main\.ts did not finish within 500ms/);
  });

  it("counts only user code against the limit", async () => {
    const task = (args: number[]) => ({ module: TASK, fn: "sections", args });
    // 3 × 250ms of user code in 1s passes, though kiln's own 3 × 600ms between them exceed it.
    await expect(runSandboxed(task([3, 250, 600]), { timeoutMs: 1000 })).resolves.toBe("done");
    // 3 × 400ms does not: the third section is the one stopped.
    await expect(runSandboxed(task([3, 400, 0]), { timeoutMs: 1000 })).rejects.toThrow(
      /^section 2 did not finish within 1s and was stopped/,
    );
  });

  it("keeps one worker between tasks, and replaces it after a timeout, leftover timers or servers, or maxTasks", async () => {
    const task = (fn: string) => ({ module: TASK, fn, args: [] });
    const sandbox = new Sandbox({ timeoutMs: 1000, maxTasks: 4 });
    try {
      const count = () => sandbox.run<number>(task("count"));
      expect([await count(), await count()]).toEqual([1, 2]);
      // An error the task throws leaves the worker as it was.
      await expect(sandbox.run(task("countAndFail"))).rejects.toThrow("failed on purpose");
      expect(await count()).toBe(4);
      // The fourth task was the last of this worker.
      expect(await count()).toBe(1);
      // User code that overran its time is stopped with its worker.
      await expect(sandbox.run(task("spin"))).rejects.toThrow(/^spin did not finish within 1s/);
      expect(await count()).toBe(1);
      // A timer user code left running would fire during the next task: a new worker.
      expect(await sandbox.run<number>(task("countAndLeaveTimer"))).toBe(2);
      expect(await count()).toBe(1);
      // So would a server it left listening.
      expect(await sandbox.run<number>(task("countAndListen"))).toBe(2);
      expect(await count()).toBe(1);
    } finally {
      await sandbox.close();
    }
  });

  it("refuses a .ts entry of a CommonJS package with the fix, as before it ran on the sandbox", () => {
    const dir = plane("");
    writeFileSync(path.join(dir, "package.json"), '{ "name": "cjs", "version": "1.0.0" }\n');
    expectUserError(
      run("synth", dir),
      /^error: \S*package\.json: \S*main\.ts is loaded as CommonJS because \S*package\.json does not say "type": "module", and kiln's modules are ESM only: run `npm pkg set type=module`, or name the file main\.mts\n$/,
    );
  });

  it("says which top-level await never settles (not Node's silent exit 13)", () => {
    const r = run("synth", plane("await new Promise(() => {});"));
    expectUserError(r, /^error: the top level of \S*main\.ts waits for a promise that never settles/);
  });

  it("says when build() awaits a promise that never settles", () => {
    const r = run("build", plane("", "{ await new Promise(() => {}); }"));
    expectUserError(r, /^error: build\(\) of \S*main\.ts waits for a promise that never settles/);
  });

  it("turns process.exit(0) in build() or at the top level into a located error, exit 1", () => {
    expectUserError(
      run("synth", plane("", "{ process.exit(0); }")),
      /^error: \S*main\.ts:3:\d+: process\.exit\(0\) was called before kiln finished; nothing was written\n$/,
    );
    expectUserError(
      run("build", plane("process.exit(3);")),
      /^error: \S*main\.ts:2:\d+: process\.exit\(3\) was called/,
    );
  });

  it("locates a rejected promise in build(), awaited or not", () => {
    expectUserError(
      run("synth", plane("", '{ await Promise.reject(new Error("nope")); }')),
      /^error: \S*main\.ts:3:\d+: nope\n$/,
    );
    expectUserError(
      run(
        "synth",
        plane(
          "",
          '{ void Promise.reject(new Error("floating")); await new Promise((r) => setTimeout(r, 50)); }',
        ),
      ),
      /^error: \S*main\.ts:3:\d+: floating\n$/,
    );
    expectUserError(
      run(
        "synth",
        plane("", '{ await new Promise(() => setTimeout(() => { throw new Error("in a timer"); }, 10)); }'),
      ),
      /^error: \S*main\.ts:3:\d+: in a timer\n$/,
    );
  });

  it("kiln bootstrap runs the control plane on the sandbox too (nothing printed)", () => {
    const exit = kiln(["bootstrap", plane("", "{ process.exit(0); }")], { cwd: ROOT });
    expect(exit.stderr).toMatch(
      /^error: \S*main\.ts:3:\d+: process\.exit\(0\) was called before kiln finished; nothing was printed\n$/,
    );
    expect(exit.stdout).toBe("");
    expect(exit.status).toBe(1);
    const never = kiln(["bootstrap", plane("await new Promise(() => {});")], { cwd: ROOT });
    expect(never.stderr).toMatch(
      /^error: the top level of \S*main\.ts waits for a promise that never settles/,
    );
    expect(never.status).toBe(1);
  });

  it("refuses a --timeout that is not a positive duration (usage error)", () => {
    const dir = plane("");
    const r = kiln(["synth", dir, "--out", path.join(dir, "out"), "--timeout", "soon"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--timeout expects a positive duration such as 30s, 1m or 1m30s, got "soon"');
  });

  it("keeps everything the worker printed before it failed", () => {
    // 300 apps and no Flux source: validation prints its findings, then the build fails.
    const add =
      'l.app("a" + i).add({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "m" + i, namespace: "default" } })';
    const r = run(
      "build",
      plane("", `{ const l = ctx.cluster("c").layer("l"); for (let i = 0; i < 300; i++) ${add}; }`),
    );
    expect(r.stdout).toMatch(
      /^wrote \d+ files \(301 resources\) to .*\n[\s\S]*\[ref\/sourceRef\]\n\n✗ 301 resources in 603 files, 2 errors/,
    );
    expect(r.stderr).toBe("error: validation failed: 2 errors (see above)\n");
    expect(r.status).toBe(1);
  });

  it("stops an endless loop in a --policy module's check (kiln validate)", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "kiln-sandbox-policy-"));
    writeFileSync(path.join(dir, "package.json"), '{ "type": "module" }\n');
    writeFileSync(
      path.join(dir, "policy.ts"),
      `import { definePolicy } from ${JSON.stringify(KILN)};\nexport default definePolicy({ name: "spin", check() { for (;;) {} } });\n`,
    );
    writeFileSync(path.join(dir, "ns.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n");
    const started = Date.now();
    const r = kiln([
      "validate",
      path.join(dir, "ns.yaml"),
      "--no-catalog",
      "--policy",
      path.join(dir, "policy.ts"),
      "--timeout",
      "5s",
    ]);
    expect(r.stderr).toMatch(/^error: policy spin of \S*policy\.ts did not finish within 5s and was stopped/);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect((Date.now() - started) / 1000).toBeLessThan(30);
    // A policy that ends is run as before, its findings reported.
    writeFileSync(
      path.join(dir, "ok.ts"),
      `import { definePolicy } from ${JSON.stringify(KILN)};\nexport default definePolicy({ name: "named", check: (o) => [{ message: "seen " + o.metadata.name }] });\n`,
    );
    const ok = kiln([
      "validate",
      path.join(dir, "ns.yaml"),
      "--no-catalog",
      "--policy",
      path.join(dir, "ok.ts"),
    ]);
    expect(ok.stdout).toContain("seen a  [policy/named]");
    expect(ok.status).toBe(1);
  });

  it("stops an endless loop in a simulated provider's observe() (kiln simulate)", () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "kiln-sandbox-sim-")), "p");
    expect(kiln(["init", dir, "--template", "function"]).status).toBe(0);
    mkdirSync(path.join(dir, "node_modules"));
    symlinkSync(ROOT, path.join(dir, "node_modules/kiln"));
    writeFileSync(
      path.join(dir, "provider.ts"),
      `import { defineProvider } from "kiln/function";\nexport default defineProvider({ ConfigMap: { observe() { for (;;) {} } } });\n`,
    );
    const ok = kiln(["simulate", dir]);
    expect(ok.stdout).toMatch(/converged after \d+ steps/);
    expect(ok.status).toBe(0);
    const r = kiln(["simulate", dir, "--provider", path.join(dir, "provider.ts"), "--timeout", "5s"]);
    expect(r.stderr).toMatch(
      /^error: the provider.s observe\(\) for Greeting web\/hello\/greeting did not finish within 5s and was stopped/,
    );
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
  });
});
