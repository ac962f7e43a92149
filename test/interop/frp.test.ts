/**
 * kiln's frp verdicts against the real frpc/frps v0.70 binaries, on every case of the unit table.
 * frp cannot be installed by `go install` (its go.mod has a replace directive): .ci/run builds them
 * from the module source into KILN_GOBIN. Skips with a reason where neither that nor PATH has them.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { verifyFrpcText, verifyFrpsText } from "kiln/frp";
import { describe, expect, it } from "vitest";
import { type Case, client, server } from "../frp/cases.ts";
import { mutants } from "../frp/mutate.ts";
import { peer, ROOT } from "../helpers/env.ts";

function version(bin: string | undefined): string | undefined {
  if (!bin) return undefined;
  return execFileSync(bin, ["--version"], { encoding: "utf8" }).trim();
}

function compare(bin: string, cases: Case[], role: "client" | "server") {
  const dir = mkdtempSync(path.join(os.tmpdir(), "kiln-frp-interop-"));
  copyFileSync(path.join(ROOT, "package.json"), path.join(dir, "package.json"));
  for (const [title, text, , file = role === "client" ? "frpc.toml" : "frps.toml"] of cases) {
    writeFileSync(path.join(dir, file), text);
    const real = spawnSync(bin, ["verify", "-c", file], {
      cwd: dir,
      encoding: "utf8",
      env: { PATH: process.env.PATH },
    });
    const opts = { file, cwd: dir };
    const ours = role === "client" ? verifyFrpcText(text, opts) : verifyFrpsText(text, opts);
    expect({ title, ok: ours.ok }).toEqual({ title, ok: real.status === 0 });
    expect({ title, output: ours.output }).toEqual({ title, output: real.stdout });
  }
}

const SKIP = (bin: string) =>
  `skipped: ${bin} v0.70 is not installed (bash .ci/run builds it from the frp module)`;
const frpc = peer("frpc");
const frps = peer("frps");

describe("frp verify against the real binaries", () => {
  it.skipIf(!frpc)(frpc ? "frpc verify" : SKIP("frpc"), () => {
    expect(version(frpc)).toMatch(/^0\.70\./);
    compare(frpc!, client, "client");
  });
  it.skipIf(!frps)(frps ? "frps verify" : SKIP("frps"), () => {
    expect(version(frps)).toMatch(/^0\.70\./);
    compare(frps!, server, "server");
  });
});

// A generated corpus (test/frp/mutate.ts): the table's TOML cases, each damaged by one to three
// small edits, run through the real binaries and through kiln. Every verdict and every message must
// agree, except a few TOML syntax errors whose go-toml wording kiln does not rebuild (counted).
describe("frp verify on a generated corpus of mutated configs", () => {
  const corpus = mutants(250, 7);
  const run = (bin: string, role: "client" | "server") => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "kiln-frp-mutants-"));
    copyFileSync(path.join(ROOT, "package.json"), path.join(dir, "package.json"));
    let syntaxWording = 0;
    let compared = 0;
    for (const m of corpus.filter((x) => x.role === role)) {
      const file = role === "client" ? "frpc.toml" : "frps.toml";
      writeFileSync(path.join(dir, file), m.text);
      const real = spawnSync(bin, ["verify", "-c", file], {
        cwd: dir,
        encoding: "utf8",
        env: { PATH: process.env.PATH },
      });
      const opts = { file, cwd: dir };
      const ours = role === "client" ? verifyFrpcText(m.text, opts) : verifyFrpsText(m.text, opts);
      compared++;
      expect({ title: m.title, text: m.text, ok: ours.ok }).toEqual({
        title: m.title,
        text: m.text,
        ok: real.status === 0,
      });
      if (
        real.stdout.startsWith("toml: ") &&
        ours.output.startsWith("toml: ") &&
        ours.output !== real.stdout
      ) {
        syntaxWording++;
        continue;
      }
      expect({ title: m.title, text: m.text, output: ours.output }).toEqual({
        title: m.title,
        text: m.text,
        output: real.stdout,
      });
    }
    console.log(`${role}: ${compared} mutants, ${syntaxWording} TOML syntax errors worded differently`);
    // go-toml's wording is rebuilt from smol-toml's failure (src/frp/toml-errors.ts); a few rare
    // shapes still differ (docs/frp.md, Limits): at most 2% of the mutants.
    expect(syntaxWording).toBeLessThanOrEqual(Math.ceil(compared * 0.02));
  };
  it.skipIf(!frpc)(frpc ? "frpc: same verdicts and messages" : SKIP("frpc"), () => run(frpc!, "client"));
  it.skipIf(!frps)(frps ? "frps: same verdicts and messages" : SKIP("frps"), () => run(frps!, "server"));
});
