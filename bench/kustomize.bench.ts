/**
 * kustomize: kiln's `buildKustomization` (in process, as `kiln flux build` and `kiln validate`
 * call it) against the real `kustomize build` (one process per kustomization, as flux-local runs
 * it) on the differential fixtures, and on every kustomization of the repositories in
 * KILN_REAL_REPOS when it is set (their content is read, never committed). Both build the same
 * folders; the row says how many objects came out, so a faster side that builds less would show.
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildKustomization, createBuildCache } from "../src/kustomize/index.ts";
import { kustomizationFileIn } from "../src/kustomize/load.ts";
import { peer } from "../test/helpers/env.ts";
import { kustomizationFolders } from "../test/helpers/kustomize.ts";
import { fmtMs, fmtRatio, median, medianMs, runCommand } from "./util.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.resolve(here, "../test/fixtures/kustomize");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

interface Row {
  name: string;
  folders: number;
  kilnMs: number;
  /** A second build of every folder with the first run's cache (no file changed). */
  warmMs: number;
  kilnObjects: number;
  kustomizeMs: number;
  kustomizeObjects: number;
}

async function measure(name: string, root: string, dirs: string[], bin: string, runs: number): Promise<Row> {
  let kilnObjects = 0;
  // one parse cache per run: a repository-wide build (`kiln flux build`) shares one across Kustomizations
  const kilnMs = await medianMs(runs, async () => {
    kilnObjects = 0;
    const cache = createBuildCache();
    for (const d of dirs) kilnObjects += (await buildKustomization(d, { root, cache })).objects.length;
  });
  const warm = createBuildCache();
  for (const d of dirs) await buildKustomization(d, { root, cache: warm });
  const warmMs = await medianMs(runs, async () => {
    for (const d of dirs) await buildKustomization(d, { root, cache: warm });
  });
  const totals: number[] = [];
  let kustomizeObjects = 0;
  for (let i = 0; i < runs; i++) {
    let total = 0;
    kustomizeObjects = 0;
    for (const d of dirs) {
      const r = runCommand(bin, ["build", "--load-restrictor", "LoadRestrictionsNone", d]);
      total += r.ms;
      if (r.status === 0) kustomizeObjects += r.stdout.split(/^---$/m).filter((s) => s.trim()).length;
    }
    totals.push(total);
  }
  return {
    name,
    folders: dirs.length,
    kilnMs,
    warmMs,
    kilnObjects,
    kustomizeMs: median(totals),
    kustomizeObjects,
  };
}

export default async function () {
  const bin = peer("kustomize");
  if (!bin)
    return {
      title: "kustomize: kiln's kustomize stage vs kustomize build",
      markdown: "Not measured: no `kustomize` binary (install v5.8.1 with .ci/run).",
    };
  const rows: Row[] = [];
  const fixtureDirs = readdirSync(FIXTURES)
    .map((d) => path.join(FIXTURES, d))
    .filter(
      (d) => statSync(d).isDirectory() && kustomizationFileIn(d) && !path.basename(d).startsWith("error-"),
    );
  rows.push(await measure("differential fixtures", FIXTURES, fixtureDirs, bin, RUNS));
  const real = process.env.KILN_REAL_REPOS;
  if (real)
    for (const repo of readdirSync(real).sort()) {
      const root = path.join(real, repo);
      rows.push(
        await measure(
          `${repo} (every kustomization)`,
          root,
          kustomizationFolders(root),
          bin,
          Math.min(RUNS, 3),
        ),
      );
    }
  const table = [
    "| input | kustomizations | kiln (in process) | kiln re-run, warm cache | `kustomize build` (a process each) | kustomize / kiln | objects kiln / kustomize |",
    "|---|---:|---:|---:|---:|---:|---:|",
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.folders} | ${fmtMs(r.kilnMs)} | ${fmtMs(r.warmMs)} | ${fmtMs(r.kustomizeMs)} | ${fmtRatio(r.kustomizeMs / r.kilnMs)} | ${r.kilnObjects} / ${r.kustomizeObjects} |`,
    ),
  ].join("\n");
  return {
    title: "kustomize: kiln's kustomize stage vs kustomize build",
    markdown: `${table}

kiln: \`buildKustomization\` for every folder in one warm Node process, sharing one parse cache
per run (median of ${RUNS} runs); the re-run builds every folder again with a cache that has
read them all (no file changed: what a changed-only re-run costs beyond the changed files);
kustomize v5.8.1: \`kustomize build --load-restrictor LoadRestrictionsNone\` per folder, as
flux-local calls it, summed (median of the runs). Real repositories come from KILN_REAL_REPOS${real ? "" : " (not set on this run, so only the fixtures are measured)"}.
Folders that fail in kustomize count no objects there, while kiln reports the error and keeps
what it built (the offline remote base fixture, repository folders whose patch has no target).`,
  };
}
