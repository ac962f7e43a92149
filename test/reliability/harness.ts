/**
 * The reliability corpus's harness: every case runs the real CLI (`node bin/kiln.js`, the built
 * dist/ that `npm test` and `.ci/run` build first) in a sandbox folder and is held to the same
 * invariants — the expected exit code, no stack trace, a located message, no canary secret in
 * stdout, stderr or any file kiln wrote, nothing written outside the output folder, no user file
 * changed.
 *
 * A sandbox is one temporary folder: `in/` holds the user's files (and is the working
 * directory), `out/` is the only place kiln may write, and HOME, TMPDIR and kiln's cache point at
 * folders inside it, so a write anywhere else shows up in the snapshot comparison.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mapLimit } from "../../src/core/workers.ts";
import { ROOT } from "../helpers/env.ts";

/** A unique string planted in Secret data, secret inputs and SOPS plaintext; it must never come out. */
export const CANARY = "kiln-canary-5e1f0b9a7c33d2";
/** The canary as it sits in a Secret's `data` (base64), also never to come out. */
export const CANARY_B64 = Buffer.from(CANARY).toString("base64");

const BIN = path.join(ROOT, "bin/kiln.js");

/** Fails loudly when dist/ is older than src/: the corpus tests the built CLI users run. */
export function assertFreshDist(): void {
  const built = statSync(path.join(ROOT, "dist/cli/main.js")).mtimeMs;
  let newest = 0;
  let newestFile = "";
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".ts")) {
        const m = statSync(p).mtimeMs;
        if (m > newest) [newest, newestFile] = [m, p];
      }
    }
  };
  walk(path.join(ROOT, "src"));
  if (newest > built + 1000)
    throw new Error(`dist/ is older than ${path.relative(ROOT, newestFile)}: run \`npm run build\` first`);
}

export class Sandbox {
  readonly root: string;
  readonly in: string;
  readonly out: string;
  readonly home: string;
  readonly tmp: string;
  readonly cache: string;

  constructor(name: string) {
    this.root = mkdtempSync(path.join(os.tmpdir(), `kiln-rel-${name}-`));
    this.in = path.join(this.root, "in");
    this.out = path.join(this.root, "out");
    this.home = path.join(this.root, "home");
    this.tmp = path.join(this.root, "tmp");
    this.cache = path.join(this.root, "cache");
    for (const d of [this.in, this.home, this.tmp, this.cache]) mkdirSync(d, { recursive: true });
  }

  /** Writes a user file under in/ and returns its absolute path. */
  write(rel: string, content: string | Buffer): string {
    const p = path.join(this.in, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, content);
    return p;
  }

  /** Every entry under the sandbox: relative path → type and content hash (symlinks not followed). */
  snapshot(): Snapshot {
    const snap: Snapshot = new Map();
    const walk = (d: string) => {
      let entries: string[];
      try {
        entries = readdirSync(d);
      } catch {
        return;
      }
      for (const name of entries) {
        const p = path.join(d, name);
        const rel = path.relative(this.root, p);
        const st = lstatSync(p);
        if (st.isSymbolicLink()) snap.set(rel, `link:${readlinkSync(p)}`);
        else if (st.isDirectory()) {
          snap.set(rel, "dir");
          walk(p);
        } else if (st.isFile())
          snap.set(rel, `file:${createHash("sha256").update(readFileSync(p)).digest("hex")}`);
        else snap.set(rel, "special");
      }
    };
    walk(this.root);
    return snap;
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

export type Snapshot = Map<string, string>;

export interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  ms: number;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
  timeoutMs?: number;
}

/** Runs `node bin/kiln.js ARGS` in the sandbox; a run past its time limit is killed and marked. */
export function kiln(sb: Sandbox, args: string[], opts: RunOptions = {}): Promise<Run> {
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? sb.in,
    env: sandboxEnv(sb, opts.env),
    stdio: ["pipe", "pipe", "pipe"],
  });
  return collect(child, started, opts);
}

export function sandboxEnv(sb: Sandbox, extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    CI: "true",
    NO_COLOR: "1",
    HOME: sb.home,
    TMPDIR: sb.tmp,
    KILN_CACHE: sb.cache,
    XDG_CACHE_HOME: path.join(sb.home, ".cache"),
    XDG_CONFIG_HOME: path.join(sb.home, ".config"),
    KILN_OFFLINE: "1",
    ...extra,
  };
}

export function collect(child: ReturnType<typeof spawn>, started: number, opts: RunOptions): Promise<Run> {
  let stdout = "";
  let stderr = "";
  let timedOut = false;
  child.stdout!.on("data", (d: Buffer) => {
    if (stdout.length < 4_000_000) stdout += d.toString();
  });
  child.stderr!.on("data", (d: Buffer) => {
    if (stderr.length < 4_000_000) stderr += d.toString();
  });
  child.stdin!.on("error", () => {});
  child.stdin!.end(opts.input ?? "");
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, opts.timeoutMs ?? 30_000);
  return new Promise((resolve) => {
    child.on("close", (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr, timedOut, ms: Date.now() - started });
    });
  });
}

/** A Node stack frame, Node's own internals, or kiln's internal-error banner. */
const TRACE = [/^\s+at .+(:\d+:\d+\)?|\(native\)|<anonymous>\)?)$/m, /internal error/i, /node:internal\//];

export function expectNoTrace(text: string, label = ""): void {
  for (const re of TRACE) expect(text, `${label} shows a stack trace or internal error`).not.toMatch(re);
}

export function expectNoCanary(text: string, label = ""): void {
  expect(text.includes(CANARY), `${label} contains the canary secret`).toBe(false);
  expect(text.includes(CANARY_B64), `${label} contains the canary secret (base64)`).toBe(false);
}

