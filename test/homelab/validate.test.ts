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
  crdSchemasFromText,
  type KindSchema,
  type KubeObject,
  parseApiVersion,
  ResourceGraph,
  render,
  synth,
  validateGraph,
} from "kiln";
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

/**
 * The XR's schema as Crossplane serves it: the XRD's own openAPIV3Schema for each served version
 * (Crossplane adds `spec.crossplane` and status conditions, which the XR here does not set).
 */
function xrdSchemas(graph: ResourceGraph): KindSchema[] {
  return graph
    .objects()
    .filter((o) => o.kind === "CompositeResourceDefinition")
    .flatMap((xrd) => {
      const spec = xrd.spec as {
        group: string;
        names: { kind: string; plural: string };
        scope?: string;
        versions: Array<{
          name: string;
          served: boolean;
          schema: { openAPIV3Schema: Record<string, unknown> };
        }>;
      };
      return spec.versions
        .filter((v) => v.served)
        .map((v) => ({
          group: spec.group,
          version: v.name,
          kind: spec.names.kind,
          apiVersion: `${spec.group}/${v.name}`,
          plural: spec.names.plural,
          scope: spec.scope === "Namespaced" ? ("Namespaced" as const) : ("Cluster" as const),
          schema: v.schema.openAPIV3Schema,
          source: `XRD ${xrd.metadata.name}`,
        }));
    });
}

describe.skipIf(!mirror)("homelab output against the mirrored CRDs (strict)", async () => {
  if (!mirror) return;
  const graph = await render(HOMELAB);
  const kindSchemas = [...projectSchemas(mirror), ...xrdSchemas(graph)];
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

  it("covers every API group the output uses", () => {
    const groups = new Set(graph.objects().map((o) => parseApiVersion(o.apiVersion).group));
    const covered = new Set(kindSchemas.map((k) => k.group));
    for (const g of groups) if (g !== "" && g !== "apps") expect(covered.has(g), g).toBe(true);
  });
});

describe.skipIf(mirror)("homelab strict validation", () => {
  it.skip(MIRROR_SKIP, () => {});
});
