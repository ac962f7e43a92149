/**
 * The gRPC server behind `kiln fn serve` and packaged functions: Crossplane's
 * `apiextensions.fn.proto.v1.FunctionRunnerService` via the SDK's service definition, with
 * mutual TLS, a message size limit, a per-request deadline and graceful shutdown.
 *
 * Why not the SDK's `startServer`: its `getServerCredentials` makes client certificates
 * optional (`checkClientCertificate = false`), while Crossplane's function runtime uses mutual
 * TLS; and it has no message size or deadline settings. The service definition with its
 * generated (ts-proto) wire code, the message types and the response helpers are the SDK's.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  FunctionRunnerServiceService,
  type RunFunctionRequest,
  type RunFunctionResponse,
  Severity,
} from "@crossplane-org/function-sdk-typescript";
import * as grpc from "@grpc/grpc-js";
import type { Logger } from "pino";
import { KilnError } from "../../core/errors.ts";
import type { KilnFunction } from "../author/contract.ts";
import { fatalResponse } from "../author/step.ts";
import {
  DEFAULT_ADDRESS,
  DEFAULT_DEADLINE_MS,
  DEFAULT_MAX_MESSAGE_BYTES,
  DEFAULT_TLS_SERVER_CERTS_DIR,
} from "./defaults.ts";

export interface ServeOptions {
  /** `host:port`; `:port` means all interfaces. Port 0 picks a free port. */
  address?: string;
  /** Plain-text gRPC (development only). */
  insecure?: boolean;
  /** Folder with `tls.key`, `tls.crt` and `ca.crt`; clients must present a cert signed by ca.crt. */
  tlsServerCertsDir?: string;
  /** Largest request or response accepted, in bytes. */
  maxMessageBytes?: number;
  /** Time a single RunFunction may take before it is answered with a FATAL result. */
  deadlineMs?: number;
  /** Structured logger; per-request lines are at debug level. Request content is never logged. */
  logger?: Logger;
}

export interface FunctionServer {
  /** The bound address, with the real port when 0 was asked for. */
  readonly address: string;
  readonly port: number;
  /**
   * Stops accepting calls and resolves once in-flight calls have been answered; after
   * `graceMs` remaining calls are cancelled.
   */
  shutdown(graceMs?: number): Promise<void>;
}

/** Starts serving `fn`. Throws a KilnError when certificates are unreadable or the address is taken. */
export async function startFunctionServer(
  fn: KilnFunction,
  opts: ServeOptions = {},
): Promise<FunctionServer> {
  const maxBytes = opts.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const deadlineMs = opts.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const log = opts.logger;
  const creds = serverCredentials(opts);
  const deadlines = new Deadlines(deadlineMs);
  const server = new grpc.Server({
    "grpc.max_receive_message_length": maxBytes,
    "grpc.max_send_message_length": maxBytes,
    // grpc-js keeps channelz counters and timestamps per call and session even when no channelz
    // service is exposed (kiln exposes none; Crossplane never asks): work and garbage per call
    // that nothing reads.
    "grpc.enable_channelz": 0,
  });
  server.addService(FunctionRunnerServiceService, {
    runFunction: (
      call: grpc.ServerUnaryCall<RunFunctionRequest, RunFunctionResponse>,
      callback: grpc.sendUnaryData<RunFunctionResponse>,
    ) => {
      const start = process.hrtime.bigint();
      runGuarded(fn, call.request, deadlines).then((rsp) => {
        if (log) logCall(log, fn.name, call.request, rsp, start);
        callback(null, rsp);
      });
    },
  });
  const address = normalizeAddress(opts.address ?? DEFAULT_ADDRESS);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(address, creds, (err, p) => (err ? reject(err) : resolve(p))),
  ).catch((e: Error) => {
    throw new KilnError(`cannot listen on ${address}: ${e.message}`);
  });
  const bound = address.replace(/:\d+$/, `:${port}`);
  log?.info(
    { function: fn.name, address: bound, tls: !opts.insecure, maxMessageBytes: maxBytes, deadlineMs },
    "serving",
  );
  return {
    address: bound,
    port,
    shutdown: (graceMs = 30_000) =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          log?.warn({ function: fn.name, graceMs }, "grace period over; cancelling in-flight calls");
          server.forceShutdown();
          deadlines.stop();
          resolve();
        }, graceMs);
        force.unref();
        server.tryShutdown(() => {
          clearTimeout(force);
          deadlines.stop();
          log?.info({ function: fn.name }, "stopped");
          resolve();
        });
      }),
  };
}

