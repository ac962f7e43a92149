/**
 * `kiln scan` beside gitleaks v8.30.1 (default rules, `gitleaks dir`): on the generated corpus
 * (test/scan/corpus.ts, plus SOPS files kiln encrypted) each tool reports exactly the files the
 * corpus says it does — docs/scan.md's comparison table; on real repositories (KILN_REAL_REPOS,
 * one folder per repository) every line gitleaks reports, kiln reports too.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { scanPaths } from "../../src/scan/scan.ts";
import { encryptFileText } from "../../src/secrets/sops.ts";
import { peer, peerSkip } from "../helpers/env.ts";
import { corpus, writeCorpus } from "../scan/corpus.ts";
import { FLUX_SOPS, identity } from "../secrets/helpers.ts";

const gitleaks = peer("gitleaks");

interface Leak {
  File: string;
  StartLine: number;
  RuleID: string;
}

function runGitleaks(dir: string): Leak[] {
  const report = path.join(os.tmpdir(), `kiln-gitleaks-${process.pid}-${path.basename(dir)}.json`);
  const r = spawnSync(
    gitleaks as string,
    ["dir", dir, "--no-banner", "--report-format", "json", "--report-path", report, "--exit-code", "0"],
    { encoding: "utf8" },
  );
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(readFileSync(report, "utf8")) as Leak[];
}

const rel = (root: string, f: string) => path.relative(root, path.resolve(f)).split(path.sep).join("/");

describe.skipIf(!gitleaks)(gitleaks ? "kiln scan vs gitleaks" : peerSkip("gitleaks"), () => {
  it("the corpus: each tool reports the files docs/scan.md says", async () => {
    const cases = corpus();
    const { recipient } = await identity();
    const secret = cases.find((c) => c.kiln === "plaintext-secret")!;
    const sopsYaml = await encryptFileText(secret.text, {
      file: "s.yaml",
      recipients: [recipient],
      ...FLUX_SOPS,
    });
    const sopsEnv = await encryptFileText(cases[0]!.text, { file: "a.env", recipients: [recipient] });
    const dir = writeCorpus(cases, { "sops/secret.sops.yaml": sopsYaml, "sops/app.sops.env": sopsEnv });
    const ours = new Set(scanPaths([dir]).diagnostics.map((d) => rel(dir, d.file!)));
    const theirs = new Set(runGitleaks(dir).map((l) => rel(dir, l.File)));
    const table = cases.map((c) => [c.file, ours.has(c.file), theirs.has(c.file)]);
    expect(table).toEqual(cases.map((c) => [c.file, c.kiln !== null, c.gitleaks]));
    for (const f of ["sops/secret.sops.yaml", "sops/app.sops.env"]) {
      expect(ours.has(f), f).toBe(false);
      expect(theirs.has(f), f).toBe(false);
    }
  });

  const real = process.env.KILN_REAL_REPOS;
  const repos =
    real && existsSync(real)
      ? readdirSync(real)
          .filter((d) => statSync(path.join(real, d)).isDirectory())
          .sort()
      : [];
  it.skipIf(repos.length === 0)(
    repos.length ? `real repositories: ${repos.join(", ")}` : "skipped: KILN_REAL_REPOS is not set",
    () => {
      for (const repo of repos) {
        const root = path.join(real!, repo);
        const ours = scanPaths([root]).diagnostics.map((d) => `${rel(root, d.file!)}:${d.line}`);
        const theirs = runGitleaks(root).map((l) => `${rel(root, l.File)}:${l.StartLine}`);
        const missed = theirs.filter((t) => !ours.includes(t));
        expect(missed, `${repo}: lines gitleaks reports and kiln does not`).toEqual([]);
        console.log(
          `${repo}: kiln ${ours.length} findings, gitleaks ${theirs.length}, kiln only ${ours.filter((o) => !theirs.includes(o)).length}`,
        );
      }
    },
  );
});
