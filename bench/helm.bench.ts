/**
 * HelmReleases rendered with their charts: `kiln flux build --enable-helm` (render, helm
 * processes bounded by core's mapLimit) and `kiln validate` (render + values.schema.json +
 * every object checked) against `flate build all` (flate renders Kustomizations and charts
 * in-process) on the chart fixture, and on the same repository with twelve releases of the
 * chart. Each tree is copied outside any Git checkout (flate resolves paths from the enclosing
 * Git root).
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { fmtMs, fmtRatio, median, runCommand } from "./util.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const gobin = process.env.KILN_GOBIN ?? path.join(os.homedir(), ".cache/kiln/gobin");
const flate = path.join(gobin, "flate");
const FIXTURE = path.join(root, "test/fixtures/helm/repo");

function copy(releases: number): string {
  const to = mkdtempSync(path.join(os.tmpdir(), "kiln-bench-helm-"));
  cpSync(FIXTURE, to, { recursive: true });
  if (releases > 1) {
    const hr = readFileSync(path.join(to, "apps/webapp.yaml"), "utf8");
    const more = Array.from({ length: releases - 1 }, (_, i) =>
      hr.replace("name: webapp\n", `name: webapp-${i + 2}\n`),
    );
    writeFileSync(path.join(to, "apps/webapp.yaml"), [hr, ...more].join("---\n"));
  }
  return to;
}

function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv): number {
  return median(Array.from({ length: RUNS }, () => runCommand(cmd, args, { cwd: os.tmpdir(), env }).ms));
}

export default async function helm() {
  const env = { ...process.env, PATH: `${gobin}:${process.env.PATH}` };
  const kiln = path.join(root, "bin/kiln.js");
  const rows: string[] = [];
  for (const releases of [1, 12]) {
    const dir = copy(releases);
    const objects = JSON.parse(
      runCommand(process.execPath, [kiln, "flux", "build", "--path", dir, "--enable-helm", "-o", "json"], {
        env,
      }).stdout || "[]",
    ).length;
    const build = timed(process.execPath, [kiln, "flux", "build", "--path", dir, "--enable-helm"], env);
    const validate = timed(process.execPath, [kiln, "validate", dir, "--offline"], env);
    const fl = existsSync(flate) ? timed(flate, ["build", "all", "--path", dir], env) : undefined;
    rows.push(
      `| fixture, ${releases} release${releases === 1 ? "" : "s"} | ${objects} | ${fmtMs(build)} | ${fmtMs(validate)} | ${fl ? fmtMs(fl) : "–"} | ${fl ? fmtRatio(build / fl) : "–"} |`,
    );
  }
  return {
    title: "HelmReleases: charts rendered with helm (kiln) against flate",
    markdown: `| tree | objects | \`kiln flux build --enable-helm\` | \`kiln validate\` (render + values schema + checks) | \`flate build all\` | kiln build ÷ flate |
|---|---|---|---|---|---|
${rows.join("\n")}

Wall time, median of ${RUNS} cold process runs each, offline; the chart is a local folder of the
repository (test/fixtures/helm/repo). kiln runs the real \`helm template\` once per release (at most
four at a time); flate links helm as a library.`,
  };
}
