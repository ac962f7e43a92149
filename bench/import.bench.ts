/**
 * CRD import: `kiln import` against `cdk8s import` (cdk8s-cli) and `crd-generate`
 * (@kubernetes-models/crd-generate), side by side in one run, on the 70 cluster-scoped
 * DigitalOcean provider CRDs (2.7 MB) and on all 210 mirrored CRDs (8 MB) from ../shared/mirror.
 * Every run is a fresh process with an empty output folder (and, for kiln "cold", an empty
 * cache); figures are medians of wall time and peak RSS (GNU time). cdk8s takes one spec per
 * invocation, so cdk8s and crd-generate read one multi-document file with all the CRDs; kiln
 * reads the same content as separate files, as a project's pinned URLs give it. The goal row is
 * `kiln import --validators`: types and every kind's compiled validator (in the cache), against
 * cdk8s's types only. A profiled kiln run says where kiln's time goes.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { fmtMs, fmtRatio, median, runCommand } from "./util.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const work = path.join(here, ".work", "import");
const RUNS = Math.max(3, Number(process.env.BENCH_RUNS ?? 3));

interface Entry {
  url: string;
  path: string;
}

interface Measure {
  wall: number;
  peak: number;
  bytes: number;
}

function mirror(): string | undefined {
  const d = process.env.KILN_MIRROR || path.resolve(root, "../shared/mirror");
  try {
    statSync(path.join(d, "index.json"));
    return d;
  } catch {
    return undefined;
  }
}

function dirBytes(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) n += statSync(path.join(e.parentPath, e.name)).size;
  }
  return n;
}

/** Runs `args()` RUNS times, each in a fresh output folder; medians of wall and peak RSS. */
function measure(
  name: string,
  cmd: string,
  args: (out: string, run: number) => string[],
  env: (run: number) => NodeJS.ProcessEnv = () => ({}),
): Measure {
  const walls: number[] = [];
  const peaks: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const out = path.join(work, "out", name);
    rmSync(out, { recursive: true, force: true });
    const r = runCommand(cmd, args(out, i), { cwd: work, env: { ...process.env, CI: "true", ...env(i) } });
    if (r.status !== 0) throw new Error(`${name} failed (${r.status}): ${r.stderr.slice(-2000)}`);
    walls.push(r.ms);
    if (r.peakMb) peaks.push(r.peakMb);
    bytes = dirBytes(out);
  }
  return { wall: median(walls), peak: peaks.length ? median(peaks) : Number.NaN, bytes };
}

