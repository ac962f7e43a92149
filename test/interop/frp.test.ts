/**
 * kiln's frp verdicts against the real frpc/frps v0.70 binaries, on every case of the unit table.
 * frp cannot be installed by `go install` (its go.mod has a replace directive): .ci/run builds them
 * from the module source into KILN_GOBIN. Skips with a reason where neither that nor PATH has them.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { verifyFrpcText, verifyFrpsText } from "kiln";
import { describe, expect, it } from "vitest";
import { type Case, client, server } from "../frp/cases.ts";
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
