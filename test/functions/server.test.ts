import {
  Ready,
  RunFunctionRequest,
  RunFunctionResponse,
  Severity,
} from "@crossplane-org/function-sdk-typescript";
import * as grpc from "@grpc/grpc-js";
import { KilnError } from "kiln";
import { defineFunction, type FunctionServer, type KilnFunction, startFunctionServer } from "kiln/function";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectFunction } from "../../src/functions/serve/client.ts";
import { Deadlines } from "../../src/functions/serve/server.ts";
import { hasOpenssl, makePki, OPENSSL_SKIP, type TestPki } from "./certs.ts";
import { managed, request } from "./request.ts";

const fatal = (rsp: RunFunctionResponse) =>
  rsp.results.find((r) => r.severity === Severity.SEVERITY_FATAL)?.message;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const echo = defineFunction({
  name: "echo",
  resources: ["bucket"],
  steps: [
    {
      name: "compose",
      run: async (ctx) => {
        const xr = ctx.composite<{ spec: { region?: string; boom?: boolean; sleepMs?: number } }>();
        if (xr.spec.boom) throw new Error("user code exploded");
        if (xr.spec.sleepMs) await sleep(xr.spec.sleepMs);
        ctx.compose("bucket", {
          apiVersion: "example.org/v1",
          kind: "Bucket",
          metadata: {},
          spec: { region: xr.spec.region },
        });
      },
    },
  ],
});

const xr = (spec: Record<string, unknown>) => ({
  apiVersion: "example.org/v1",
  kind: "XThing",
  metadata: { name: "x" },
  spec,
});

describe("function server (insecure, loopback)", () => {
  let server: FunctionServer;
  let client: ReturnType<typeof connectFunction>;
  beforeAll(async () => {
    server = await startFunctionServer(echo, {
      address: "127.0.0.1:0",
      insecure: true,
      maxMessageBytes: 64 * 1024,
      deadlineMs: 1000,
    });
    client = connectFunction(server.address);
  });
  afterAll(async () => {
    client.close();
    await server.shutdown(1000);
  });

  it("answers a real RunFunction round trip", async () => {
    const rsp = await client.run(request({ xr: xr({ region: "ams3" }), tag: "abc" }));
    expect(server.port).toBeGreaterThan(0);
    expect(rsp.meta?.tag).toBe("abc");
    expect(rsp.desired?.resources.bucket?.resource).toEqual({
      apiVersion: "example.org/v1",
      kind: "Bucket",
      metadata: {},
      spec: { region: "ams3" },
    });
    expect(rsp.desired?.resources.bucket?.ready).toBe(Ready.READY_FALSE);
  });

  it("turns an exception in user code into a FATAL result and keeps serving", async () => {
    const bad = await client.run(request({ xr: xr({ boom: true }) }));
    expect(fatal(bad)).toBe("step compose: user code exploded");
    const good = await client.run(request({ xr: xr({ region: "fra1" }) }));
    expect(fatal(good)).toBeUndefined();
  });

  it("answers a missing observed composite with FATAL", async () => {
    expect(fatal(await client.run(request({ xr: null })))).toMatch(/no observed composite resource/);
  });

  it("answers a call that outlives the deadline with FATAL and keeps serving", async () => {
    const slow = await client.run(request({ xr: xr({ sleepMs: 3000 }) }));
    expect(fatal(slow)).toBe("function echo did not answer within the deadline of 1000 ms");
    expect(fatal(await client.run(request({ xr: xr({}) })))).toBeUndefined();
  });

  it("refuses an oversized request with RESOURCE_EXHAUSTED and keeps serving", async () => {
    const big = request({ xr: xr({ blob: "x".repeat(100 * 1024) }) });
    await expect(client.run(big)).rejects.toMatchObject({ code: grpc.status.RESOURCE_EXHAUSTED });
    expect(fatal(await client.run(request({ xr: xr({}) })))).toBeUndefined();
  });

  it("refuses a malformed request with a gRPC error and keeps serving", async () => {
    const raw = new grpc.Client(server.address, grpc.credentials.createInsecure());
    const err = await new Promise<grpc.ServiceError>((resolve) =>
      raw.makeUnaryRequest(
        "/apiextensions.fn.proto.v1.FunctionRunnerService/RunFunction",
        (b: Buffer) => b,
        (b: Buffer) => b,
        Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]),
        (e) => resolve(e!),
      ),
    );
    raw.close();
    expect(err.code).toBe(grpc.status.INTERNAL);
    expect(fatal(await client.run(request({ xr: xr({}) })))).toBeUndefined();
  });

  it("reads a __proto__ key as the SDK does (dropped, no prototype changed) and refuses nesting past 100", async () => {
    let seen: Record<string, unknown> | undefined;
    const probe: KilnFunction = {
      kind: "kiln.dev/Function",
      name: "probe",
      run: async (req) => {
        seen = req.input;
        return { ...RunFunctionResponse.fromPartial({}), meta: { tag: req.meta?.tag ?? "", ttl: undefined } };
      },
    };
    const s = await startFunctionServer(probe, { address: "127.0.0.1:0", insecure: true });
    const raw = new grpc.Client(s.address, grpc.credentials.createInsecure());
    const call = (b: Uint8Array) =>
      new Promise<grpc.ServiceError | null>((resolve) =>
        raw.makeUnaryRequest(
          "/apiextensions.fn.proto.v1.FunctionRunnerService/RunFunction",
          (x: Buffer) => x,
          (x: Buffer) => x,
          Buffer.from(b),
          (e) => resolve(e),
        ),
      );
    try {
      // The SDK's encoder cannot write the key `__proto__`; write `__proto_X` and patch the byte.
      const wire = Buffer.from(
        RunFunctionRequest.encode(request({ input: { __proto_X: { polluted: true }, a: 1 } })).finish(),
      );
      const at = wire.indexOf("__proto_X");
      wire.write("_", at + 8);
      expect(await call(wire)).toBeNull();
      expect(seen).toEqual({ a: 1 });
      expect(Object.getPrototypeOf(seen)).toBe(Object.prototype);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();

      const nest = (n: number) => {
        let v: unknown = 1;
        for (let i = 0; i < n; i++) v = { d: v };
        return RunFunctionRequest.encode(request({ input: v as Record<string, unknown> })).finish();
      };
      expect((await call(nest(120)))?.code).toBe(grpc.status.INTERNAL);
      expect(await call(nest(30))).toBeNull();
    } finally {
      raw.close();
      await s.shutdown(1000);
    }
  });

  it("guards runners against functions that break the contract by throwing", async () => {
    const thrower: KilnFunction = {
      kind: "kiln.dev/Function",
      name: "thrower",
      run: () => {
        throw new Error("not even a promise");
      },
    };
    const s = await startFunctionServer(thrower, { address: "127.0.0.1:0", insecure: true });
    const c = connectFunction(s.address);
    try {
      expect(fatal(await c.run(request()))).toBe("function thrower failed: not even a promise");
      expect(fatal(await c.run(request()))).toBe("function thrower failed: not even a promise");
    } finally {
      c.close();
      await s.shutdown(1000);
    }
  });
});

