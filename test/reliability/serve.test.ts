/**
 * `kiln fn serve` (the built CLI, plain-text gRPC on loopback) under malformed, truncated,
 * oversized, slow, throwing and concurrent calls, then a SIGTERM with calls in flight. Bounded:
 * a few hundred calls, each with a client deadline, the whole file in well under a minute.
 * Credentials and the XR carry the canary; the server's log must never show it.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import {
  RunFunctionRequest,
  type RunFunctionResponse,
  Severity,
} from "@crossplane-org/function-sdk-typescript";
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectFunction, type FunctionClient } from "../../src/functions/serve/client.ts";
import { rng } from "../frp/mutate.ts";
import { request } from "../functions/request.ts";
import { ROOT } from "../helpers/env.ts";
import {
  assertFreshDist,
  CANARY,
  expectNoCanary,
  expectNoTrace,
  expectWrites,
  project,
  Sandbox,
  type Snapshot,
  sandboxEnv,
  WRITABLE,
} from "./harness.ts";

const FN = `import { defineFunction } from "kiln/function";
export default defineFunction({
  name: "function-hostile",
  resources: ["bucket"],
  steps: [
    {
      name: "compose",
      run: async (ctx) => {
        const spec = ctx.composite<{ spec: { sleepMs?: number; boom?: string; never?: boolean } }>().spec;
        if (spec.boom) throw new Error(spec.boom);
        if (spec.never) await new Promise(() => {});
        if (spec.sleepMs) await new Promise((r) => setTimeout(r, spec.sleepMs));
        ctx.compose("bucket", { apiVersion: "example.org/v1", kind: "Bucket", metadata: {}, spec: { ok: true } });
      },
    },
  ],
});
`;

const METHOD = "/apiextensions.fn.proto.v1.FunctionRunnerService/RunFunction";
const fatal = (r: RunFunctionResponse) =>
  r.results.find((x) => x.severity === Severity.SEVERITY_FATAL)?.message;
const xr = (spec: Record<string, unknown>) => ({
  apiVersion: "example.org/v1",
  kind: "XThing",
  metadata: { name: "x", namespace: "default", annotations: { token: CANARY } },
  spec,
});
/** A request with the canary in its credentials and connection details, as Crossplane sends them. */
const call = (spec: Record<string, unknown> = {}) => {
  const req = request({ xr: xr(spec) });
  req.credentials = { cloud: { credentialData: { data: { token: Buffer.from(CANARY) } } } };
  return req;
};

const sb = new Sandbox("serve");
let before: Snapshot;
let child: ReturnType<typeof spawn>;
let log = "";
let exited: Promise<number | null>;
let address = "";
let client: FunctionClient;
let raw: grpc.Client;

beforeAll(async () => {
  assertFreshDist();
  project(sb);
  sb.write("fn.ts", FN);
  before = sb.snapshot();
  child = spawn(
    process.execPath,
    [
      path.join(ROOT, "bin/kiln.js"),
      "fn",
      "serve",
      "fn.ts",
      "--insecure",
      "--address",
      "127.0.0.1:0",
      "--max-message-size",
      "64Ki",
      "--deadline",
      "1s",
      "--debug",
    ],
    { cwd: sb.in, env: sandboxEnv(sb), stdio: ["ignore", "pipe", "pipe"] },
  );
  exited = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
  child.stdout!.on("data", (d: Buffer) => (log += d.toString()));
  address = await new Promise<string>((resolve, reject) => {
    child.stderr!.on("data", (d: Buffer) => {
      log += d.toString();
      const m = /"address":"([^"]+)"/.exec(log);
      if (m) resolve(m[1]!);
    });
    void exited.then((c) => reject(new Error(`kiln fn serve exited ${c}: ${log}`)));
  });
  client = connectFunction(address);
  raw = new grpc.Client(address, grpc.credentials.createInsecure());
}, 60_000);

afterAll(async () => {
  client?.close();
  raw?.close();
  if (child && child.exitCode === null) {
    child.kill("SIGKILL");
    await exited;
  }
  sb.remove();
});

/** Sends raw bytes as a RunFunction request; resolves with the gRPC status code (0 = answered). */
const sendRaw = (bytes: Buffer) =>
  new Promise<{ code: number; body?: Buffer }>((resolve) =>
    raw.makeUnaryRequest(
      METHOD,
      (b: Buffer) => b,
      (b: Buffer) => b,
      bytes,
      new grpc.Metadata(),
      { deadline: Date.now() + 5000 },
      (e, body) => resolve(e ? { code: e.code } : { code: 0, ...(body ? { body } : {}) }),
    ),
  );

const stillServing = async () => {
  const r = await client.run(call(), { deadlineMs: 5000 });
  expect(fatal(r)).toBeUndefined();
  expect(r.desired?.resources.bucket?.resource?.spec).toEqual({ ok: true });
};

