/**
 * Benchmark server process: `gateway` serves the homelab gateway function through kiln's server;
 * `sdk` serves a bare SDK function (FunctionRunner + getServer) that returns its input;
 * `sdk-gateway` serves the same gateway function through the SDK's server (its FunctionRunner
 * and getServer), to tell the server's share of latency from the function's. Prints
 * the bound address, then answers IPC `mem` with heap/RSS after a full GC and `cpu` with the
 * process's CPU time so far (user + system, µs). Both servers get the same gRPC channel options.
 * SIGTERM exits through process.exit so that `node --cpu-prof` writes its profile.
 */
import { FunctionRunner, getServer, to } from "@crossplane-org/function-sdk-typescript";
import * as grpc from "@grpc/grpc-js";
import { pino } from "pino";
import gateway from "../../examples/homelab/platform/function.ts";
import { functionLogger } from "../../src/functions/serve/log.ts";
import { startFunctionServer } from "../../src/functions/serve/server.ts";

const which = process.argv[2];
let address: string;
if (which === "gateway") {
  // As `kiln fn serve` runs it: with its logger at the default (info) level.
  const logger = functionLogger();
  address = (await startFunctionServer(gateway, { address: "127.0.0.1:0", insecure: true, logger })).address;
} else if (which === "sdk" || which === "sdk-gateway") {
  const logger = pino({ level: "warn" });
  const server = getServer(
    new FunctionRunner(
      { RunFunction: which === "sdk" ? async (req) => to(req) : (req) => gateway.run(req) },
      logger,
    ),
    logger,
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) =>
      e ? reject(e) : resolve(p),
    ),
  );
  address = `127.0.0.1:${port}`;
} else throw new Error(`unknown server ${which}`);

const gc = (globalThis as { gc?: () => void }).gc;
process.on("message", (m) => {
  if (m === "cpu") {
    const c = process.cpuUsage();
    process.send!({ cpuUs: c.user + c.system });
    return;
  }
  if (m !== "mem") return;
  gc?.();
  gc?.();
  const u = process.memoryUsage();
  process.send!({ heapUsed: u.heapUsed, rss: u.rss });
});
process.on("SIGTERM", () => process.exit(0));
process.send!({ address });
