/**
 * `frpc verify` / `frps verify`, reproduced (cmd/frpc/sub/verify.go, cmd/frps/verify.go): load,
 * apply defaults, validate; a load error or any validation error fails. Client common-config
 * errors are all collected and stop there; proxies, then visitors, stop at the first failure.
 * Warnings are kept apart. `output` is byte-for-byte what frp prints on stdout.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { type Diagnostic, isKilnError } from "../core/errors.ts";
import type { Path } from "./decode.ts";
import { completeClient, completeProxy, completeServer, completeVisitor } from "./defaults.ts";
import { type FrpLoadOptions, jsonPath, loadFrpc, loadFrps } from "./load.ts";
import type { Locator } from "./locate.ts";
import type { FrpcConfig, FrpRole, FrpsConfig } from "./types.ts";
import { validateClientCommon, validateProxy, validateServer, validateVisitor } from "./validate.ts";

export interface FrpVerifyOptions extends FrpLoadOptions {
  /** Unsafe features to allow, like frp's `--allow-unsafe` (e.g. "TokenSourceExec"). */
  allowUnsafe?: readonly string[];
  /** Check that the folders of `includes` exist (relative to `cwd`). Default true. */
  checkIncludes?: boolean;
}

export interface FrpVerifyResult {
  role: FrpRole;
  ok: boolean;
  /** frp's error lines, located where possible. */
  errors: Diagnostic[];
  /** frp's warnings and kiln's template warnings. */
  warnings: Diagnostic[];
  /** What frp prints on stdout: `WARNING: …`, the error, or `… syntax is ok`. */
  output: string;
}

/** Verifies frpc configuration text like `frpc verify -c <file>`. */
export function verifyFrpcText(text: string, opts: FrpVerifyOptions = {}): FrpVerifyResult {
  let loaded: ReturnType<typeof loadFrpc>;
  try {
    loaded = loadFrpc(text, opts);
  } catch (e) {
    return loadFailure("client", e);
  }
  const r = verifyFrpc(loaded.config, { ...opts, locate: loaded.locate });
  return { ...r, warnings: [...loaded.warnings, ...r.warnings] };
}

/** Verifies frps configuration text like `frps verify -c <file>`. */
export function verifyFrpsText(text: string, opts: FrpVerifyOptions = {}): FrpVerifyResult {
  let loaded: ReturnType<typeof loadFrps>;
  try {
    loaded = loadFrps(text, opts);
  } catch (e) {
    return loadFailure("server", e);
  }
  const r = verifyFrps(loaded.config, { ...opts, locate: loaded.locate });
  return { ...r, warnings: [...loaded.warnings, ...r.warnings] };
}

type Located = FrpVerifyOptions & { locate?: Locator };

/** Validates a typed (already loaded) frpc config: defaults, common rules, proxies, visitors. */
export function verifyFrpc(config: FrpcConfig, opts: Located = {}): FrpVerifyResult {
  const at = where(opts);
  const common = completeClient(config);
  const cwd = opts.cwd ?? process.cwd();
  const r = validateClientCommon(common, {
    allowUnsafe: opts.allowUnsafe,
    ...(opts.checkIncludes === false
      ? {}
      : { includeExists: (f: string) => existsSync(path.resolve(cwd, path.dirname(f))) }),
  });
  const warnings = r.warnings.map((m) => diag("warning", m, {}, opts));
  if (r.errors.length) {
    return finish(
      "client",
      r.errors.map((m, i) => diag("error", m, at(r.paths[i]!.split(".")), opts)),
      warnings,
      opts,
    );
  }
  // FilterClientConfigurers: `start` and `enabled = false` drop entries before validation.
  const start = new Set(common.start ?? []);
  const keep = (e: { name: string; enabled?: boolean }) =>
    (start.size === 0 || start.has(e.name)) && e.enabled !== false;
  for (const [i, p] of (common.proxies ?? []).entries()) {
    if (!keep(p)) continue;
    const err = validateProxy(completeProxy(p));
    if (err)
      return finish(
        "client",
        [
          diag(
            "error",
            `proxy ${p.name ?? ""}: ${err.message}`,
            at(["proxies", i, ...err.path.split(".")]),
            opts,
          ),
        ],
        warnings,
        opts,
      );
  }
  for (const [i, v] of (common.visitors ?? []).entries()) {
    if (!keep(v)) continue;
    const err = validateVisitor(completeVisitor(v));
    if (err)
      return finish(
        "client",
        [diag("error", `visitor ${v.name ?? ""}: ${err.message}`, at(["visitors", i, err.path]), opts)],
        warnings,
        opts,
      );
  }
  return finish("client", [], warnings, opts);
}

/** Validates a typed (already loaded) frps config. */
export function verifyFrps(config: FrpsConfig, opts: Located = {}): FrpVerifyResult {
  const at = where(opts);
  const completed = completeServer(config);
  const r = validateServer(completed, { allowUnsafe: opts.allowUnsafe });
  return finish(
    "server",
    r.errors.map((m, i) => diag("error", m, at(r.paths[i]!.split(/\.|\[(\d+)\]/).filter(Boolean)), opts)),
    r.warnings.map((m) => diag("warning", m, {}, opts)),
    opts,
  );
}

function where(opts: Located) {
  return (p: Path): Partial<Diagnostic> => {
    const pos = opts.locate?.(p.map((s) => (typeof s === "string" && /^\d+$/.test(s) ? Number(s) : s)));
    return { ...(pos ?? {}), path: jsonPath(p) };
  };
}

function diag(
  severity: "error" | "warning",
  message: string,
  at: Partial<Diagnostic>,
  opts: Located,
): Diagnostic {
  return { severity, message, ...(opts.file ? { file: opts.file } : {}), ...at, rule: "frp/verify" };
}

function finish(role: FrpRole, errors: Diagnostic[], warnings: Diagnostic[], opts: Located): FrpVerifyResult {
  let output = "";
  const frpWarnings = warnings.filter((w) => w.rule === "frp/verify");
  if (frpWarnings.length) output += `WARNING: ${frpWarnings.map((w) => w.message).join("\n")}\n`;
  if (errors.length) output += `${errors.map((e) => e.message).join("\n")}\n`;
  else
    output += `${role === "client" ? "frpc" : "frps"}: the configuration file ${opts.file ?? "<config>"} syntax is ok\n`;
  return { role, ok: errors.length === 0, errors, warnings, output };
}

function loadFailure(role: FrpRole, e: unknown): FrpVerifyResult {
  if (!isKilnError(e)) throw e;
  const error: Diagnostic = { severity: "error", message: e.message, ...e.location, rule: "frp/load" };
  return { role, ok: false, errors: [error], warnings: [], output: `${e.message}\n` };
}