/**
 * Where a run may write: the output folder, kiln's cache, and tsx's compile cache in TMPDIR
 * (`tsx-<uid>`, which tsx keeps for every TypeScript module it loads; scanned for the canary too).
 */
export const WRITABLE = ["out", "cache", "tmp/tsx-*"];

export interface Expect {
  /** The expected exit code (or the codes allowed, where the verdict is the peer's to give). */
  exit: number | number[];
  /** Text the output must match: the file and line (`x.yaml:3`) or the JSON path. */
  where?: RegExp | string;
  /** Sandbox-relative folders kiln may write to (default: {@link WRITABLE}). */
  writable?: string[];
  /** Folders where the canary may be written because the user's own code put it there. */
  canaryAllowedIn?: string[];
}

/**
 * Asserts the corpus's invariants for one run, given the sandbox snapshot taken before it: exit
 * code, no trace, a located message, no canary anywhere kiln wrote, nothing written outside the
 * writable folders (so no user file changed and no temporary file left behind).
 */
export function expectHeld(r: Run, sb: Sandbox, before: Snapshot, e: Expect): void {
  const both = `${r.stdout}\n${r.stderr}`;
  const label = `kiln exited ${r.status}${r.signal ? ` (${r.signal})` : ""}; stderr: ${r.stderr.slice(0, 800)}`;
  expect(r.timedOut, `timed out after ${r.ms} ms; ${label}`).toBe(false);
  if (Array.isArray(e.exit)) expect(e.exit, label).toContain(r.status);
  else expect(r.status, label).toBe(e.exit);
  expectNoTrace(both, label);
  if (e.where) {
    if (typeof e.where === "string") expect(both, label).toContain(e.where);
    else expect(both, label).toMatch(e.where);
  }
  expectNoCanary(both, "stdout/stderr");
  expectWrites(sb, before, e.writable ?? WRITABLE, e.canaryAllowedIn);
}

/** Nothing changed outside the writable folders, and nothing kiln wrote holds the canary. */
export function expectWrites(
  sb: Sandbox,
  before: Snapshot,
  writable: string[],
  canaryAllowedIn: string[] = [],
): void {
  const after = sb.snapshot();
  const changed: string[] = [];
  for (const [p, v] of after) if (before.get(p) !== v) changed.push(p);
  for (const p of before.keys()) if (!after.has(p)) changed.push(p);
  const inside = (p: string) =>
    writable.some((w) =>
      w.endsWith("*") ? p.startsWith(w.slice(0, -1)) : p === w || p.startsWith(`${w}${path.sep}`),
    );
  expect(
    changed.filter((p) => !inside(p)),
    "written, changed or removed outside the output folder",
  ).toEqual([]);
  for (const p of changed) {
    const v = after.get(p);
    if (canaryAllowedIn.some((w) => p.startsWith(`${w}${path.sep}`))) continue;
    if (v?.startsWith("file:")) expectNoCanary(readFileSync(path.join(sb.root, p), "latin1"), p);
  }
}

/** One CLI case of the corpus: its own sandbox, one run of kiln, the invariants checked. */
export interface CliCase {
  title: string;
  /** Writes the user's files into the sandbox and returns kiln's arguments. */
  setup: (sb: Sandbox) => string[];
  exit: number | number[];
  where?: RegExp | string;
  writable?: string[];
  canaryAllowedIn?: string[];
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv | ((sb: Sandbox) => NodeJS.ProcessEnv);
  /** Further checks on the run (e.g. what was written). */
  check?: (r: Run, sb: Sandbox) => void;
}

/** A control-plane project a user made with `npm i kiln`: ESM package.json, kiln in node_modules. */
export function project(sb: Sandbox, dir = "."): string {
  sb.write(path.join(dir, "package.json"), '{ "name": "homelab", "private": true, "type": "module" }\n');
  const nm = path.join(sb.in, dir, "node_modules");
  mkdirSync(nm, { recursive: true });
  symlinkSync(ROOT, path.join(nm, "kiln"));
  return path.join(sb.in, dir);
}

/**
 * Runs every case (two at a time: two cores) once, before the tests that assert on them, so a
 * file of cases costs the slowest pair, not the sum. `pending` cases wait on a fix in another
 * branch and are listed as todo with their reason.
 */
export function runCases(
  name: string,
  cases: CliCase[],
  pending: Array<{ title: string; reason: string }> = [],
): void {
  const runs = new Map<CliCase, { sb: Sandbox; before: Snapshot; r: Run }>();
  describe(name, () => {
    beforeAll(async () => {
      assertFreshDist();
      // At most two at a time (two cores: spawning more only queues them).
      await mapLimit(cases, 2, async (c) => {
        const sb = new Sandbox("case");
        const args = c.setup(sb);
        const before = sb.snapshot();
        const r = await kiln(sb, args, {
          timeoutMs: c.timeoutMs ?? 30_000,
          ...(c.env ? { env: typeof c.env === "function" ? c.env(sb) : c.env } : {}),
        });
        runs.set(c, { sb, before, r });
      });
    }, 600_000);
    afterAll(() => {
      for (const { sb } of runs.values()) sb.remove();
    });
    it.each(cases.map((c) => [c.title, c] as const))("%s", (_t, c) => {
      const run = runs.get(c);
      expect(run, "the case ran").toBeDefined();
      const { sb, before, r } = run!;
      expectHeld(r, sb, before, {
        exit: c.exit,
        ...(c.where ? { where: c.where } : {}),
        ...(c.writable ? { writable: c.writable } : {}),
        ...(c.canaryAllowedIn ? { canaryAllowedIn: c.canaryAllowedIn } : {}),
      });
      c.check?.(r, sb);
    });
    for (const p of pending) it.todo(`${p.title} — ${p.reason}`);
  });
}
