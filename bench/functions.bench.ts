/**
 * Composition functions: RunFunction latency and throughput on loopback, the homelab gateway
 * function served by kiln against a bare SDK function that returns its input (the floor any
 * TypeScript function pays for gRPC + protobuf), side by side. Each server runs in its own
 * process; a separate client process sends the converged gateway request at a steady rate
 * (default 1,000 req/s for 60 s; `BENCH_FN_SECONDS`, `BENCH_FN_RATE`) and measures each call.
 * Memory: heap after a full GC in the server, sampled every 20,000 requests over 100,000
 * (`BENCH_FN_BURST`) sent as fast as 16 concurrent calls allow.
 */
import { type ChildProcess, fork, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { RunFunctionRequest } from "@crossplane-org/function-sdk-typescript";
import { convergedRequest } from "./functions/request.ts";
import { fmtRatio } from "./util.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const SECONDS = Number(process.env.BENCH_FN_SECONDS ?? 60);
const RATE = Number(process.env.BENCH_FN_RATE ?? 1000);
const BURST = Number(process.env.BENCH_FN_BURST ?? 100_000);
const CHUNKS = 5;

interface Steady {
  n: number;
  errors: number;
  wall: number;
  p50: number;
  p99: number;
  max: number;
}
interface Side {
  steady: Steady;
  burstRps: number;
  heapMb: number[];
  rssMb: number[];
}

function startServer(which: string): Promise<{ child: ChildProcess; address: string }> {
  const child = fork(path.join(here, "functions/server.ts"), [which], {
    execArgv: ["--import", "tsx", "--expose-gc"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("message", (m) => resolve({ child, address: (m as { address: string }).address }));
    child.once("exit", (code) => reject(new Error(`${which} server exited with ${code}`)));
  });
}

function memory(child: ChildProcess): Promise<{ heapUsed: number; rss: number }> {
  return new Promise((resolve) => {
    child.once("message", (m) => resolve(m as { heapUsed: number; rss: number }));
    child.send("mem");
  });
}

function client<T>(args: string[], request: Uint8Array): Promise<T> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(here, "functions/client.ts"), ...args],
    {
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  let out = "";
  child.stdout.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stdin.end(request);
  return new Promise((resolve, reject) =>
    child.on("exit", (code) =>
      code === 0 ? resolve(JSON.parse(out.trim()) as T) : reject(new Error(`client exited ${code}`)),
    ),
  );
}

async function measure(which: string, request: Uint8Array): Promise<Side> {
  const { child, address } = await startServer(which);
  try {
    const steady = await client<Steady>(["steady", address, String(RATE), String(SECONDS)], request);
    if (steady.errors) throw new Error(`${which}: ${steady.errors} failed calls`);
    const heapMb: number[] = [];
    const rssMb: number[] = [];
    const sample = async () => {
      const m = await memory(child);
      heapMb.push(m.heapUsed / 2 ** 20);
      rssMb.push(m.rss / 2 ** 20);
    };
    await sample();
    let burstWall = 0;
    for (let i = 0; i < CHUNKS; i++) {
      const b = await client<{ errors: number; wall: number }>(
        ["burst", address, String(BURST / CHUNKS), "16"],
        request,
      );
      if (b.errors) throw new Error(`${which}: ${b.errors} failed calls in burst`);
      burstWall += b.wall;
      await sample();
    }
    return { steady, burstRps: BURST / burstWall, heapMb, rssMb };
  } finally {
    child.kill("SIGTERM");
  }
}

export default async function bench() {
  const request = RunFunctionRequest.encode(await convergedRequest()).finish();
  const kiln = await measure("gateway", request);
  const sdk = await measure("sdk", request);
  const ms = (x: number) => `${x.toFixed(2)} ms`;
  const row = (name: string, s: Side) =>
    `| ${name} | ${ms(s.steady.p50)} | ${ms(s.steady.p99)} | ${ms(s.steady.max)} | ${(s.steady.n / s.steady.wall).toFixed(0)} req/s | ${s.burstRps.toFixed(0)} req/s | ${s.heapMb.map((h) => h.toFixed(1)).join(" → ")} | ${s.rssMb[0]!.toFixed(0)} → ${s.rssMb.at(-1)!.toFixed(0)} |`;
  const goal = kiln.steady.p99 < 2 && kiln.steady.p99 <= 1.2 * sdk.steady.p99;
  const markdown = `
| server | p50 | p99 | max | steady throughput | max throughput (16 in flight) | heap MB after GC, every ${BURST / CHUNKS / 1000}k requests | RSS MB |
|---|---|---|---|---|---|---|---|
${row("kiln: gateway function (5 composed resources)", kiln)}
${row("bare SDK function returning its input", sdk)}

p99 ratio kiln/SDK: **${fmtRatio(kiln.steady.p99 / sdk.steady.p99)}**, p50 ratio ${fmtRatio(kiln.steady.p50 / sdk.steady.p50)}. Goal (p99 < 2 ms and ≤ 1.2× the SDK): **${goal ? "met" : "not met"}**.

Measured with \`npm run bench functions\`: ${RATE} req/s for ${SECONDS} s (${kiln.steady.n} calls per server, open loop) from a separate client process over loopback, insecure gRPC, the converged gateway request (${request.length} bytes of protobuf). Latency is client-side, send to answer. Memory: ${BURST} further requests per server in ${CHUNKS} bursts, heap sampled after a forced GC.
`;
  return { title: "Composition functions: RunFunction latency (kiln server vs bare SDK)", markdown };
}
