/**
 * The one tree walk (core/walk.ts) and what validate makes of it: FIFOs, sockets, dangling links
 * and link loops are skipped with a warning naming the path, never opened and never fatal; a file
 * reached through several links is checked once.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRegularFile } from "../../src/core/fs.ts";
import { listFolderFiles } from "../../src/core/walk.ts";
import { validatePaths } from "../../src/validate/validate.ts";
import { kiln } from "../helpers/cli.ts";

const cm = (name: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: default\n`;
let root: string;
let t: string;
let server: net.Server;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), "kiln-walk-"));
  t = path.join(root, "tree");
  mkdirSync(path.join(t, "a/deep"), { recursive: true });
  mkdirSync(path.join(root, "outside"));
  writeFileSync(path.join(t, "a/cm.yaml"), cm("a"));
  writeFileSync(path.join(t, "a/deep/d.yaml"), cm("d"));
  writeFileSync(path.join(root, "outside/o.yaml"), cm("o"));
  execFileSync("mkfifo", [path.join(t, "fifo.yaml")]);
  symlinkSync(path.join(t, "fifo.yaml"), path.join(t, "to-fifo.yaml"));
  symlinkSync("nowhere.yaml", path.join(t, "dangling.yaml"));
  symlinkSync("gone", path.join(t, "dangling-folder"));
  symlinkSync("loop-b", path.join(t, "loop-a"));
  symlinkSync("loop-a", path.join(t, "loop-b"));
  symlinkSync("../..", path.join(t, "a/deep/up"));
  symlinkSync("a/cm.yaml", path.join(t, "0-link.yaml"));
  symlinkSync("a", path.join(t, "0-alink"));
  symlinkSync("../outside", path.join(t, "out"));
  server = net.createServer();
  await new Promise<void>((r) => server.listen(path.join(t, "sock.yaml"), r));
});

afterAll(() => server?.close());

describe("listFolderFiles", () => {
  it("lists each real regular file once, by its path without a link, and reports the rest", () => {
    const warnings: string[] = [];
    const files = listFolderFiles([t], {
      match: /\.ya?ml$/,
      warn: (f, m) => warnings.push(`${path.relative(t, f)}: ${m}`),
    });
    expect(files.map((f) => path.relative(t, f)).sort()).toEqual([
      "a/cm.yaml",
      "a/deep/d.yaml",
      "out/o.yaml",
    ]);
    expect(warnings.sort()).toEqual([
      expect.stringMatching(
        /^a\/deep\/up: symbolic link loop \(it leads back to .*tree, a folder above it\); skipped$/,
      ),
      "dangling-folder: dangling symbolic link (its target does not exist); skipped",
      "dangling.yaml: dangling symbolic link (its target does not exist); skipped",
      "fifo.yaml: not a regular file (a FIFO); skipped, never opened",
      "loop-a: symbolic link loop (a chain of links that leads back to itself); skipped",
      "loop-b: symbolic link loop (a chain of links that leads back to itself); skipped",
      "sock.yaml: not a regular file (a socket); skipped, never opened",
      "to-fifo.yaml: not a regular file (a link to a FIFO); skipped, never opened",
    ]);
  });

  it("does not descend when not recursive, and lists a linked file when it is the only path to it", () => {
    const files = listFolderFiles([path.join(t, "a")], { match: /\.yaml$/, recursive: false });
    expect(files.map((f) => path.relative(t, f))).toEqual(["a/cm.yaml"]);
    const only = mkdtempSync(path.join(os.tmpdir(), "kiln-walk-"));
    symlinkSync(path.join(root, "outside/o.yaml"), path.join(only, "x.yaml"));
    expect(listFolderFiles([only], { match: /\.yaml$/ })).toEqual([path.join(only, "x.yaml")]);
  });

  it("readRegularFile refuses a FIFO at once instead of blocking", () => {
    expect(() => readRegularFile(path.join(t, "fifo.yaml"))).toThrow(/is not a regular file/);
    expect(readRegularFile(path.join(t, "a/cm.yaml"))).toBe(cm("a"));
  });
});

describe("validate on a tree with FIFOs, sockets and broken links", () => {
  it("warns for each, checks every real file once, and finishes", async () => {
    const r = await validatePaths([t], { schemas: { catalog: false } });
    expect(r.summary.files).toBe(3);
    expect(r.summary.resources).toBe(3);
    expect(r.summary.errors).toBe(0);
    const io = r.diagnostics.filter((d) => d.rule === "io");
    expect(io.map((d) => path.basename(d.file!)).sort()).toEqual([
      "dangling-folder",
      "dangling.yaml",
      "fifo.yaml",
      "loop-a",
      "loop-b",
      "sock.yaml",
      "to-fifo.yaml",
      "up",
    ]);
    expect(io.every((d) => d.severity === "warning")).toBe(true);
  });

  it("the CLI exits 0 with the warnings in its report (it used to hang on the FIFO)", () => {
    const r = kiln(["validate", t, "-o", "json"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as { diagnostics: Array<{ file: string; message: string }> };
    expect(report.diagnostics.find((d) => d.file.endsWith("fifo.yaml"))?.message).toBe(
      "not a regular file (a FIFO); skipped, never opened",
    );
  });
});
