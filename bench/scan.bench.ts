/**
 * Secret scanning: `kiln scan` (the built CLI, bin/kiln.js: run `npm run build` first) beside
 * `gitleaks dir` v8.30.1 (default rules) on the same trees: the generated leak corpus
 * (test/scan/corpus.ts) repeated `BENCH_SCAN_COPIES` times, and every repository folder under
 * KILN_REAL_REPOS when it is set. Wall time and peak memory, medians of `BENCH_RUNS` runs. The
 * gitleaks column is empty when the binary is not in KILN_GOBIN or on PATH.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { listScanFiles } from "../src/scan/scan.ts";
import { peer } from "../test/helpers/env.ts";
import { corpus, writeCorpus } from "../test/scan/corpus.ts";
import { fmtMs, fmtRatio, median, runCommand } from "./util.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const COPIES = Number(process.env.BENCH_SCAN_COPIES ?? 200);

function measure(cmd: string, args: string[]): { ms: number; mb: number } {
  const runs = Array.from({ length: RUNS }, () => {
    const r = runCommand(cmd, args, { cwd: root });
    if (r.status !== 0 && r.status !== 1)
      throw new Error(`${path.basename(cmd)} failed: ${r.stderr.slice(0, 200)}`);
    return r;
  });
  return { ms: median(runs.map((r) => r.ms)), mb: median(runs.map((r) => r.peakMb ?? 0)) };
}

export default async function bench() {
  const cases = corpus();
  const files: Record<string, string> = {};
  for (let i = 1; i < COPIES; i++) for (const c of cases) files[`copy-${i}/${c.file}`] = c.text;
  const trees: Array<[string, string]> = [[`generated leak corpus ×${COPIES}`, writeCorpus(cases, files)]];
  const real = process.env.KILN_REAL_REPOS;
  if (real && existsSync(real))
    for (const d of readdirSync(real).sort())
      if (statSync(path.join(real, d)).isDirectory()) trees.push([d, path.join(real, d)]);
  const gitleaks = peer("gitleaks");
  const rows = trees.map(([name, dir]) => {
    const n = listScanFiles([dir]).length;
    const kiln = measure(process.execPath, [path.join(root, "bin/kiln.js"), "scan", "-o", "json", dir]);
    const peer = gitleaks
      ? measure(gitleaks, ["dir", dir, "--no-banner", "--exit-code", "0", "-l", "error"])
      : undefined;
    return `| ${name} | ${n} | ${fmtMs(kiln.ms)}, ${kiln.mb.toFixed(0)} MB | ${peer ? `${fmtMs(peer.ms)}, ${peer.mb.toFixed(0)} MB` : "—"} | ${peer ? fmtRatio(kiln.ms / peer.ms) : "—"} |`;
  });
  return {
    title: "Scan: kiln scan vs gitleaks dir",
    markdown: `| tree | files | \`kiln scan\` | \`gitleaks dir\` v8.30.1 | kiln ÷ gitleaks (wall) |
|---|---|---|---|---|
${rows.join("\n")}

Wall time and peak RSS, medians of ${RUNS} runs, each tool as a command (Node start-up included
for kiln). Real repositories are read from KILN_REAL_REPOS (one folder per repository).`,
  };
}
