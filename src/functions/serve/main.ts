/**
 * Running a function server as a process: flag values → ServeOptions, SIGTERM/SIGINT →
 * graceful shutdown. Used by `kiln fn serve` and by the entry of packaged functions (which has
 * no commander, so it parses the same flags with node:util).
 */
import { parseArgs } from "node:util";
import { UsageError } from "../../core/errors.ts";
import type { KilnFunction } from "../author/contract.ts";
import { DEFAULT_ADDRESS, DEFAULT_TLS_SERVER_CERTS_DIR, SHUTDOWN_GRACE_MS } from "./defaults.ts";
import { functionLogger } from "./log.ts";
import { type FunctionServer, type ServeOptions, startFunctionServer } from "./server.ts";

/** Flag values as both front ends collect them (strings, unparsed). */
export interface ServeFlags {
  address?: string;
  insecure?: boolean;
  tlsServerCertsDir?: string;
  maxMessageSize?: string;
  deadline?: string;
  debug?: boolean;
}

/** Validates flag values; bad values are usage errors (exit 2). */
export function serveOptions(flags: ServeFlags): ServeOptions & { debug: boolean } {
  return {
    address: flags.address ?? DEFAULT_ADDRESS,
    insecure: flags.insecure ?? false,
    tlsServerCertsDir: flags.tlsServerCertsDir ?? DEFAULT_TLS_SERVER_CERTS_DIR,
    ...(flags.maxMessageSize !== undefined ? { maxMessageBytes: parseSize(flags.maxMessageSize) } : {}),
    ...(flags.deadline !== undefined ? { deadlineMs: parseDuration(flags.deadline) } : {}),
    debug: flags.debug ?? false,
  };
}

/** `4194304`, `512Ki`, `4Mi` (also `KiB`/`MiB`) → bytes. */
export function parseSize(s: string): number {
  const m = /^(\d+)(Ki|Mi|KiB|MiB)?$/.exec(s.trim());
  if (!m) throw new UsageError(`--max-message-size: "${s}" is not a size (bytes, or a number with Ki/Mi)`);
  const n = Number(m[1]) * (m[2]?.startsWith("Mi") ? 1024 * 1024 : m[2]?.startsWith("Ki") ? 1024 : 1);
  if (n < 1024) throw new UsageError(`--max-message-size: ${s} is too small (at least 1Ki)`);
  return n;
}

/** `500ms`, `30s`, `2m` or a number of seconds → milliseconds. */
export function parseDuration(s: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(s.trim());
  if (!m) throw new UsageError(`--deadline: "${s}" is not a duration (e.g. 500ms, 30s, 2m)`);
  const n = Number(m[1]) * (m[2] === "ms" ? 1 : m[2] === "m" ? 60_000 : 1000);
  if (n < 1) throw new UsageError(`--deadline: ${s} is too short`);
  return Math.round(n);
}

/**
 * Serves `fn` until SIGTERM or SIGINT, then stops accepting calls, lets in-flight ones finish
 * (up to the grace period) and exits 0.
 */
export async function serveUntilSignal(fn: KilnFunction, flags: ServeFlags): Promise<FunctionServer> {
  const opts = serveOptions(flags);
  const logger = functionLogger({ debug: opts.debug });
  const server = await startFunctionServer(fn, { ...opts, logger });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down; finishing in-flight calls");
    void server.shutdown(SHUTDOWN_GRACE_MS).then(() => process.exit(0));
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
  return server;
}

/**
 * Entry of a packaged function: the SDK's flags (`--address`, `--insecure`,
 * `--tls-server-certs-dir`, `--debug`) plus kiln's `--max-message-size` and `--deadline`.
 * Crossplane's runtime passes the certificate folder as `TLS_SERVER_CERTS_DIR`.
 */
export async function runPackaged(fn: KilnFunction, argv: string[], env: NodeJS.ProcessEnv): Promise<void> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        address: { type: "string" },
        insecure: { type: "boolean" },
        "tls-server-certs-dir": { type: "string" },
        "max-message-size": { type: "string" },
        deadline: { type: "string" },
        debug: { type: "boolean", short: "d" },
      },
    }));
    await serveUntilSignal(fn, {
      address: values.address as string | undefined,
      insecure: values.insecure as boolean | undefined,
      tlsServerCertsDir: (values["tls-server-certs-dir"] as string | undefined) ?? env.TLS_SERVER_CERTS_DIR,
      maxMessageSize: values["max-message-size"] as string | undefined,
      deadline: values.deadline as string | undefined,
      debug: values.debug as boolean | undefined,
    });
  } catch (e) {
    process.stderr.write(`${fn.name}: ${(e as Error).message}\n`);
    process.exit((e as Error).name === "KilnError" ? 1 : 2);
  }
}
