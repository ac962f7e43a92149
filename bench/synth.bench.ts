/**
 * Synth: a generated control plane of 10,000 resources (10 clusters × 10 layers × 10 apps)
 * rendered and written by kiln, and the same objects through cdk8s (App → Chart → ApiObject →
 * synth). Each run is a fresh process; the figure is the in-process time from building the
 * model to files on disk (module loading excluded for both), plus wall time and peak RSS of
 * the whole process. Also `kiln --version` start-up against `cdk8s --version`.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { fmtMs, fmtRatio, median, runCommand } from "./util.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const N = Number(process.env.BENCH_SYNTH_N ?? 10000);

function side(script: string, ...extra: string[]) {
  const inner: number[] = [];
  const wall: number[] = [];
  const peak: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = runCommand(
      process.execPath,
      ["--import", "tsx", path.join(here, "synth", script), String(N), ...extra],
      {
        cwd: root,
      },
    );
    if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr}`);
    const line = JSON.parse(r.stdout.trim().split("\n").pop()!);
    inner.push(line.ms);
    wall.push(r.ms);
    if (r.peakMb) peak.push(r.peakMb);
  }
  return { inner: median(inner), wall: median(wall), peak: peak.length ? median(peak) : Number.NaN };
}

function startup(cmd: string, args: string[]) {
  const times: number[] = [];
  for (let i = 0; i < RUNS * 2; i++) {
    const r = runCommand(cmd, args, { cwd: root });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr}`);
    times.push(r.ms);
  }
  return median(times);
}

export default async function () {
  const kiln = side("kiln.ts", "unit");
  const kilnPerResource = side("kiln.ts", "resource");
  const cdk8s = side("cdk8s.ts");
  const kv = startup(process.execPath, [path.join(root, "bin/kiln.js"), "--version"]);
  const cv = startup(path.join(root, "node_modules/.bin/cdk8s"), ["--version"]);
  const markdown = `
| ${N.toLocaleString("en")} resources | kiln \`--files unit\` | kiln \`--files resource\` | cdk8s ${cdk8sVersion()} | cdk8s ÷ kiln (unit) | cdk8s ÷ kiln (resource) |
|---|---|---|---|---|---|
| model → files on disk (median of ${RUNS}) | ${fmtMs(kiln.inner)} | ${fmtMs(kilnPerResource.inner)} | ${fmtMs(cdk8s.inner)} | **${fmtRatio(cdk8s.inner / kiln.inner)}** | ${fmtRatio(cdk8s.inner / kilnPerResource.inner)} |
| whole process, wall | ${fmtMs(kiln.wall)} | ${fmtMs(kilnPerResource.wall)} | ${fmtMs(cdk8s.wall)} | ${fmtRatio(cdk8s.wall / kiln.wall)} | ${fmtRatio(cdk8s.wall / kilnPerResource.wall)} |
| whole process, peak RSS | ${kiln.peak.toFixed(0)} MB | ${kilnPerResource.peak.toFixed(0)} MB | ${cdk8s.peak.toFixed(0)} MB | ${fmtRatio(cdk8s.peak / kiln.peak)} | ${fmtRatio(cdk8s.peak / kilnPerResource.peak)} |

| start-up | kiln | cdk8s | cdk8s ÷ kiln |
|---|---|---|---|
| \`--version\` (median of ${RUNS * 2}) | ${fmtMs(kv)} | ${fmtMs(cv)} | ${fmtRatio(cv / kv)} |

Same objects on both sides: 10 clusters × 10 layers × 10 apps, Deployments, Services,
ConfigMaps and HelmReleases. cdk8s writes one YAML file per chart (one chart per app unit,
${N / 10} charts); kiln \`--files unit\` writes one file per app unit plus a \`kustomization.yaml\`
per folder and a Flux Kustomization per layer (the comparable layout); \`--files resource\` writes
one file per resource (${N.toLocaleString("en")}+ files), where file creation on this disk
(~0.3 ms per file) dominates. Goal: kiln ≥ 3× faster.
Measured with \`npm run bench synth\`.`;
  return { title: "Synth: 10,000 resources, kiln vs cdk8s", markdown };
}

function cdk8sVersion(): string {
  const r = runCommand(process.execPath, ["-p", "require('cdk8s/package.json').version"], { cwd: root });
  return r.stdout.trim();
}
