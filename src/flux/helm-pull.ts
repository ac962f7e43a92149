/**
 * `kiln flux charts pull`: fills kiln's chart cache with the charts the repository's
 * HelmReleases need from HelmRepositories and OCIRepositories, by running the real
 * `helm pull --untar` (networked, on purpose, never during validate). Each chart lands in a
 * temporary folder first and is renamed into `<cache>/charts/<url hash>/<chart>/<version>/`
 * (the version its Chart.yaml says), so the cache never holds half a chart.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { KilnError } from "../core/errors.ts";
import { mapLimit } from "../core/workers.ts";
import { type ChartRequest, cachedChartFolder, chartCacheDir, readChart } from "./helm-chart.ts";
import { findHelm } from "./helm-render.ts";
import { loadFluxRepository } from "./repository.ts";

export interface PullFlags {
  path?: string;
  /** The chart cache (default `<kiln cache>/charts`). */
  cacheDir?: string;
  /** The helm executable (default: `helm` on PATH). */
  helm?: string;
}

/** `helm pull` arguments for a request: a classic repository (`--repo`) or an OCI reference. */
function pullArgs(req: ChartRequest): string[] {
  const url = (req.url ?? "").replace(/\/+$/, "");
  const ref =
    req.sourceKind === "OCIRepository" ? url : url.startsWith("oci://") ? `${url}/${req.chart}` : req.chart;
  const version = req.version === "*" || req.version === "latest" ? [] : ["--version", req.version];
  return ["pull", ref, ...(url.startsWith("oci://") ? [] : ["--repo", url]), ...version, "--untar"];
}

/** Pulls every missing chart; one line per chart on stdout, failures on stderr (exit 1). */
export async function runChartsPull(
  flags: PullFlags,
): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const helm = flags.helm ?? findHelm();
  if (!helm) throw new KilnError("helm is not on PATH: `kiln flux charts pull` runs `helm pull`");
  const root = path.resolve(flags.path ?? ".");
  const cacheDir = flags.cacheDir ?? chartCacheDir();
  const repo = await loadFluxRepository(root, { helm: { render: false, cacheDir } });
  const wanted = new Map<string, ChartRequest>();
  for (const h of repo.helmReleases)
    if (h.missing?.url) wanted.set(`${h.missing.url}\0${h.missing.chart}\0${h.missing.version}`, h.missing);
  const lines: string[] = [];
  const errors: string[] = [];
  await mapLimit([...wanted.values()], 4, async (req) => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), "kiln-pull-"));
    try {
      const args = [...pullArgs(req), "--untardir", tmp];
      const err = await new Promise<string | undefined>((resolve) =>
        execFile(helm, args, { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 }, (e, _out, stderr) =>
          resolve(e ? stderr.trim().replace(/^Error: /, "") || e.message : undefined),
        ),
      );
      const what = `${req.chart} ${req.version} (${req.source}, ${req.url})`;
      if (err) {
        errors.push(`error: ${what}: helm pull failed: ${err}`);
        return;
      }
      const dirs = readdirSync(tmp).filter((d) => existsSync(path.join(tmp, d, "Chart.yaml")));
      if (dirs.length !== 1) {
        errors.push(`error: ${what}: helm pull did not leave one chart folder`);
        return;
      }
      const chart = readChart(path.join(tmp, dirs[0]!));
      const dest = path.join(cachedChartFolder(cacheDir, req.url!, req.chart), chart.version);
      if (existsSync(dest)) {
        lines.push(`cached ${req.chart} ${chart.version} (${req.source})`);
        return;
      }
      mkdirSync(path.dirname(dest), { recursive: true });
      renameSync(path.join(tmp, dirs[0]!), dest);
      lines.push(`pulled ${req.chart} ${chart.version} (${req.source}) into ${dest}`);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
  if (!wanted.size) lines.push("every chart the HelmReleases need from a chart repository is cached");
  return {
    stdout: lines
      .sort()
      .map((l) => `${l}\n`)
      .join(""),
    stderr: errors
      .sort()
      .map((l) => `${l}\n`)
      .join(""),
    exitCode: errors.length ? 1 : 0,
  };
}
