/**
 * What `kiln frp verify` and `kiln frp check` do, as functions returning their output, so the CLI
 * file only prints. stdout carries frp's own words; located diagnostics go to stderr.
 */
import { readFileSync, statSync } from "node:fs";
import { formatDiagnostic, KilnError, UsageError } from "../core/errors.ts";
import { checkFrpPair } from "./check.ts";
import { loadFrpc, loadFrps } from "./load.ts";
import { type FrpVerifyResult, verifyFrpcText, verifyFrpsText } from "./verify.ts";

export interface FrpCommandOutput {
  stdout: string;
  stderr: string;
  exitCode: 0 | 1;
}

export interface FrpCommandFlags {
  /** `K=V` pairs for `{{ .Envs.K }}`. */
  env?: string[];
  /** Also use the process environment (as frp does); `--env` wins. */
  processEnv?: boolean;
  allowUnsafe?: string[];
}

/** `kiln frp verify -c FILE [--server]`: frpc/frps verify's verdict and output. */
export function runFrpVerify(file: string, flags: FrpCommandFlags & { server?: boolean }): FrpCommandOutput {
  const text = read(file);
  const opts = { file, env: environment(flags), allowUnsafe: flags.allowUnsafe };
  const r = flags.server ? verifyFrpsText(text, opts) : verifyFrpcText(text, opts);
  return { stdout: r.output, stderr: diagnostics(r), exitCode: r.ok ? 0 : 1 };
}

/** `kiln frp check --client A --server B`: verify both, then the cross-checks. */
export function runFrpCheck(
  clientFile: string,
  serverFile: string,
  flags: FrpCommandFlags,
): FrpCommandOutput {
  const env = environment(flags);
  const clientText = read(clientFile);
  const serverText = read(serverFile);
  const vc = verifyFrpcText(clientText, { file: clientFile, env, allowUnsafe: flags.allowUnsafe });
  const vs = verifyFrpsText(serverText, { file: serverFile, env, allowUnsafe: flags.allowUnsafe });
  let stdout = "";
  const stderr = diagnostics(vc) + diagnostics(vs);
  if (!vc.ok || !vs.ok) {
    stdout += `${vc.output}${vs.output}`;
    return { stdout, stderr, exitCode: 1 };
  }
  const client = loadFrpc(clientText, { file: clientFile, env });
  const server = loadFrps(serverText, { file: serverFile, env });
  const found = checkFrpPair(client.config, server.config, {
    clientFile,
    serverFile,
    clientLocate: client.locate,
    serverLocate: server.locate,
  });
  const errors = found.filter((d) => d.severity === "error").length;
  stdout += found.map((d) => `${formatDiagnostic(d)}\n`).join("");
  stdout += errors
    ? `frp check: ${errors} error(s), ${found.length - errors} warning(s)\n`
    : `frp check: ${clientFile} fits ${serverFile}${found.length ? ` (${found.length} warning(s))` : ""}\n`;
  return { stdout, stderr, exitCode: errors ? 1 : 0 };
}

function read(file: string): string {
  try {
    // A FIFO or device would block the read forever (or never end): only regular files are configs.
    if (!statSync(file).isFile()) throw new KilnError(`${file} is not a regular file`, { file });
    return readFileSync(file, "utf8");
  } catch (e) {
    if (e instanceof KilnError) throw e;
    throw new KilnError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, {
      file,
    });
  }
}

function environment(flags: FrpCommandFlags): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = flags.processEnv ? { ...process.env } : {};
  for (const pair of flags.env ?? []) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new UsageError(`--env expects NAME=VALUE, got "${pair.split("=")[0]}…"`);
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return env;
}

function diagnostics(r: FrpVerifyResult): string {
  return [...r.errors.filter((d) => d.line !== undefined || d.path !== undefined), ...r.warnings]
    .map((d) => `${formatDiagnostic(d)}\n`)
    .join("");
}
