/**
 * Validate: a corpus of ≥ 50,000 resources — the reference control plane (examples/homelab)
 * synthesized many times over, plus valid and invalid objects of the mirrored CRD kinds — checked
 * by `kiln validate` (schemas, CEL, metadata, references, policies; worker threads) and by
 * kubeconform v0.7.0 (-strict, JSON schemas produced from the same mirrored CRDs), side by side,
 * alternating runs, as whole processes. Figures: median wall time, resources per second, CPU time
 * (user + system, all threads: on a shared, noisy machine the steadier measure of work done), peak RSS.
 *
 * kubeconform cannot download its core Kubernetes schemas here and kiln's core validators ship
 * no JSON schema, so kubeconform gets an open object schema for core kinds: it does less work
 * than kiln on them, which makes the ratio conservative.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { stringifyYaml } from "../src/core/yaml.ts";
import { renderControlPlane } from "../src/model/render.ts";
import { layoutFiles } from "../src/synth/layout.ts";
import { SchemaRegistry } from "../src/validate/registry.ts";
import { mirrorDir, peer } from "../test/helpers/env.ts";
import { corpus } from "../test/validate/corpus.ts";
import { writeKubeconformSchemas, writeOpenCoreSchemas } from "../test/validate/kubeconform.ts";
import { fmtMs, fmtRatio, median, runCommand } from "./util.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TARGET = Number(process.env.BENCH_VALIDATE_N ?? 50_000);
/** CRD-kind objects per multi-document file (the homelab copies keep one resource per file). */
const PER_FILE = 50;

/** User + system CPU seconds of a run (GNU time's report), NaN when unavailable. */
function cpuSeconds(r: { stderr: string }): number {
  const user = /User time \(seconds\): ([\d.]+)/.exec(r.stderr);
  const sys = /System time \(seconds\): ([\d.]+)/.exec(r.stderr);
  return user && sys ? Number(user[1]) + Number(sys[1]) : Number.NaN;
}

export async function buildCorpus(work: string): Promise<{
  dir: string;
  resources: number;
  files: number;
  groups: Set<string>;
  core: Array<{ group: string; version: string; kind: string }>;
}> {
  const dir = path.join(work, "corpus");
  rmSync(dir, { recursive: true, force: true });
  const { graph } = await renderControlPlane(path.join(root, "examples/homelab"));
  const tree = layoutFiles(graph);
  const manifests = [...tree].filter(([p]) => /\.ya?ml$/.test(p) && !p.endsWith("kustomization.yaml"));
  const crdObjects = [...corpus().values()];
  // Half the resources from homelab copies, half from CRD-kind objects.
  const copies = Math.ceil(TARGET / 2 / graph.size);
  let resources = 0;
  let files = 0;
  for (let c = 0; c < copies; c++) {
    for (const [p, text] of manifests) {
      const file = path.join(dir, "homelab", String(c), p);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
      files++;
    }
    resources += graph.size;
  }
  const crdCount = Math.max(TARGET - resources, 0);
  for (let i = 0, f = 0; i < crdCount; f++) {
    const docs: string[] = [];
    for (let j = 0; j < PER_FILE && i < crdCount; j++, i++) {
      const o = structuredClone(crdObjects[i % crdObjects.length]!) as { metadata: { name: string } };
      o.metadata.name = `${o.metadata.name.toLowerCase().replace(/_/g, "-")}-${i}`;
      docs.push(stringifyYaml(o));
    }
    const file = path.join(dir, "crds", `batch-${String(f).padStart(5, "0")}.yaml`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, docs.join("---\n"));
    files++;
    resources += docs.length;
  }
  const groups = new Set<string>();
  const core = new Map<string, { group: string; version: string; kind: string }>();
  for (const o of [...graph.objects(), ...crdObjects]) {
    const [g, v] = String(o.apiVersion).includes("/")
      ? String(o.apiVersion).split("/")
      : ["", String(o.apiVersion)];
    groups.add(g!);
    if (!g!.includes(".") || g!.endsWith(".k8s.io"))
      core.set(`${g}/${v}/${o.kind}`, { group: g!, version: v!, kind: String(o.kind) });
  }
  return { dir, resources, files, groups, core: [...core.values()] };
}