const valid = Buffer.from(RunFunctionRequest.encode(call()).finish());

/** Seeded damage to a valid request: truncation, flipped bytes, random bodies, bad lengths. */
function malformed(count: number, seed: number): Array<[string, Buffer]> {
  const r = rng(seed);
  const out: Array<[string, Buffer]> = [];
  for (let i = 0; i < count; i++) {
    const kind = i % 4;
    if (kind === 0)
      out.push([`#${i} truncated`, valid.subarray(0, 1 + Math.floor(r() * (valid.length - 1)))]);
    else if (kind === 1) {
      const b = Buffer.from(valid);
      for (let k = 0; k < 1 + Math.floor(r() * 8); k++) b[Math.floor(r() * b.length)] = Math.floor(r() * 256);
      out.push([`#${i} bytes flipped`, b]);
    } else if (kind === 2)
      out.push([
        `#${i} random bytes`,
        Buffer.from(Array.from({ length: 1 + Math.floor(r() * 512) }, () => Math.floor(r() * 256))),
      ]);
    else
      out.push([
        `#${i} a length past the end`,
        Buffer.concat([Buffer.from([0x12, 0xff, 0xff, 0xff, 0x7f]), valid.subarray(0, 20)]),
      ]);
  }
  return out;
}

describe("fn serve: calls that must not bring it down", () => {
  it("answers a valid call (control)", stillServing);

  it.each(malformed(60, 1616))("malformed body %s: refused or answered, server unharmed", async (_t, b) => {
    const r = await sendRaw(b);
    // INTERNAL (cannot decode) or an answer (the damage still decoded to some request).
    expect([0, grpc.status.INTERNAL, grpc.status.INVALID_ARGUMENT]).toContain(r.code);
  });

  it("still serves after the malformed bodies", stillServing);

  it("refuses a request over --max-message-size with RESOURCE_EXHAUSTED", async () => {
    const big = call({ blob: "x".repeat(100 * 1024) });
    await expect(client.run(big, { deadlineMs: 5000 })).rejects.toMatchObject({
      code: grpc.status.RESOURCE_EXHAUSTED,
    });
    await stillServing();
  });

  it("answers a step that throws with FATAL (message kept, no trace)", async () => {
    const r = await client.run(call({ boom: "user code exploded" }), { deadlineMs: 5000 });
    expect(fatal(r)).toBe("step compose: user code exploded");
    expectNoTrace(fatal(r)!);
  });

  it("answers a call slower than --deadline with FATAL and keeps serving", async () => {
    const r = await client.run(call({ sleepMs: 3000 }), { deadlineMs: 10_000 });
    expect(fatal(r)).toMatch(/deadline of 1000 ms/);
    await stillServing();
  });

  it("answers a step that never settles with FATAL at the deadline", async () => {
    const r = await client.run(call({ never: true }), { deadlineMs: 10_000 });
    expect(fatal(r)).toMatch(/deadline of 1000 ms/);
  });

  it("a client that gives up (its deadline passes) does not hurt the server", async () => {
    await expect(client.run(call({ sleepMs: 800 }), { deadlineMs: 100 })).rejects.toMatchObject({
      code: grpc.status.DEADLINE_EXCEEDED,
    });
    await stillServing();
  });

  it("answers 300 concurrent calls, all correct, within 30 s", async () => {
    const t = Date.now();
    const rs = await Promise.all(
      Array.from({ length: 300 }, (_, i) => client.run(call({ n: i }), { deadlineMs: 30_000 })),
    );
    expect(rs.filter((r) => fatal(r) !== undefined)).toEqual([]);
    expect(rs.every((r) => r.desired?.resources.bucket?.resource?.spec?.ok === true)).toBe(true);
    expect(Date.now() - t).toBeLessThan(30_000);
  });

  it.todo(
    "a step stuck in a CPU loop is stopped at --deadline — open: the loop blocks the server's event loop, so every later call hangs too (not fixed here: steps need a worker, as render now has)",
  );

  it("on SIGTERM finishes the 20 calls in flight, refuses new ones, exits 0", async () => {
    const inFlight = Array.from({ length: 20 }, () =>
      client.run(call({ sleepMs: 700 }), { deadlineMs: 10_000 }),
    );
    await new Promise((r) => setTimeout(r, 300));
    child.kill("SIGTERM");
    const rs = await Promise.all(inFlight);
    expect(rs.map(fatal).filter(Boolean)).toEqual([]);
    expect(await exited).toBe(0);
    await expect(client.run(call(), { deadlineMs: 2000 })).rejects.toMatchObject({
      code: grpc.status.UNAVAILABLE,
    });
  });

  it("logged no canary, no trace, and wrote nothing outside tsx's cache", () => {
    expect(log).toMatch(/"msg":"stopped"/);
    expectNoCanary(log, "server log");
    expectNoTrace(log, "server log");
    expectWrites(sb, before, WRITABLE);
  });
});
