/**
 * `--watch`: the first run, a rebuild after a one-line change (and none for kiln's own writes to
 * the output folder), the watch surviving a broken edit, and Ctrl-C ending it with exit 0. The
 * warm rebuilds (one worker kept, user modules evaluated afresh): a change in an imported module,
 * output byte-identical to a cold build, a deleted module, a syntax error and an endless loop
 * that the watch recovers from.
 */
import { spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { kiln } from "../helpers/cli.ts";
import { ROOT } from "../helpers/env.ts";
import { readTree } from "../helpers/tree.ts";

const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

/** Starts a watching kiln; `next()` resolves with the output up to the next finished run. */
function watching(args: string[]) {
  const child = spawn(process.execPath, ["--import", TSX, path.join(ROOT, "src/cli/main.ts"), ...args], {
    env: { ...process.env, CI: "true", KILN_OFFLINE: "1" },
  });
  let out = "";
  let seen = 0;
  const waiters: Array<() => void> = [];
  const onData = (d: Buffer) => {
    out += d;
    const runs = out.split("[watch]").length - 1;
    while (runs > seen && waiters.length) {
      seen++;
      waiters.shift()!();
    }
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  return {
    next: () =>
      new Promise<string>((resolve) => {
        // A run that finished while nobody waited is the next one.
        if (out.split("[watch]").length - 1 > seen) {
          seen++;
          resolve(out);
        } else waiters.push(() => resolve(out));
      }),
    stop: () =>
      new Promise<number | null>((resolve) => {
        child.on("exit", (code) => resolve(code));
        child.kill("SIGINT");
      }),
    runs: () => out.split("[watch]").length - 1,
    /** Output up to the first finished run (from now on) whose `[watch]` line matches `re`. */
    async until(re: RegExp): Promise<string> {
      for (let i = 0; i < 10; i++) {
        const text = await this.next();
        const last =
          text
            .trimEnd()
            .split("\n")
            .filter((l) => l.startsWith("[watch]"))
            .at(-1) ?? "";
        if (re.test(last)) return text;
      }
      throw new Error(`no run matching ${re}`);
    },
  };
}

function project(): string {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "kiln-watch-")), "cp");
  cpSync(path.join(ROOT, "test/fixtures/ok"), dir, { recursive: true });
  // A project of its own outside this repository: an ES module package with kiln installed.
  writeFileSync(path.join(dir, "package.json"), '{ "type": "module" }\n');
  mkdirSync(path.join(dir, "node_modules"));
  symlinkSync(ROOT, path.join(dir, "node_modules/kiln"));
  return dir;
}

describe("kiln synth --watch", () => {
  it("survives folders that are made and gone at once (as kiln's own .kiln-tmp/)", async () => {
    const dir = project();
    const w = watching(["synth", dir, "--watch"]);
    await w.next();
    for (let i = 0; i < 30; i++) {
      mkdirSync(path.join(dir, "flicker", "deep"), { recursive: true });
      rmSync(path.join(dir, "flicker"), { recursive: true });
    }
    await new Promise((r) => setTimeout(r, 300));
    const main = path.join(dir, "main.ts");
    writeFileSync(
      main,
      readFileSync(main, "utf8").replace('domain: "example.com"', 'domain: "after.example"'),
    );
    // However the flicker's own runs fall, the change to main.ts is built.
    const cm = path.join(dir, "out/clusters/home/apps/web/configmap-web.yaml");
    const built = () => {
      try {
        return readFileSync(cm, "utf8").includes("domain: after.example");
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 100 && !built(); i++) await new Promise((r) => setTimeout(r, 200));
    expect(built()).toBe(true);
    expect(await w.stop()).toBe(0);
  }, 120_000);

  it("rebuilds after a change, not after its own writes, survives a broken edit, ends on Ctrl-C", async () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "kiln-watch-")), "cp");
    cpSync(path.join(ROOT, "test/fixtures/ok"), dir, { recursive: true });
    // A project of its own outside this repository: an ES module package with kiln installed.
    writeFileSync(path.join(dir, "package.json"), '{ "type": "module" }\n');
    mkdirSync(path.join(dir, "node_modules"));
    symlinkSync(ROOT, path.join(dir, "node_modules/kiln"));
    const out = path.join(dir, "out");
    const w = watching(["synth", dir, "--watch"]);
    expect(await w.next()).toMatch(/wrote 9 files[\s\S]*\[watch\] done in \d+ ms; waiting for changes/);
    const cm = path.join(out, "clusters/home/apps/web/configmap-web.yaml");
    expect(readFileSync(cm, "utf8")).toContain("domain: example.com");

    const main = path.join(dir, "main.ts");
    const source = readFileSync(main, "utf8");
    writeFileSync(main, source.replace('domain: "example.com"', 'domain: "changed.example"'));
    const second = await w.until(/\[watch\] \S*main\.ts changed: done in \d+ ms/);
    expect(second).toContain("wrote 9 files");
    expect(readFileSync(cm, "utf8")).toContain("domain: changed.example");

    writeFileSync(main, source.replace("export default", "export default {"));
    expect(await w.until(/\[watch\] \S*main\.ts changed/)).toMatch(
      /error: .*main\.ts:\d+:\d+: syntax error[\s\S]*\[watch\] \S*main\.ts changed/,
    );
    // The output of the last good build stays.
    expect(readFileSync(cm, "utf8")).toContain("domain: changed.example");

    const runs = w.runs();
    await new Promise((r) => setTimeout(r, 500));
    expect(w.runs()).toBe(runs);
    expect(await w.stop()).toBe(0);
  }, 120_000);
});