export default async () => {
  const title = "Validate: kiln vs kubeconform";
  const mirror = mirrorDir();
  const kubeconform = peer("kubeconform");
  if (!mirror || !kubeconform) {
    return {
      title,
      markdown: `Not run: ${!mirror ? "../shared/mirror is absent" : "kubeconform is not installed"}.`,
    };
  }
  const work = path.join(here, ".work", "validate");
  mkdirSync(work, { recursive: true });
  const c = await buildCorpus(work);
  // kubeconform's schemas come from the same pinned CRDs kiln resolves through its catalog.
  const registry = await SchemaRegistry.create({ mirror, network: false });
  await registry.ensureGroups(c.groups);
  const schemaDir = path.join(work, "schemas");
  rmSync(schemaDir, { recursive: true, force: true });
  const crdLocation = writeKubeconformSchemas(
    registry.all().filter((k) => !k.source.startsWith("kubernetes-models")),
    path.join(schemaDir, "crds"),
  );
  const coreLocation = writeOpenCoreSchemas(c.core, path.join(schemaDir, "core"));
  // homelab XRs (Gateway) have no CRD: kiln validates them with the XRD found in the tree,
  // kubeconform skips them (-ignore-missing-schemas).
  const kilnArgs = [
    path.join(root, "bin/kiln.js"),
    "validate",
    c.dir,
    // file by file, as kubeconform checks them: the corpus holds synthesized Flux Kustomizations,
    // and repository mode would validate only what they apply
    "--files",
    "--strict",
    "--offline",
    "--mirror",
    mirror,
    "-o",
    "json",
    // Flux paths are resolved against the corpus, not this checkout (whose examples/homelab/out
    // may or may not have been built): the same findings on every machine.
    "--repo-root",
    c.dir,
  ];
  const kcArgs = [
    "-strict",
    "-summary",
    "-ignore-missing-schemas",
    "-schema-location",
    crdLocation,
    "-schema-location",
    coreLocation,
    c.dir,
  ];

  const kiln: Array<ReturnType<typeof runCommand>> = [];
  const kc: Array<ReturnType<typeof runCommand>> = [];
  runCommand(process.execPath, kilnArgs, { cwd: root }); // warm the content cache once
  for (let i = 0; i < RUNS; i++) {
    kiln.push(runCommand(process.execPath, kilnArgs, { cwd: root }));
    kc.push(runCommand(kubeconform, kcArgs, { cwd: root }));
  }
  // The per-file work alone, in one thread (see bench/validate/passes.mjs): what 3× would have to beat.
  const passRuns = Array.from({ length: RUNS }, () => {
    const r = runCommand(process.execPath, [path.join(here, "validate/passes.mjs"), c.dir, mirror], {
      cwd: root,
    });
    if (r.status !== 0) throw new Error(`passes.mjs failed: ${r.stderr.slice(-500)}`);
    return (JSON.parse(r.stdout) as { passes: Array<{ wallMs: number }> }).passes;
  });
  const firstPass = median(passRuns.map((p) => p[0]!.wallMs));
  const warmPass = median(passRuns.flatMap((p) => p.slice(1).map((x) => x.wallMs)));
  const k0 = JSON.parse(kiln[0]!.stdout) as {
    summary: { resources: number; errors: number; rulesEvaluated: number; notEvaluated: number };
  };
  if (k0.summary.resources !== c.resources)
    throw new Error(`kiln saw ${k0.summary.resources} resources, corpus has ${c.resources}`);
  const kcSummary =
    /Summary: (\d+) resources found in (\d+) files - Valid: (\d+), Invalid: (\d+), Errors: (\d+), Skipped: (\d+)/.exec(
      kc[0]!.stdout,
    );
  if (!kcSummary || Number(kcSummary[1]) !== c.resources)
    throw new Error(
      `kubeconform summary unexpected: ${kc[0]!.stdout.slice(-300)} ${kc[0]!.stderr.slice(-300)}`,
    );
  const kMs = median(kiln.map((r) => r.ms));
  const cMs = median(kc.map((r) => r.ms));
  const kCpu = median(kiln.map(cpuSeconds));
  const cCpu = median(kc.map(cpuSeconds));
  const kPeak = median(kiln.map((r) => r.peakMb ?? Number.NaN));
  const cPeak = median(kc.map((r) => r.peakMb ?? Number.NaN));
  const rate = (ms: number) => `${Math.round(c.resources / (ms / 1000)).toLocaleString("en-US")}/s`;
  const markdown = `
Corpus: ${c.resources.toLocaleString("en-US")} resources in ${c.files.toLocaleString("en-US")} files (examples/homelab synthesized ${Math.ceil(TARGET / 2 / 70)}× plus valid and invalid objects of 10 mirrored CRD kinds, ${PER_FILE} per file). Median of ${RUNS} alternating runs, whole processes.

| tool | checks | wall time | throughput | CPU time | peak RSS |
|---|---|---|---|---|---|
| kiln validate --strict | schemas, CEL (${k0.summary.rulesEvaluated.toLocaleString("en-US")} rule evaluations, ${k0.summary.notEvaluated} not evaluated), metadata, references, policies | ${fmtMs(kMs)} | ${rate(kMs)} | ${kCpu.toFixed(2)} s | ${kPeak.toFixed(0)} MB |
| kubeconform v0.7.0 -strict | schemas (no CEL) | ${fmtMs(cMs)} | ${rate(cMs)} | ${cCpu.toFixed(2)} s | ${cPeak.toFixed(0)} MB |

kiln throughput is **${fmtRatio(cMs / kMs)}** kubeconform's (goal ≥ 3×); per CPU second, ${fmtRatio(cCpu / kCpu)}. 3× would mean the whole run in ${fmtMs(cMs / 3)}; one thread checking every file in one process, with no start, listing, cross-resource checks or report (\`bench/validate/passes.mjs\`), takes ${fmtMs(firstPass)} on its first pass and ${fmtMs(warmPass)} once warm (medians of ${RUNS} processes). kiln found ${k0.summary.errors.toLocaleString("en-US")} errors; kubeconform ${Number(kcSummary[4]).toLocaleString("en-US")} invalid resources, ${Number(kcSummary[5]).toLocaleString("en-US")} errors, ${Number(kcSummary[6]).toLocaleString("en-US")} skipped.
kubeconform's schemas were produced from the same mirrored CRDs (\`test/validate/kubeconform.ts\`); core kinds get an open schema (see the file comment). Measured by \`npm run bench validate\`.
`;
  return { title, markdown };
};
