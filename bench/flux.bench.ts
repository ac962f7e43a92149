/**
 * Flux repositories: render + validate a repository cold with `kiln validate` (repository mode)
 * and render only with `kiln flux build`, against `flate test ks` and, when installed,
 * `flux-local test` on the same tree. Trees: the homelab fixture, and every repository in
 * KILN_REAL_REPOS (a folder of checked-out Flux repositories) when it is set. Each tree is copied
 * outside any Git checkout first (flate resolves paths from the enclosing Git root). flate and
 * flux-local try to fetch chart sources; offline, each such fetch fails and is counted in their time.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync } from "node:fs";
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
  cpSync(dir, to, { recursive: true });
  return to;
}

function timed(cmd: string, args: string[], env?: NodeJS.ProcessEnv): { ms: number; mb?: number } {
  const runs = Array.from({ length: RUNS }, () =>
    runCommand(cmd, args, { cwd: os.tmpdir(), ...(env ? { env } : {}) }),
  );
  const mbs = runs.flatMap((r) => (r.peakMb ? [r.peakMb] : []));
  return { ms: median(runs.map((r) => r.ms)), ...(mbs.length ? { mb: Math.max(...mbs) } : {}) };
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
  for (const t of trees) {
    const objects = JSON.parse(
      runCommand(process.execPath, [kiln, "flux", "build", "--path", t.dir, "-o", "json", "--secrets"])
        .stdout || "[]",
    ).length;
    const validate = timed(process.execPath, [kiln, "validate", t.dir, "--offline"]);
    const build = timed(process.execPath, [kiln, "flux", "build", "--path", t.dir]);
    const fl = existsSync(flate) ? timed(flate, ["test", "ks", "--path", t.dir]) : undefined;
    const local = existsSync(fluxLocal)
      ? timed(fluxLocal, ["test", "--path", t.dir], {
          ...process.env,
          PATH: `${venv}:${gobin}:${process.env.PATH}`,
        })
      : undefined;
    const mb = (x?: { mb?: number }) => (x?.mb ? ` (peak ${x.mb.toFixed(0)} MB)` : "");
    rows.push(
      `| ${t.name} | ${objects} | ${fmtMs(validate.ms)}${mb(validate)} | ${fmtMs(build.ms)} | ${fl ? fmtMs(fl.ms) + mb(fl) : "–"} | ${local ? fmtMs(local.ms) : "–"} | ${fl ? fmtRatio(validate.ms / fl.ms) : "–"} | ${local ? fmtRatio(local.ms / validate.ms) : "–"} |`,
    );
  }
  return {
    title: "Flux repositories: render + validate (kiln) against flate and flux-local",
    markdown: `| tree | objects | \`kiln validate\` (render + schemas, CEL, references) | \`kiln flux build\` (render) | \`flate test ks\` | \`flux-local test\` | kiln validate ÷ flate | flux-local ÷ kiln validate |
|---|---|---|---|---|---|---|---|
${rows.join("\n")}

Wall time, median of ${RUNS} cold process runs each, offline. flate and flux-local spend part of
their time failing to reach chart sources (no network here); kiln does not fetch charts.
Changed-only re-runs are not measured yet (kiln has no changed-only mode).`,
  };
}
