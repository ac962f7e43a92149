/**
 * The whole homelab output, validated strictly against the CRDs its kiln.config.ts pins (read
 * from the offline mirror, checked against kiln.lock): schemas, CEL rules, references and the
 * Kustomization paths in the tree as it sits in this repository.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  type CrdSource,
  type KubeObject,
  parseApiVersion,
  ResourceGraph,
  renderControlPlane,
  synth,
  validateGraph,
} from "kiln";
import { crdSchemasFromText, type KindSchema } from "kiln/import";
import { afterAll, describe, expect, it } from "vitest";
import config from "../../examples/homelab/kiln.config.ts";
import { REPO_PATH } from "../../examples/homelab/main.ts";
import { MIRROR_SKIP, mirrorDir, ROOT } from "../helpers/env.ts";

const mirror = mirrorDir();
const HOMELAB = path.join(ROOT, "examples/homelab");

/** The project's CRDs from the mirror, each checked against its kiln.lock pin. */
function projectSchemas(dir: string): KindSchema[] {
  const lock = JSON.parse(readFileSync(path.join(HOMELAB, "kiln.lock"), "utf8")) as {
    artifacts: Array<{ url: string; sha256: string }>;
  };
  const pins = new Map(lock.artifacts.map((a) => [a.url, a.sha256]));
  return (config.crds ?? []).flatMap((s: CrdSource) => {
    const url = typeof s === "string" ? s : (s as { url: string }).url;
    const text = readFileSync(path.join(dir, url.replace(/^https:\/\//, "")), "utf8");
    expect(createHash("sha256").update(text).digest("hex"), url).toBe(pins.get(url));
    return crdSchemasFromText(text, url).kinds;
  });
}

describe.skipIf(!mirror)("homelab output against the mirrored CRDs (strict)", async () => {
  if (!mirror) return;
  const { graph } = await renderControlPlane(HOMELAB);
  // The Gateway XR is checked against the schema kiln derives from its XRD in the graph.
  const kindSchemas = projectSchemas(mirror);
  // Lay the tree out where Flux finds it: <repository>/examples/homelab/out.
  const repo = mkdtempSync(path.join(os.tmpdir(), "kiln-homelab-"));
  afterAll(() => rmSync(repo, { recursive: true, force: true }));
  await synth(graph, path.join(repo, REPO_PATH));
  const opts = { strict: true, kindSchemas, schemas: { catalog: false }, treeRoot: repo };

  it("has zero errors, zero warnings and no kind without a schema", async () => {
    const report = await validateGraph(graph, opts);
    expect(report.diagnostics).toEqual([]);
    expect(report.summary.withoutSchema).toBe(0);
    expect(report.summary.resources).toBe(graph.size);
    expect(report.summary.rulesEvaluated).toBeGreaterThan(0);
  });

  it("reports a field the pinned CRD does not allow (so the check above can fail)", async () => {
    const bad = new ResourceGraph();
    const release = graph.objects().find((o) => o.kind === "HelmRelease")!;
    const broken: KubeObject = structuredClone(release);
    (broken.spec as { install: { crds: string } }).install.crds = "Sometimes";
    bad.add(broken, { unit: [] });
    const report = await validateGraph(bad, opts);
    expect(report.summary.errors).toBeGreaterThan(0);
    expect(report.diagnostics.map((d) => d.path)).toContain("spec.install.crds");
  });

  it("kiln.config.ts covers every API group of the output but the core ones and the XR's", () => {
    const groups = new Set(graph.objects().map((o) => parseApiVersion(o.apiVersion).group));
    const covered = new Set(kindSchemas.map((k) => k.group));
    const missing = [...groups].filter((g) => !covered.has(g)).sort();
    expect(missing).toEqual(["", "apps", "platform.kiln.dev"]);
  });
});

describe.skipIf(mirror)("homelab strict validation", () => {
  it.skip(MIRROR_SKIP, () => {});
});
