/**
 * SIGKILL while `kiln synth` writes its output tree: the kill lands while the temporary tree
 * exists (polled for), at a seeded delay. After every kill the output folder is absent, the old
 * tree or the new one — never a mix — and what is left over sits only in the git-ignored
 * `.kiln-tmp/` beside it; the next run removes it.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rng } from "../frp/mutate.ts";
import { ROOT } from "../helpers/env.ts";
import { assertFreshDist, collect, expectWrites, kiln, project, Sandbox, sandboxEnv } from "./harness.ts";

const MAIN = `import { defineControlPlane } from "kiln";
export default defineControlPlane({
  name: "many",
  inputs: { v: "a" },
  build({ inputs, cluster }) {
    const layer = cluster("home").layer("apps");
    const apps = Array.from({ length: 50 }, (_, i) => layer.app(\`app-\${i}\`));
    for (let i = 0; i < 1500; i++)
      apps[i % 50]!.add({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: \`cm-\${i}\`, namespace: "default" }, data: { v: inputs.v, pad: "x".repeat(200) } });
  },
});
`;

const sb = new Sandbox("kill");
const WORK = path.join(sb.root, ".kiln-tmp");
/** out/ as relative path → content, or undefined when it does not exist. */
const tree = (): Map<string, string> | undefined => {
  if (!existsSync(sb.out)) return undefined;
  const files = (readdirSync(sb.out, { recursive: true, withFileTypes: true }) as import("node:fs").Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(sb.out, path.join(e.parentPath, e.name)));
  return new Map(files.sort().map((f) => [f, readFileSync(path.join(sb.out, f), "utf8")]));
};
const same = (x: Map<string, string> | undefined, y: Map<string, string> | undefined) =>
  x !== undefined && y !== undefined && x.size === y.size && [...x].every(([k, v]) => y.get(k) === v);

const synth = (v: string) => ["synth", "cp", "--out", sb.out, "--set", `v=${v}`];
const refs: Record<string, Map<string, string>> = {};

beforeAll(async () => {
  assertFreshDist();
  project(sb, "cp");
  sb.write("cp/main.ts", MAIN);
  for (const v of ["b", "a"]) {
    const r = await kiln(sb, synth(v), { timeoutMs: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    refs[v] = tree()!;
  }
  expect(refs.a!.size).toBeGreaterThan(1500);
}, 240_000);
afterAll(() => sb.remove());

/** Starts a synth and kills it `delayMs` after its temporary tree appears (or when it ends). */
async function killDuringWrite(v: string, delayMs: number): Promise<{ killed: boolean }> {
  const child = spawn(process.execPath, [path.join(ROOT, "bin/kiln.js"), ...synth(v)], {
    cwd: sb.in,
    env: sandboxEnv(sb),
    stdio: ["pipe", "pipe", "pipe"],
  });
  const done = collect(child, Date.now(), { timeoutMs: 120_000 });
  let killed = false;
  const poll = setInterval(() => {
    // This child's own temporary tree (a killed run's stale one has another pid).
    const writing = existsSync(WORK) && readdirSync(WORK).some((n) => n.startsWith(`out.tmp-${child.pid}-`));
    if (writing) {
      clearInterval(poll);
      setTimeout(() => {
        killed = child.exitCode === null && child.kill("SIGKILL");
      }, delayMs);
    }
  }, 2);
  await done;
  clearInterval(poll);
  return { killed };
}

const r = rng(1616);
const kills: boolean[] = [];
const rounds = Array.from({ length: 6 }, (_, i) => ({ v: i % 2 ? "a" : "b", delayMs: Math.floor(r() * 60) }));

describe("SIGKILL during synth's write", () => {
  it.each(
    rounds.map((x, i) => [`round ${i}: --set v=${x.v}, killed ${x.delayMs} ms into the write`, x] as const),
  )(
    "%s: out/ is the old tree, the new one, or absent; leftovers only in .kiln-tmp/",
    async (_t, x) => {
      const { killed } = await killDuringWrite(x.v, x.delayMs);
      kills.push(killed);
      const now = tree();
      const ok = now === undefined || same(now, refs.a) || same(now, refs.b);
      expect(ok, `killed: ${killed}; out/ has ${now?.size} files, a mix of trees`).toBe(true);
      const top = readdirSync(sb.root).filter(
        (n) => !["in", "out", "home", "tmp", "cache", ".kiln-tmp"].includes(n),
      );
      expect(top, "nothing else beside the output").toEqual([]);
      if (existsSync(WORK)) {
        expect(readFileSync(path.join(WORK, ".gitignore"), "utf8")).toBe("*\n");
        for (const n of readdirSync(WORK)) expect(n).toMatch(/^(\.gitignore|out\.(tmp|old)-\d+-[0-9a-f]+)$/);
      }
    },
    120_000,
  );

  it("most kills landed while the tree was being written", () => {
    expect(kills.filter(Boolean).length).toBeGreaterThanOrEqual(rounds.length / 2);
  });

  it("the next run writes the tree and removes what killed runs left", async () => {
    const before = sb.snapshot();
    const run = await kiln(sb, synth("a"), { timeoutMs: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(same(tree(), refs.a)).toBe(true);
    expect(existsSync(WORK), ".kiln-tmp/ removed").toBe(false);
    expectWrites(sb, before, ["out", ".kiln-tmp", "cache", "tmp/tsx-*"]);
  }, 120_000);
});
