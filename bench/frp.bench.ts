/**
 * FRP: verify, emit and cross-check a generated frpc config of 1,000 proxies (`BENCH_FRP_N`) in
 * process, and `kiln frp verify` as a command (wall time, peak RSS). The peer is the native
 * `frpc verify`: it cannot be installed here (frp's go.mod has a replace directive), so its
 * column is filled when an `frpc` binary is on PATH or in KILN_GOBIN (built from the v0.70.1 source).
 */
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  checkFrpPair,
  emitFrpcToml,
  type FrpcConfig,
  type FrpProxy,
  type FrpsConfig,
  frpEnv,
  loadFrpc,
  verifyFrpcText,
} from "../src/frp/index.ts";
import { peer } from "../test/helpers/env.ts";
import { fmtMs, fmtRatio, median, medianMs, runCommand } from "./util.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const N = Number(process.env.BENCH_FRP_N ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function proxy(i: number): FrpProxy {
  switch (i % 4) {
    case 0:
      return {
        name: `tcp-${i}`,
        type: "tcp",
        localIP: "10.0.0.1",
        localPort: 1000 + (i % 60000),
        remotePort: 10000 + i,
      };
    case 1:
      return {
        name: `web-${i}`,
        type: "http",
        localPort: 8080,
        subdomain: `app${i}`,
        transport: { useCompression: true },
      };
    case 2:
      return {
        name: `tls-${i}`,
        type: "https",
        localPort: 8443,
        customDomains: [`s${i}.example.org`],
        healthCheck: { type: "tcp" },
      };
    default:
      return { name: `stcp-${i}`, type: "stcp", localPort: 22, secretKey: frpEnv("SK") };
  }
}

export default async function () {
  const client: FrpcConfig = {
    serverAddr: "gw.example.com",
    serverPort: 7000,
    auth: { token: frpEnv("FRP_TOKEN") },
    proxies: Array.from({ length: N }, (_, i) => proxy(i)),
  };
  const server: FrpsConfig = {
    bindPort: 7000,
    vhostHTTPPort: 80,
    vhostHTTPSPort: 443,
    subDomainHost: "example.com",
    auth: { token: frpEnv("FRP_TOKEN") },
  };
  const toml = emitFrpcToml(client);
  const env = { FRP_TOKEN: "t", SK: "k" };
  const dir = mkdtempSync(path.join(os.tmpdir(), "kiln-frp-bench-"));
  const file = path.join(dir, "frpc.toml");
  writeFileSync(file, toml);
  if (!verifyFrpcText(toml, { env }).ok) throw new Error("generated config does not verify");

  const emit = await medianMs(RUNS * 4, () => emitFrpcToml(client));
  const verify = await medianMs(RUNS * 4, () => verifyFrpcText(toml, { file, env }));
  const loaded = loadFrpc(toml, { env }).config;
  const check = await medianMs(RUNS * 4, () => checkFrpPair(loaded, server));

  const dist = path.join(root, "dist/cli/main.js");
  const cli = existsSync(dist)
    ? [process.execPath, path.join(root, "bin/kiln.js")]
    : [process.execPath, "--import", "tsx", path.join(root, "src/cli/main.ts")];
  const runs = Array.from({ length: RUNS }, () =>
    runCommand(
      cli[0]!,
      [...cli.slice(1), "frp", "verify", "-c", file, "--env", "FRP_TOKEN=t", "--env", "SK=k"],
      { cwd: root },
    ),
  );
  if (runs.some((r) => r.status !== 0)) throw new Error(`kiln frp verify failed: ${runs[0]!.stderr}`);
  const kilnWall = median(runs.map((r) => r.ms));
  const kilnPeak = runs.every((r) => r.peakMb) ? median(runs.map((r) => r.peakMb!)) : Number.NaN;

  const frpc = peer("frpc");
  let peerCell =
    "not found (`go install` fails on its replace directive; build v0.70.1 from source into KILN_GOBIN)";
  let ratio = "–";
  if (frpc) {
    const p = Array.from({ length: RUNS }, () =>
      runCommand(frpc, ["verify", "-c", file], { env: { ...process.env, ...env } }),
    );
    const wall = median(p.map((r) => r.ms));
    peerCell = `${fmtMs(wall)}`;
    ratio = fmtRatio(kilnWall / wall);
  }

  const mb = (x: number) => (Number.isNaN(x) ? "n/a" : `${x.toFixed(0)} MB`);
  return {
    title: `FRP: verify, emit, cross-check (${N} proxies)`,
    markdown: `| step | kiln | frpc verify (native) | kiln / native |
|---|---|---|---|
| \`kiln frp verify -c\` (process, wall) | ${fmtMs(kilnWall)} (peak ${mb(kilnPeak)}) | ${peerCell} | ${ratio} |
| verify in process (template, TOML, decode, validate) | ${fmtMs(verify)} | – | – |
| emit TOML in process | ${fmtMs(emit)} | – | – |
| client↔server cross-check in process | ${fmtMs(check)} | – | – |

Config: ${N} proxies (tcp/http/https/stcp), ${(toml.length / 1024).toFixed(0)} KiB of TOML. Medians of ${RUNS} process runs and
${RUNS * 4} in-process runs. Command: \`npm run bench frp\`.`,
  };
}
