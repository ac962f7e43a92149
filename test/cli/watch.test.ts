/**
 * `--watch`: the first run, a rebuild after a one-line change (and none for kiln's own writes to
 * the output folder), the watch surviving a broken edit, and Ctrl-C ending it with exit 0.
 */
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/env.ts";

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