/** A control plane of three modules: main.ts builds what web.ts and extra.ts make. */
function modules(): string {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "kiln-watch-")), "cp");
  mkdirSync(path.join(dir, "node_modules"), { recursive: true });
  symlinkSync(ROOT, path.join(dir, "node_modules/kiln"));
  writeFileSync(path.join(dir, "package.json"), '{ "type": "module" }\n');
  writeFileSync(
    path.join(dir, "web.ts"),
    `import type { KubeObject } from "kiln";
export const DOMAIN = "one.example";
export function web(): KubeObject {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "web", namespace: "default" }, data: { domain: DOMAIN } };
}
`,
  );
  writeFileSync(
    path.join(dir, "extra.ts"),
    `export const extra = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "extra", namespace: "default" } };\n`,
  );
  writeFileSync(path.join(dir, "main.ts"), mainTs(true));
  return dir;
}

function mainTs(withExtra: boolean, build = ""): string {
  return `import { defineControlPlane } from "kiln";
import { web } from "./web.ts";
${withExtra ? 'import { extra } from "./extra.ts";' : ""}
export default defineControlPlane({
  name: "modules",
  inputs: {},
  build({ cluster }) {
    ${build}
    const app = cluster("home").layer("apps").app("web");
    app.add(web());
    ${withExtra ? "app.add(extra);" : ""}
  },
});
`;
}

/** The watch's output folder equals a cold `kiln synth` of the same project, byte for byte. */
function expectSameAsCold(dir: string): void {
  const cold = path.join(path.dirname(dir), `cold-${Math.random().toString(36).slice(2)}`);
  const r = kiln(["synth", dir, "-o", cold], { env: { KILN_OFFLINE: "1" } });
  expect(r.stderr).toBe("");
  expect(readTree(path.join(dir, "out"))).toEqual(readTree(cold));
}

