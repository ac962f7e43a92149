/**
 * The changed-only re-run of a Flux repository: `kiln validate DIR --watch` on each tree of the
 * flux benchmark (the homelab fixture, and KILN_REAL_REPOS), one HelmRelease file gaining a
 * comment line after each finished run, `BENCH_WATCH_RUNS` times (default 10). Times are the
 * watch's own `[watch] … done in N ms` lines: render, validation and the report, with only the
 * changed file parsed again and only changed objects checked again (docs/validate.md, --watch).
 * flate and flux-local have no watch or cache; their re-run is the flux benchmark's
 * "one file changed" row.
 */
import { spawn } from "node:child_process";
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { leafYaml } from "./flux.bench.ts";
import { fmtMs, median, runCommand } from "./util.ts";
import { watchLines } from "./watch.bench.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const RUNS = Number(process.env.BENCH_WATCH_RUNS ?? 10);
const KILN = path.join(root, "bin/kiln.js");

export default async function fluxWatch() {
  if (!existsSync(path.join(root, "dist/cli/main.js"))) throw new Error("run `npm run build` first");
  const trees: Array<{ name: string; dir: string }> = [
    { name: "homelab fixture", dir: path.join(root, "test/fixtures/flux/homelab") },
  ];
  const real = process.env.KILN_REAL_REPOS;
  if (real && existsSync(real))
    for (const r of readdirSync(real)
      .filter((d) => !d.startsWith("."))
      .sort())
      trees.push({ name: r, dir: path.join(real, r) });
  const rows: string[] = [];
  for (const t of trees) {
    const work = mkdtempSync(path.join(os.tmpdir(), "kiln-bench-flux-watch-"));
    const dir = path.join(work, "repo");
    cpSync(t.dir, dir, { recursive: true, verbatimSymlinks: true });
    runCommand("git", ["init", "-q", dir]);
    const file = leafYaml(dir);
    if (!file) {
      rmSync(work, { recursive: true, force: true });
      continue;
    }
    const cold = runCommand(process.execPath, [KILN, "validate", dir, "--offline"]);
    const resources = /(\d+) resources?/.exec(cold.stdout)?.[1] ?? "?";
    const child = spawn(process.execPath, [KILN, "validate", dir, "--offline", "--watch"], {
      env: { ...process.env, CI: "true" },
    });
    const next = watchLines(child);
    const first = await next();
    const times: number[] = [];
    for (let i = 1; i <= RUNS; i++) {
      appendFileSync(file, `# changed by the benchmark ${i}\n`);
      times.push(await next());
    }
    await new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGINT");
    });
    rmSync(work, { recursive: true, force: true });
    rows.push(
      `| ${t.name} | ${resources} | ${fmtMs(cold.ms)} | ${fmtMs(first)} | ${fmtMs(median(times))} (${Math.min(...times)}–${Math.max(...times)} ms) |`,
    );
  }
  const load = os.loadavg().map((l) => l.toFixed(2));
  return {
    title: "Flux repositories: the changed-only re-run (`kiln validate --watch`)",
    markdown: `| tree | resources | cold \`kiln validate\` (process, wall) | first run in the watch | re-run after one file changed, median of ${RUNS} |
|---|---|---|---|---|
${rows.join("\n")}

Each tree is a copy outside any checkout. After each finished run one HelmRelease file gains a
comment line; the times are the watch's own \`[watch] … done in N ms\` lines (no debounce).
Load average at the end: ${load.join(", ")} (2 cores). Goal (issue 14): under 300 ms on a
500-resource repository.`,
  };
}
