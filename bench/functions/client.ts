/**
 * Benchmark client process: the measuring instrument, so it must cost the machine as little as
 * possible (on 2 cores every microsecond and every GC pause of the client lands in the
 * latencies it reports, the same for both servers). It speaks gRPC's unary call directly over
 * node:http2 — one POST of the length-prefixed request, the answer's bytes and the grpc-status
 * trailer — instead of through grpc-js: grpc-js's client promoted per-call state to the old
 * generation (~20 MB/s at 1,000 calls/s, a 10–30 ms mark-compact every second or two in the
 * client, measured with --trace-gc), which showed up as the servers' tail latency. The request's
 * bytes are sent as they are and answers are not decoded after the first has been checked.
 *
 * `steady <address> <rate> <seconds>`: open-loop load at a fixed rate (requests are sent on
 * schedule whether or not earlier ones answered, so queueing shows up in the latencies).
 * Latency is measured from each call's *scheduled* send time (start + i/rate), so a stall of the
 * client's own event loop counts against the call instead of hiding it (coordinated omission);
 * the latency from the actual send is reported beside it. `burst <address> <n> <concurrency>`:
 * n requests as fast as possible. The request (a protobuf RunFunctionRequest) is read from
 * stdin. Prints `warm` once warmed up, then one JSON line.
 */
import http2 from "node:http2";
import {
  FunctionRunnerServiceService,
  RunFunctionResponse,
  Severity,
} from "@crossplane-org/function-sdk-typescript";

const [mode, address, a, b] = process.argv.slice(2);
/** Below this time to the next scheduled call the client stops sleeping on timers (see tick). */
const SPIN_MS = Number(process.env.BENCH_FN_SPIN_MS ?? 2);
const chunks: Buffer[] = [];
for await (const c of process.stdin) chunks.push(c as Buffer);
const message = Buffer.concat(chunks);
// gRPC's length-prefixed message: a compression flag (0) and the length, big-endian.
const req = Buffer.alloc(5 + message.length);
req.writeUInt32BE(message.length, 1);
message.copy(req, 5);
const session = http2.connect(`http://${address}`);
await new Promise<void>((resolve, reject) => session.once("connect", () => resolve()).once("error", reject));
const HEADERS = {
  ":method": "POST",
  ":path": FunctionRunnerServiceService.runFunction.path,
  "content-type": "application/grpc",
  te: "trailers",
};
const client = {
  /** One unary call; resolves with the answer's message bytes, rejects on a non-zero grpc-status. */
  run: (r: Buffer) =>
    new Promise<Buffer>((resolve, reject) => {
      const stream = session.request(HEADERS);
      const parts: Buffer[] = [];
      let status: string | undefined;
      stream.on("response", (h) => {
        status = h["grpc-status"] as string | undefined; // a trailers-only answer (an error)
      });
      stream.on("trailers", (t) => {
        status = t["grpc-status"] as string | undefined;
      });
      stream.on("data", (d: Buffer) => parts.push(d));
      stream.on("error", reject);
      stream.on("close", () =>
        status === "0"
          ? resolve(Buffer.concat(parts).subarray(5))
          : reject(new Error(`grpc-status ${status ?? "missing"}`)),
      );
      stream.end(r);
    }),
  close: () => session.close(),
};
// Connect, and make sure the server answers this request without a fatal result before measuring.
const first = RunFunctionResponse.decode(await client.run(req));
const fatal = first.results.find((r) => r.severity === Severity.SEVERITY_FATAL);
if (fatal) throw new Error(`the server answered with a fatal result: ${fatal.message}`);
for (let i = 0; i < 2000; i++) await client.run(req);
// Tells the parent that measuring starts (it samples the server's CPU time here).
process.stdout.write("warm\n");

if (mode === "steady") {
  const rate = Number(a);
  const seconds = Number(b);
  const total = rate * seconds;
  const lat = new Float64Array(total);
  const latSend = new Float64Array(total);
  let sent = 0;
  let done = 0;
  let errors = 0;
  const start = process.hrtime.bigint();
  await new Promise<void>((resolve) => {
    const tick = () => {
      const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
      // Call i is due at i/rate: call 0 at once, so one more than the whole periods elapsed.
      const due = Math.min(total, Math.floor(elapsed * rate) + 1);
      while (sent < due) {
        const i = sent++;
        const t0 = process.hrtime.bigint();
        const scheduled = start + BigInt(Math.round((i * 1e9) / rate));
        client.run(req).then(
          () => {
            const t1 = process.hrtime.bigint();
            lat[i] = Number(t1 - scheduled) / 1e6;
            latSend[i] = Number(t1 - t0) / 1e6;
            if (++done === total) resolve();
          },
          () => {
            errors++;
            lat[i] = Number.NaN;
            latSend[i] = Number.NaN;
            if (++done === total) resolve();
          },
        );
      }
      if (sent >= total) return;
      // Node's timers fire 1–2 ms late, which would count against every call scheduled between
      // two ticks. So the client sleeps on a timer only while the next call is more than
      // SPIN_MS away and otherwise turns the loop with setImmediate, which still polls for the
      // answers between turns. At 1,000 req/s that keeps one core busy in the client: the server
      // measured has the other.
      const nextAt = Number((sent * 1e9) / rate) / 1e9;
      const wait = (nextAt - Number(process.hrtime.bigint() - start) / 1e9) * 1000;
      if (wait > SPIN_MS) setTimeout(tick, Math.floor(wait - SPIN_MS));
      else setImmediate(tick);
    };
    tick();
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const sorted = (xs: Float64Array) =>
    Array.from(xs)
      .filter((x) => !Number.isNaN(x))
      .sort((x, y) => x - y);
  const ok = sorted(lat);
  const okSend = sorted(latSend);
  const q = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
  process.stdout.write(
    `${JSON.stringify({ n: total, errors, wall, p50: q(ok, 0.5), p99: q(ok, 0.99), max: ok[ok.length - 1], p50Send: q(okSend, 0.5), p99Send: q(okSend, 0.99) })}\n`,
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