describe("kiln synth --watch, warm rebuilds", () => {
  const web = (dir: string) => path.join(dir, "out/clusters/home/apps/web/configmap-web.yaml");
  const extra = (dir: string) => path.join(dir, "out/clusters/home/apps/web/configmap-extra.yaml");

  it("rebuilds a change in an imported module as a cold build would, and a deleted one", async () => {
    const dir = modules();
    const w = watching(["synth", dir, "--watch"]);
    expect(await w.next()).toMatch(/wrote \d+ files \(3 resources\)/);
    expect(readFileSync(web(dir), "utf8")).toContain("domain: one.example");

    const webTs = path.join(dir, "web.ts");
    writeFileSync(webTs, readFileSync(webTs, "utf8").replace("one.example", "two.example"));
    // Only the one changed manifest is written.
    expect(await w.until(/\[watch\] \S*web\.ts changed: done in \d+ ms/)).toMatch(
      /wrote \d+ files \(3 resources\) to \S+: 1 changed, 0 removed\n\[watch\] \S*web\.ts changed/,
    );
    expect(readFileSync(web(dir), "utf8")).toContain("domain: two.example");
    expectSameAsCold(dir);

    // A module main.ts still imports is gone: located at the importer, the output stays.
    rmSync(path.join(dir, "extra.ts"));
    expect(await w.until(/\[watch\] \S*extra\.ts changed/)).toMatch(
      /error: \S*main\.ts: cannot find module '\S*extra\.ts'[^\n]*\n\[watch\] \S*extra\.ts changed/,
    );
    expect(existsSync(extra(dir))).toBe(true);
    // The import removed too: the next rebuild deletes what the module made (and updates the
    // kustomization.yaml that listed it).
    writeFileSync(path.join(dir, "main.ts"), mainTs(false));
    expect(await w.until(/\[watch\] \S*main\.ts changed: done/)).toMatch(/: 1 changed, 1 removed\n/);
    expect(existsSync(extra(dir))).toBe(false);
    expectSameAsCold(dir);
    expect(await w.stop()).toBe(0);
  }, 180_000);

  it("locates a syntax error and recovers on the fix; stops an endless loop after --timeout and goes on", async () => {
    const dir = modules();
    const w = watching(["synth", dir, "--watch", "--timeout", "2s"]);
    await w.next();
    const webTs = path.join(dir, "web.ts");
    const good = readFileSync(webTs, "utf8");
    writeFileSync(webTs, good.replace('export const DOMAIN = "one.example";', "export const DOMAIN = ;"));
    expect(await w.until(/\[watch\] \S*web\.ts changed/)).toMatch(
      /error: \S*web\.ts:2:\d+: syntax error: [^\n]+\n\[watch\] \S*web\.ts changed/,
    );
    writeFileSync(webTs, good.replace("one.example", "fixed.example"));
    await w.until(/\[watch\] \S*web\.ts changed: done/);
    expect(readFileSync(web(dir), "utf8")).toContain("domain: fixed.example");

    writeFileSync(path.join(dir, "main.ts"), mainTs(true, "for (;;) {}"));
    expect(await w.until(/\[watch\] \S*main\.ts changed/)).toMatch(
      /error: build\(\) of \S*main\.ts did not finish within 2s and was stopped[^\n]*\n\[watch\] \S*main\.ts changed/,
    );
    writeFileSync(path.join(dir, "main.ts"), mainTs(true));
    writeFileSync(webTs, good.replace("one.example", "after-loop.example"));
    await w.until(/\[watch\] \S*(main|web)\.ts changed: done/);
    for (let i = 0; i < 50 && !readFileSync(web(dir), "utf8").includes("after-loop"); i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(readFileSync(web(dir), "utf8")).toContain("domain: after-loop.example");
    expectSameAsCold(dir);
    expect(await w.stop()).toBe(0);
  }, 180_000);
});

describe("kiln synth --watch, Ctrl-C", () => {
  it("ends the watch at once, exit 0, while a rebuild's user code loops (not after --timeout)", async () => {
    const dir = modules();
    const w = watching(["synth", dir, "--watch", "--timeout", "5m"]);
    await w.next();
    writeFileSync(path.join(dir, "main.ts"), mainTs(true, "for (;;) {}"));
    // Well past the debounce: the rebuild is in the loop.
    await new Promise((r) => setTimeout(r, 1500));
    const started = Date.now();
    expect(await w.stop()).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(w.runs()).toBe(1);
  }, 120_000);
});

describe("kiln validate --watch --policy", () => {
  it("evaluates a module the policy imports again after it changed", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "kiln-watch-policy-"));
    mkdirSync(path.join(dir, "node_modules"));
    symlinkSync(ROOT, path.join(dir, "node_modules/kiln"));
    writeFileSync(path.join(dir, "package.json"), '{ "type": "module" }\n');
    writeFileSync(path.join(dir, "ns.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n");
    const policy = (message: string) =>
      `import { definePolicy } from "kiln";\nimport { say } from "./say.ts";\nexport default definePolicy({ name: "say", check: (o) => [{ message: say(o.metadata.name) }] });\nexport const unused = ${JSON.stringify(message)};\n`;
    writeFileSync(path.join(dir, "say.ts"), 'export const say = (n: string) => "first " + n;\n');
    writeFileSync(path.join(dir, "policy.ts"), policy("x"));
    const w = watching(["validate", dir, "--no-catalog", "--policy", path.join(dir, "policy.ts"), "--watch"]);
    expect(await w.next()).toContain("first a  [policy/say]");
    // A module the policy imports changed: the next run sees it.
    writeFileSync(path.join(dir, "say.ts"), 'export const say = (n: string) => "second " + n;\n');
    expect(await w.until(/\[watch\] \S*say\.ts changed: done/)).toMatch(
      /second a {2}\[policy\/say\][\s\S]*\[watch\] \S*say\.ts changed/,
    );
    await w.stop();
  }, 120_000);
});
