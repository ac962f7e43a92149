/**
 * Flux repositories: render + validate a repository cold with `kiln validate` (repository mode)
 * and render only with `kiln flux build`, against `flate test ks` and, when installed,
 * `flux-local test` on the same tree; then the same commands again after one file of the tree
 * changed (the changed-only re-run). Trees: the homelab fixture, and every repository in
 * KILN_REAL_REPOS (a folder of checked-out Flux repositories) when it is set. Each tree is copied
 * outside any Git checkout and made a Git repository of its own (flate and flux-local resolve
 * paths from the enclosing Git root). flate and flux-local try to fetch chart sources; offline,
 * each such fetch fails and is counted in their time. Each peer's outcome (exit status and its
 * own pass/fail summary) is printed beside its time, so a peer that stops early is not read as a
 * fast one. flux-local needs Python ≥ 3.12: `scripts/bench-peers.sh` installs it.
 */
import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { fmtMs, fmtRatio, median, runCommand } from "./util.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const gobin = process.env.KILN_GOBIN ?? path.join(os.homedir(), ".cache/kiln/gobin");
const flate = path.join(gobin, "flate");
const fluxLocal = path.join(os.homedir(), ".cache/kiln/fluxlocal-venv/bin/flux-local");

function copy(dir: string): string {
  const to = mkdtempSync(path.join(os.tmpdir(), "kiln-bench-flux-"));
  cpSync(dir, to, { recursive: true, verbatimSymlinks: true });
  const git = (...args: string[]) =>
    spawnSync("git", ["-c", "user.name=bench", "-c", "user.email=bench@localhost", ...args], { cwd: to });
  git("init", "-q");
  git("add", "-A");
  git("commit", "-qm", "bench");
  return to;
}

/** The first HelmRelease file of a tree, in sorted order (the one the changed-only runs edit). */
export function leafYaml(dir: string): string | undefined {
  const walk = (d: string): string | undefined => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name.startsWith(".")) continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        const f = walk(p);
        if (f) return f;
      } else if (e.isFile() && /^helm-?release\.ya?ml$/.test(e.name)) return p;
    }
    return undefined;
  };
  return walk(dir);
}

interface Timed {
  ms: number;
  mb?: number;
  outcome: string;
}

/** The tool's own summary of a run: exit status, and pass/fail counts where it prints them. */
function outcomeOf(r: { status: number | null; stdout: string; stderr: string }): string {
  const text = `${r.stdout}\n${r.stderr}`;
  const pytest = /=+ ([^=\n]*\b(?:passed|failed|error|errors|no tests ran)\b[^=\n]*) =+/g;
  const counts = [...text.matchAll(pytest)].at(-1)?.[1]?.replace(/ in [\d.]+s.*$/, "");
  const summary =
    counts ??
    /(\d+ passed[^\n]*)/.exec(text)?.[1] ??
    /(\d+ resources? in \d+ files?, \d+ errors?)/.exec(text)?.[1] ??
    /(?:^|\n)((?:ERROR|Error|error)[^\n]{0,80})/.exec(text)?.[1];
  return `exit ${r.status ?? "signal"}${summary ? `: ${summary.trim()}` : ""}`;
}

function timed(cmd: string, args: string[], env?: NodeJS.ProcessEnv, cwd = os.tmpdir()): Timed {
  const runs = Array.from({ length: RUNS }, () => runCommand(cmd, args, { cwd, ...(env ? { env } : {}) }));
  const mbs = runs.flatMap((r) => (r.peakMb ? [r.peakMb] : []));
  return {
    ms: median(runs.map((r) => r.ms)),
    ...(mbs.length ? { mb: Math.max(...mbs) } : {}),
    outcome: outcomeOf(runs.at(-1)!),
  };
}