describe("graceful shutdown", () => {
  it("finishes in-flight calls, then refuses new ones", async () => {
    const s = await startFunctionServer(echo, { address: "127.0.0.1:0", insecure: true });
    const c = connectFunction(s.address);
    const inFlight = c.run(request({ xr: xr({ sleepMs: 1000, region: "nyc3" }) }));
    await sleep(300);
    const stopped = s.shutdown(5000);
    const rsp = await inFlight;
    expect(fatal(rsp)).toBeUndefined();
    expect(rsp.desired?.resources.bucket?.resource?.spec).toEqual({ region: "nyc3" });
    await stopped;
    await expect(c.run(request(), { deadlineMs: 1000 })).rejects.toMatchObject({
      code: grpc.status.UNAVAILABLE,
    });
    c.close();
  });
});

describe.skipIf(!hasOpenssl())(hasOpenssl() ? "mutual TLS" : OPENSSL_SKIP, () => {
  let pki: TestPki;
  let server: FunctionServer;
  const observed = { bucket: managed("Bucket", true) };
  beforeAll(async () => {
    pki = makePki();
    server = await startFunctionServer(echo, { address: "127.0.0.1:0", tlsServerCertsDir: pki.serverDir });
  });
  afterAll(async () => server?.shutdown(1000));

  const opts = { "grpc.ssl_target_name_override": "localhost" };

  it("serves a client whose certificate is signed by ca.crt", async () => {
    const c = connectFunction(server.address, { ca: pki.ca, ...pki.client }, opts);
    const rsp = await c.run(request({ xr: xr({ region: "ams3" }), observed }));
    c.close();
    expect(rsp.desired?.resources.bucket?.ready).toBe(Ready.READY_TRUE);
  });

  it("refuses a client without a certificate", async () => {
    const c = connectFunction(server.address, { ca: pki.ca }, opts);
    await expect(c.run(request(), { deadlineMs: 3000 })).rejects.toMatchObject({
      code: grpc.status.UNAVAILABLE,
    });
    c.close();
  });

  it("refuses a client whose certificate comes from another CA", async () => {
    const c = connectFunction(server.address, { ca: pki.ca, ...pki.rogueClient }, opts);
    await expect(c.run(request(), { deadlineMs: 3000 })).rejects.toMatchObject({
      code: grpc.status.UNAVAILABLE,
    });
    c.close();
  });

  it("refuses a plain-text client", async () => {
    const c = connectFunction(server.address);
    await expect(c.run(request(), { deadlineMs: 3000 })).rejects.toMatchObject({
      code: grpc.status.UNAVAILABLE,
    });
    c.close();
  });
});

describe("server configuration errors", () => {
  it("names the missing certificate file and suggests --insecure", async () => {
    const p = startFunctionServer(echo, { address: "127.0.0.1:0", tlsServerCertsDir: "/nonexistent/tls" });
    await expect(p).rejects.toThrow(KilnError);
    await expect(p).rejects.toThrow("cannot read tls.key from the TLS folder /nonexistent/tls: ENOENT");
  });
});

describe("Deadlines (one timer for all in-flight calls)", () => {
  it("expires a call between its deadline and one tick later, and never one that answered", async () => {
    const d = new Deadlines(100);
    const t0 = performance.now();
    let expiredAt = 0;
    let answeredExpired = false;
    d.watch(() => {
      expiredAt = performance.now() - t0;
    });
    const done = d.watch(() => {
      answeredExpired = true;
    });
    done();
    await sleep(300);
    d.stop();
    expect(expiredAt).toBeGreaterThanOrEqual(100);
    expect(expiredAt).toBeLessThan(250); // a tick is 10 ms here; the rest is a loaded machine's slack
    expect(answeredExpired).toBe(false);
  });
});
