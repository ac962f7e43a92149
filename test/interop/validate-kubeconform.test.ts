/**
 * Differential test: kiln's verdicts against kubeconform v0.7.0's on a corpus of valid and
 * invalid objects of the mirrored CRD kinds, with kubeconform given JSON schemas produced from
 * the same CRDs. For the rules kubeconform implements (structural schema, -strict unknown
 * fields) the verdicts must agree; every disagreement must be one of the explained ones below,
 * which docs/validate.md lists.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SchemaRegistry } from "../../src/validate/registry.ts";
import { validatePaths } from "../../src/validate/validate.ts";
import { MIRROR_SKIP, mirrorDir, peer, peerSkip } from "../helpers/env.ts";
import { corpus, writeCorpus } from "../validate/corpus.ts";
import { writeKubeconformSchemas } from "../validate/kubeconform.ts";

const mirror = mirrorDir();
const kubeconform = peer("kubeconform");
const skip = !mirror ? MIRROR_SKIP : !kubeconform ? peerSkip("kubeconform") : "";

/**
 * Disagreements by kind of corpus entry, with the reason. Keep in sync with docs/validate.md
 * ("Agreement with kubeconform").
 */
const EXPLAINED: Array<[RegExp, string]> = [
  [/-cel$/, "x-kubernetes-validations (CEL): kubeconform does not evaluate them"],
  [/-bad-name$/, "metadata.name must be a DNS-1123 subdomain: kubeconform does not check object names"],
];
const explain = (name: string) => EXPLAINED.find(([re]) => re.test(name))?.[1];

type Verdict = "valid" | "invalid";

describe.skipIf(Boolean(skip))(`kiln vs kubeconform ${skip}`, () => {
  it("agree on every corpus object except the explained ones", async () => {
    const work = mkdtempSync(path.join(os.tmpdir(), "kiln-diff-"));
    const files = writeCorpus(path.join(work, "corpus"));
    const groups = new Set([...corpus().values()].map((o) => String(o.apiVersion).split("/")[0]!));
    const registry = await SchemaRegistry.create({
      mirror: mirror!,
      network: false,
      cacheDir: path.join(work, "cache"),
    });
    await registry.ensureGroups(groups);
    const location = writeKubeconformSchemas(
      registry.all().filter((k) => groups.has(k.group)),
      path.join(work, "schemas"),
    );

    const kc = spawnSync(
      kubeconform!,
      ["-strict", "-output", "json", "-schema-location", location, path.join(work, "corpus")],
      { encoding: "utf8" },
    );
    const kcResults = JSON.parse(kc.stdout) as {
      resources: Array<{ filename: string; status: string; msg?: string }>;
    };
    const theirs = new Map<string, Verdict>();
    for (const r of kcResults.resources) {
      theirs.set(path.basename(r.filename, ".yaml"), r.status === "statusValid" ? "valid" : "invalid");
    }
    // kubeconform lists only invalid resources in JSON output unless -summary/-verbose: fill in valids.
    for (const name of files.keys()) if (!theirs.has(name)) theirs.set(name, "valid");

    const report = await validatePaths([path.join(work, "corpus")], {
      strict: true,
      secretPolicy: false,
      schemas: { mirror: mirror!, network: false, cacheDir: path.join(work, "cache") },
    });
    const ours = new Map<string, Verdict>([...files.keys()].map((n) => [n, "valid"]));
    const why = new Map<string, string[]>();
    for (const d of report.diagnostics) {
      if (d.severity !== "error" || d.rule?.startsWith("ref/")) continue;
      const name = path.basename(d.file!, ".yaml");
      ours.set(name, "invalid");
      why.set(name, [...(why.get(name) ?? []), `${d.rule}: ${d.message}`]);
    }

    const disagreements = [...files.keys()]
      .filter((n) => ours.get(n) !== theirs.get(n))
      .map((n) => ({ name: n, kiln: ours.get(n), kubeconform: theirs.get(n), why: why.get(n) ?? [] }));
    const unexplained = disagreements.filter((d) => !explain(d.name) || d.kiln !== "invalid");
    const stale = EXPLAINED.filter(([re]) => !disagreements.some((d) => re.test(d.name))).map(
      ([, why]) => why,
    );
    for (const d of disagreements)
      process.stdout.write(
        `  ${d.name}: kiln ${d.kiln}, kubeconform ${d.kubeconform} — ${explain(d.name) ?? "UNEXPLAINED"}\n`,
      );
    const agreed = files.size - disagreements.length;
    process.stdout.write(
      `kiln vs kubeconform: ${agreed}/${files.size} verdicts agree; ${disagreements.length} explained disagreements\n`,
    );
    expect(unexplained).toEqual([]);
    expect(stale).toEqual([]);
    // The corpus must exercise both verdicts on both sides.
    expect([...theirs.values()]).toContain("valid");
    expect([...theirs.values()]).toContain("invalid");
  });
});