/**
 * The deadlines of a server's in-flight calls, checked by one timer. A timer per call
 * (setTimeout, cleared when the call answered) raced against the function kept every call's
 * request reachable until V8's next full collection: at 1,000 calls/s the server promoted
 * ~1.5 MB per scavenge and paused 10–35 ms for a mark-compact every 1–2 s (`node --trace-gc`);
 * with one timer it promotes ~0.2 MB per scavenge, as a bare SDK server does. A late call is
 * answered between its deadline and one tick (a tenth of the deadline, 10 ms to 1 s) later.
 */
export class Deadlines {
  private readonly pending = new Set<{ at: number; expire: () => void }>();
  private readonly timer: NodeJS.Timeout;

  constructor(readonly ms: number) {
    this.timer = setInterval(() => this.sweep(), Math.min(1000, Math.max(10, ms / 10)));
    this.timer.unref();
  }

  /** Calls `expire` once the deadline has passed, unless the returned function was called first. */
  watch(expire: () => void): () => void {
    const entry = { at: performance.now() + this.ms, expire };
    this.pending.add(entry);
    return () => this.pending.delete(entry);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private sweep(): void {
    const now = performance.now();
    for (const e of this.pending) {
      if (e.at > now) continue;
      this.pending.delete(e);
      e.expire();
    }
  }
}

/**
 * Runs one call so that nothing user code does can crash the server: a throw or a rejected
 * promise becomes a FATAL result, and so does a call that outlives the deadline (JavaScript
 * cannot stop it, but its late answer is dropped).
 */
export function runGuarded(
  fn: KilnFunction,
  req: RunFunctionRequest,
  deadlines: Deadlines,
): Promise<RunFunctionResponse> {
  const ttl = { seconds: 60, nanos: 0 };
  return new Promise<RunFunctionResponse>((resolve) => {
    // Whichever comes first answers; a promise settles once, so the other is dropped.
    const done = deadlines.watch(() =>
      resolve(
        fatalResponse(
          req,
          ttl,
          `function ${fn.name} did not answer within the deadline of ${deadlines.ms} ms`,
        ),
      ),
    );
    Promise.resolve()
      .then(() => fn.run(req))
      .catch((e: unknown) =>
        fatalResponse(req, ttl, `function ${fn.name} failed: ${e instanceof Error ? e.message : String(e)}`),
      )
      .then((rsp) => {
        done();
        resolve(rsp);
      });
  });
}

function serverCredentials(opts: ServeOptions): grpc.ServerCredentials {
  if (opts.insecure) return grpc.ServerCredentials.createInsecure();
  const dir = opts.tlsServerCertsDir ?? DEFAULT_TLS_SERVER_CERTS_DIR;
  const read = (f: string) => {
    try {
      return readFileSync(path.join(dir, f));
    } catch (e) {
      throw new KilnError(
        `cannot read ${f} from the TLS folder ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message} (it needs tls.key, tls.crt and ca.crt; use --insecure for local development)`,
      );
    }
  };
  const key = read("tls.key");
  const cert = read("tls.crt");
  const ca = read("ca.crt");
  try {
    // `true`: clients must present a certificate signed by ca.crt (mutual TLS, as Crossplane does).
    return grpc.ServerCredentials.createSsl(ca, [{ private_key: key, cert_chain: cert }], true);
  } catch (e) {
    throw new KilnError(`invalid TLS material in ${dir}: ${(e as Error).message}`);
  }
}

/** Go-style `:9443` → `0.0.0.0:9443`; a bare port gets the same treatment. */
export function normalizeAddress(address: string): string {
  if (/^\d+$/.test(address)) return `0.0.0.0:${address}`;
  if (address.startsWith(":")) return `0.0.0.0${address}`;
  return address;
}

/** One line per call: counts and timing only, never resource content, credentials or connection details. */
function logCall(
  log: Logger,
  name: string,
  req: RunFunctionRequest,
  rsp: RunFunctionResponse,
  start: bigint,
): void {
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const fatal = rsp.results.find((r) => r.severity === Severity.SEVERITY_FATAL);
  if (fatal) {
    log.warn(
      { function: name, tag: req.meta?.tag, durationMs: ms, result: fatal.message },
      "RunFunction fatal",
    );
    return;
  }
  if (!log.isLevelEnabled("debug")) return;
  log.debug(
    {
      function: name,
      tag: req.meta?.tag,
      durationMs: ms,
      observed: Object.keys(req.observed?.resources ?? {}).length,
      desired: Object.keys(rsp.desired?.resources ?? {}).length,
      results: rsp.results.length,
    },
    "RunFunction",
  );
}
