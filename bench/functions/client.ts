/**
 * Benchmark client process. `steady <address> <rate> <seconds>`: open-loop load at a fixed rate
 * (requests are sent on schedule whether or not earlier ones answered, so queueing shows up in
 * the latencies); `burst <address> <n> <concurrency>`: n requests as fast as possible. The
 * request (a protobuf RunFunctionRequest) is read from stdin. Prints one JSON line.
 */
import { RunFunctionRequest } from "@crossplane-org/function-sdk-typescript";
import { connectFunction } from "../../src/functions/client.ts";

const [mode, address, a, b] = process.argv.slice(2);
const chunks: Buffer[] = [];
for await (const c of process.stdin) chunks.push(c as Buffer);
const req = RunFunctionRequest.decode(Buffer.concat(chunks));
const client = connectFunction(address!);
await client.run(req); // connect and warm up before measuring
for (let i = 0; i < 2000; i++) await client.run(req);

if (mode === "steady") {
  const rate = Number(a);
  const seconds = Number(b);
  const total = rate * seconds;
  const lat = new Float64Array(total);
  let sent = 0;
  let done = 0;
  let errors = 0;
  const start = process.hrtime.bigint();
  await new Promise<void>((resolve) => {
    const tick = () => {
      const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
      const due = Math.min(total, Math.floor(elapsed * rate));
      while (sent < due) {
        const i = sent++;
        const t0 = process.hrtime.bigint();
        client.run(req).then(
          () => {
            lat[i] = Number(process.hrtime.bigint() - t0) / 1e6;
            if (++done === total) resolve();
          },
          () => {
            errors++;
            lat[i] = Number.NaN;
            if (++done === total) resolve();
          },
        );
      }
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const ok = Array.from(lat)
    .filter((x) => !Number.isNaN(x))
    .sort((x, y) => x - y);
  const q = (p: number) => ok[Math.min(ok.length - 1, Math.floor(p * ok.length))]!;
  process.stdout.write(
    `${JSON.stringify({ n: total, errors, wall, p50: q(0.5), p99: q(0.99), max: ok[ok.length - 1] })}\n`,
  );
} else if (mode === "burst") {
  const n = Number(a);
  const conc = Number(b);
  let next = 0;
  let errors = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: conc }, async () => {
      while (next < n) {
        next++;
        await client.run(req).catch(() => errors++);
      }
    }),
  );
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  process.stdout.write(`${JSON.stringify({ n, errors, wall, rps: n / wall })}\n`);
}
client.close();