/** Share of CPU samples per area in one profiled kiln run. */
function whereTimeGoes(files: string[]): string {
  const prof = path.join(work, "prof");
  rmSync(prof, { recursive: true, force: true });
  const cache = path.join(work, "cache-prof");
  rmSync(cache, { recursive: true, force: true });
  const r = spawnSync(
    process.execPath,
    [
      "--cpu-prof",
      "--cpu-prof-dir",
      prof,
      path.join(root, "bin/kiln.js"),
      "import",
      ...files,
      "--out",
      path.join(work, "out", "prof"),
      "--validators",
      "--workers",
      "0",
    ],
    { cwd: work, env: { ...process.env, CI: "true", KILN_CACHE: cache }, encoding: "utf8" },
  );
  if (r.status !== 0) return `(profile failed: ${r.stderr})`;
  const file = readdirSync(prof).find((f) => f.endsWith(".cpuprofile"))!;
  const p = JSON.parse(readFileSync(path.join(prof, file), "utf8")) as {
    nodes: Array<{ id: number; callFrame: { url: string; functionName: string } }>;
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const areas = new Map<string, number>();
  let total = 0;
  p.samples.forEach((s, i) => {
    const { url, functionName } = byId.get(s)!.callFrame;
    const d = p.timeDeltas[i] ?? 0;
    total += d;
    const area = url.includes("node_modules/js-yaml/")
      ? "YAML parsing (js-yaml)"
      : url.includes("node_modules/yaml/")
        ? "YAML parsing (yaml: files the js-yaml path declines, module load)"
        : /\/dist\/import\/(validator|closure-validator|ajv-schema)\.js/.test(url)
          ? "validators (translation, check, cache entries)"
          : functionName === "(garbage collector)"
            ? "garbage collection"
            : url.includes("/dist/import/typegen")
              ? "type generation"
              : url.includes("/dist/")
                ? "kiln (schema model, structural checks, hashing, writes)"
                : "Node (module loading, fs, crypto) and other";
    areas.set(area, (areas.get(area) ?? 0) + d);
  });
  return [...areas]
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${((100 * v) / total).toFixed(0)}%`)
    .join(", ");
}

export default async function () {
  const m = mirror();
  if (!m)
    return {
      title: "CRD import",
      markdown: "Skipped: ../shared/mirror (pinned upstream CRDs) is not present.",
    };
  // kiln runs from dist/ (as users run it); build it from the current sources first.
  const tsc = spawnSync(
    process.execPath,
    [path.join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
    { cwd: root, encoding: "utf8" },
  );
  if (tsc.status !== 0) throw new Error(`build failed: ${tsc.stdout}${tsc.stderr}`);
  mkdirSync(work, { recursive: true });
  const index = JSON.parse(readFileSync(path.join(m, "index.json"), "utf8")) as Entry[];
  const sets = [
    {
      name: "70 DigitalOcean cluster-scoped CRDs",
      id: "do70",
      entries: index.filter(
        (e) => e.url.includes("provider-upjet-digitalocean") && !e.url.includes(".m.crossplane.io"),
      ),
    },
    { name: "all 210 mirrored CRDs", id: "all210", entries: index },
  ];
  const kilnBin = path.join(root, "bin/kiln.js");
  const cdk8s = path.join(root, "node_modules/.bin/cdk8s");
  const crdGenerate = path.join(root, "node_modules/.bin/crd-generate");
  const sections: string[] = [];
  for (const set of sets) {
    const files = set.entries.map((e) => path.join(m, e.path));
    const bundle = path.join(work, `${set.id}.yaml`);
    writeFileSync(bundle, files.map((f) => readFileSync(f, "utf8").replace(/\n*$/, "\n")).join("---\n"));
    const mb = (statSync(bundle).size / 1e6).toFixed(1);
    const cacheOf = (tag: string, run: number) => path.join(work, `cache-${set.id}-${tag}-${run}`);
    const fresh = (tag: string) => (run: number) => {
      rmSync(cacheOf(tag, run), { recursive: true, force: true });
      return { KILN_CACHE: cacheOf(tag, run) };
    };
    const kilnArgs = (extra: string[]) => (out: string) => [
      kilnBin,
      "import",
      ...files,
      "--out",
      out,
      ...extra,
    ];
    const rows: Array<[string, Measure]> = [];
    rows.push([
      `kiln import (types + schemas; validators compile on first use)`,
      measure(`kiln-${set.id}`, process.execPath, kilnArgs([]), fresh("cold")),
    ]);
    rows.push([
      `kiln import, warm cache (parsed CRDs reused)`,
      measure(`kiln-warm-${set.id}`, process.execPath, kilnArgs([]), (run) => ({
        KILN_CACHE: cacheOf("cold", run),
      })),
    ]);
    rows.push([
      `kiln import --validators (types + every validator translated, checked and cached; closures are built where it is used)`,
      measure(`kiln-val-${set.id}`, process.execPath, kilnArgs(["--validators"]), fresh("val")),
    ]);
    const c = measure(`cdk8s-${set.id}`, cdk8s, (out) => [
      "import",
      "--language",
      "typescript",
      "--output",
      out,
      bundle,
    ]);
    rows.push(["cdk8s import (types only)", c]);
    rows.push([
      "crd-generate (types + schemas for ajv)",
      measure(`crdgen-${set.id}`, crdGenerate, (out) => ["--input", bundle, "--output", out]),
    ]);
    const types = rows[0]![1];
    const kiln = rows[2]![1];
    const goal = kiln.wall <= c.wall / 4 && kiln.peak <= 150;
    sections.push(`### ${set.name} (${mb} MB)

| tool | wall (median of ${RUNS}) | peak RSS | output | cdk8s ÷ tool (wall) |
|---|---|---|---|---|
${rows.map(([n, r]) => `| ${n} | ${fmtMs(r.wall)} | ${r.peak.toFixed(0)} MB | ${(r.bytes / 1e6).toFixed(1)} MB | ${fmtRatio(c.wall / r.wall)} |`).join("\n")}

Goal (types and validators in ≤ ¼ of cdk8s's wall time, ≤ 150 MB peak): **${goal ? "met" : "not met"}** — \`kiln import --validators\` takes ${((100 * kiln.wall) / c.wall).toFixed(0)}% of cdk8s's time at ${kiln.peak.toFixed(0)} MB; types and schemas alone (validators compiled on first use) ${((100 * types.wall) / c.wall).toFixed(0)}% at ${types.peak.toFixed(0)} MB.

Where kiln's time goes (CPU profile of one cold \`--validators\` run on the main thread): ${whereTimeGoes(files)}.`);
  }
  return {
    title: "CRD import",
    markdown: `${sections.join("\n\n")}

Measured by \`npm run bench import\`: every run is a fresh process writing into an empty folder; "cold" means an empty kiln cache (no parsed CRDs, no validator entries). Building a kind's closures from its cache entry, in the process that validates, costs ~15 ms for all 70 DigitalOcean kinds once warm; doing it in the import too would add ~45 ms to the 70-CRD row. kiln runs on the main thread by default (worker threads only for inputs of 16 MB or more, or with \`--workers N\`). Peer figures in FACTS.md for the 70 (cdk8s 1.73 s / 217 MB, crd-generate 5.34 s / 353 MB) were taken on an idle machine; compare ratios from the same run.`,
  };
}