export default async function flux() {
  const trees: Array<{ name: string; dir: string }> = [
    { name: "homelab fixture", dir: copy(path.join(root, "test/fixtures/flux/homelab")) },
  ];
  const real = process.env.KILN_REAL_REPOS;
  if (real && existsSync(real))
    for (const r of readdirSync(real)
      .filter((d) => !d.startsWith("."))
      .sort())
      trees.push({ name: r, dir: copy(path.join(real, r)) });
  const kiln = path.join(root, "bin/kiln.js");
  const venv = path.dirname(fluxLocal);
  const rows: string[] = [];
  const fluxLocalEnv = { ...process.env, PATH: `${venv}:${gobin}:${process.env.PATH}` };
  const tools = (dir: string) => ({
    validate: () => timed(process.execPath, [kiln, "validate", dir, "--offline"]),
    build: () => timed(process.execPath, [kiln, "flux", "build", "--path", dir]),
    flate: () => (existsSync(flate) ? timed(flate, ["test", "ks", "--path", dir]) : undefined),
    local: () => (existsSync(fluxLocal) ? fluxLocalTest(dir) : undefined),
  });
  // flux-local is pointed at each cluster's entry folder from the repository root, as its users
  // run it (`--path kubernetes/flux/cluster`); given the root it stops at the first file that is
  // not a Kubernetes object. A repository with several clusters is one run per cluster, summed.
  const fluxLocalTest = (dir: string): Timed => {
    const tree = runCommand(process.execPath, [kiln, "flux", "tree", "--path", dir]).stdout;
    const clusters = [...tree.matchAll(/^cluster (\S+)$/gm)].map((m) => m[1]!);
    const entries = [...tree.matchAll(/^[^\s│├└]\S*\/\S+ {2}(\S+) {2}\(/gm)].map((m) => m[1]!);
    const paths = [...new Set(clusters.length ? clusters : entries.length ? entries : ["."])];
    const each = paths.map((p) =>
      timed(fluxLocal, ["test", "--path", p.replace(/\/$/, "")], fluxLocalEnv, dir),
    );
    return {
      ms: each.reduce((a, x) => a + x.ms, 0),
      ...(each.some((x) => x.mb) ? { mb: Math.max(...each.map((x) => x.mb ?? 0)) } : {}),
      outcome: each.map((x, i) => `${paths[i]}: ${x.outcome}`).join("; "),
    };
  };
  const mb = (x?: { mb?: number }) => (x?.mb ? ` (peak ${x.mb.toFixed(0)} MB)` : "");
  const cell = (x?: Timed) => (x ? `${fmtMs(x.ms)}${mb(x)}` : "–");
  const outcomes: string[] = [];
  for (const t of trees) {
    const objects = JSON.parse(
      runCommand(process.execPath, [kiln, "flux", "build", "--path", t.dir, "-o", "json", "--secrets"])
        .stdout || "[]",
    ).length;
    const run = tools(t.dir);
    const cold = { validate: run.validate(), build: run.build(), flate: run.flate(), local: run.local() };
    rows.push(
      `| ${t.name} | ${objects} | cold | ${cell(cold.validate)} | ${cell(cold.build)} | ${cell(cold.flate)} | ${cell(cold.local)} | ${cold.flate ? fmtRatio(cold.validate.ms / cold.flate.ms) : "–"} | ${cold.local ? fmtRatio(cold.local.ms / cold.validate.ms) : "–"} |`,
    );
    outcomes.push(
      `| ${t.name} | ${cold.validate.outcome} | ${cold.flate?.outcome ?? "–"} | ${cold.local?.outcome ?? "–"} |`,
    );
    // The changed-only re-run: one HelmRelease file gains a comment line, then each tool runs again.
    const leaf = leafYaml(t.dir);
    if (!leaf) continue;
    appendFileSync(leaf, "# changed by the benchmark\n");
    const again = { validate: run.validate(), build: run.build(), flate: run.flate(), local: run.local() };
    rows.push(
      `| ${t.name} | ${objects} | one file changed | ${cell(again.validate)} | ${cell(again.build)} | ${cell(again.flate)} | ${cell(again.local)} | ${again.flate ? fmtRatio(again.validate.ms / again.flate.ms) : "–"} | ${again.local ? fmtRatio(again.local.ms / again.validate.ms) : "–"} |`,
    );
  }
  return {
    title: "Flux repositories: render + validate (kiln) against flate and flux-local",
    markdown: `| tree | objects | run | \`kiln validate\` (render + schemas, CEL, references) | \`kiln flux build\` (render) | \`flate test ks\` | \`flux-local test\` | kiln validate ÷ flate | flux-local ÷ kiln validate |
|---|---|---|---|---|---|---|---|---|
${rows.join("\n")}

Wall time, median of ${RUNS} process runs each, offline. "one file changed": the same commands
after one HelmRelease file of the tree gained a comment line; none of the three keeps state
between processes, so this is a full re-run (kiln's in-process re-run is \`kiln validate --watch\`,
in the watch benchmark). flate and flux-local spend part of their time failing to reach chart
sources (no network here); kiln does not fetch charts (a HelmRelease whose chart is not in the
cache is reported as not rendered).

What each tool reported on its last cold run (exit status and its own summary):

| tree | kiln validate | flate test ks | flux-local test |
|---|---|---|---|
${outcomes.join("\n")}`,
  };
}
