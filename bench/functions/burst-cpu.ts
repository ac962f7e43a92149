/**
 * Server CPU per call under closed-loop load, for a machine too busy for the open-loop phases of
 * functions.bench.ts (whose fixed rate then queues calls until they fail): kiln's gateway server
 * and the bare SDK function, each sent `n` calls at 16 in flight, in alternating rounds; the
 * server process's user + system time over a round divided by its calls. A closed loop measures
 * the work per call, not latency. Run: `node --import tsx bench/functions/burst-cpu.ts [rounds] [n]`;
 * prints one JSON line (medians over the rounds after a first, warm-up round).
 */
import { type ChildProcess, fork, spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { RunFunctionRequest } from "@crossplane-org/function-sdk-typescript";
import { median } from "../util.ts";
import { convergedRequest } from "./request.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const ROUNDS = Number(process.argv[2] ?? 5);
const N = Number(process.argv[3] ?? 10_000);

function ask<T>(child: ChildProcess, msg: string): Promise<T> {
  return new Promise((resolve) => {
    child.once("message", (m) => resolve(m as T));
    child.send(msg);
  });
}

function burst(address: string, request: Uint8Array): Promise<{ errors: number }> {
  const c = spawn(
    process.execPath,
    ["--import", "tsx", path.join(here, "client.ts"), "burst", address, String(N), "16"],
    {
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  let out = "";
  c.stdout.on("data", (d: Buffer) => {
    out += d.toString();
  });
  c.stdin.end(request);
  return new Promise((resolve, reject) =>
    c.on("exit", (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split("\n").at(-1)!))
        : reject(new Error(`client exited ${code}`)),
    ),
  );
}

const request = RunFunctionRequest.encode(await convergedRequest()).finish();
const load0 = os.loadavg()[0]!;
const servers = await Promise.all(
  ["gateway", "sdk"].map(
    (which) =>
      new Promise<{ which: string; child: ChildProcess; address: string }>((resolve, reject) => {
        const child = fork(path.join(here, "server.ts"), [which], {
          execArgv: ["--import", "tsx", "--expose-gc"],
          stdio: ["ignore", "ignore", "inherit", "ipc"],
        });
        child.once("message", (m) => resolve({ which, child, address: (m as { address: string }).address }));
        child.once("exit", (code) => reject(new Error(`${which} exited with ${code}`)));
      }),
  ),
);
const perCall: Record<string, number[]> = { gateway: [], sdk: [] };
try {
  for (let round = 0; round <= ROUNDS; round++)
    for (const s of servers) {
      const c0 = (await ask<{ cpuUs: number }>(s.child, "cpu")).cpuUs;
      const r = await burst(s.address, request);
      const c1 = (await ask<{ cpuUs: number }>(s.child, "cpu")).cpuUs;
      if (r.errors) throw new Error(`${s.which}: ${r.errors} failed calls`);
      // The client's connection and warm-up calls are counted too: 2,001 before the n.
      if (round > 0) perCall[s.which]!.push((c1 - c0) / (N + 2001));
    }
} finally {
  for (const s of servers) s.child.kill("SIGTERM");
}
const kiln = median(perCall.gateway!);
const sdk = median(perCall.sdk!);
process.stdout.write(
  `${JSON.stringify({ rounds: ROUNDS, n: N, kilnUs: kiln, sdkUs: sdk, ratio: kiln / sdk, load: [load0, os.loadavg()[0]] })}\n`,
);
