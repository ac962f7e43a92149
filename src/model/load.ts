/**
 * Loads the user's entry module (TypeScript, no build step) through tsx, and turns anything that
 * goes wrong in user code into a KilnError at the user's file and line.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { isKilnError, KilnError } from "../core/errors.ts";
import { displayPath, findUp } from "../core/paths.ts";
import { KILN_OWN_FOLDERS, sourceMappedStack, userFrame } from "./caller.ts";
import { GENERATION_QUERY } from "./reload-hooks.ts";
import { inSandbox, userCode } from "./sandbox.ts";

const ENTRY_NAMES = ["main.ts", "index.ts", "main.mts", "main.js", "main.mjs"];

/** A directory resolves to its `main.ts` (or index.ts, …); a file is used as is. */
export function resolveEntry(entry: string): string {
  const abs = path.resolve(entry);
  if (!existsSync(abs)) throw new KilnError(`no such file or folder: ${entry}`);
  if (statSync(abs).isDirectory()) {
    for (const n of ENTRY_NAMES) {
      const f = path.join(abs, n);
      if (existsSync(f)) return f;
    }
    throw new KilnError(`no entry module in ${entry} (looked for ${ENTRY_NAMES.join(", ")})`);
  }
  return abs;
}

/** Imports a TypeScript/JavaScript module; user errors come back as KilnErrors with file:line. */
export async function importUserModule(file: string): Promise<Record<string, unknown>> {
  // The sandbox's loader would load such a file as CommonJS, where `require` caches it (and what
  // it requires) once per worker; say what the scoped loader's failure to require kiln says.
  const commonjs = inSandbox ? commonJsPackage(file) : undefined;
  if (commonjs) throw commonJsError(file, commonjs);
  const load = inSandbox ? await sandboxImport() : await scopedImport();
  process.setSourceMapsEnabled(true);
  try {
    return (await userCode(`the top level of ${displayPath(file)}`, () => load(file))) as Record<
      string,
      unknown
    >;
  } catch (e) {
    throw toUserError(e, file);
  }
}

type Importer = (file: string) => Promise<unknown>;

/** In kiln's own process (the `render()` API, tests): tsx scoped to this one import. */
async function scopedImport(): Promise<Importer> {
  const { tsImport } = await import("tsx/esm/api");
  return (file) => tsImport(pathToFileURL(file).href, { parentURL: import.meta.url });
}

let sandboxLoader: Promise<void> | undefined;
let generation = 0;

/**
 * In a sandbox worker, which may serve many builds (`--watch`): tsx is registered for the whole
 * worker once, and each import is a new generation of the user's modules (reload-hooks.ts), so
 * the file as it is now is evaluated, with every user module it imports.
 */
async function sandboxImport(): Promise<Importer> {
  sandboxLoader ??= (async () => {
    // From sources the worker's bootstrap has registered tsx already (core/workers.ts).
    if (!import.meta.url.endsWith(".ts")) (await import("tsx/esm/api")).register();
    const { register } = await import("node:module");
    register(new URL(`./reload-hooks${path.extname(import.meta.url)}`, import.meta.url), {
      data: { own: KILN_OWN_FOLDERS },
    });
  })();
  await sandboxLoader;
  return (file) => import(`${pathToFileURL(file).href}?${GENERATION_QUERY}=${++generation}`);
}

/** The package.json that makes `file` CommonJS (no `"type": "module"`), if it is .ts/.js. */
function commonJsPackage(file: string): string | undefined {
  if (!/\.(ts|js|tsx|jsx)$/.test(file)) return undefined;
  const pkg = findUp(path.dirname(path.resolve(file)), "package.json");
  if (!pkg) return undefined;
  try {
    return (JSON.parse(readFileSync(pkg, "utf8")) as { type?: string }).type === "module" ? undefined : pkg;
  } catch {
    return undefined;
  }
}

/**
 * In a "type": "commonjs" package (npm init's default) tsx loads .ts files as CommonJS, and
 * kiln's ESM-only dependencies (the Crossplane function SDK) cannot be required.
 */
function commonJsError(file: string, pkg: string): KilnError {
  return new KilnError(
    `${displayPath(file)} is loaded as CommonJS because ${displayPath(pkg)} does not say "type": "module", and kiln's modules are ESM only: run \`npm pkg set type=module\`, or name the file main.mts`,
    { file: displayPath(pkg) },
  );
}

/** `String(e)`, unless the value's own toString throws too (then its tag, e.g. `[object Object]`). */
function describeThrown(e: unknown): string {
  try {
    return String(e);
  } catch {
    return Object.prototype.toString.call(e);
  }
}

const ESBUILD_LOCATION = /^(\/[^\n:]+):(\d+):(\d+): ERROR: (.*)$/m;

/** Maps an exception thrown while loading or running user code to a located KilnError. */
export function toUserError(e: unknown, entryFile: string): KilnError {
  if (isKilnError(e)) return e;
  if (!(e instanceof Error))
    return new KilnError(`user code threw a non-Error value: ${describeThrown(e)}`, {
      file: displayPath(entryFile),
    });
  const syntax = ESBUILD_LOCATION.exec(e.message);
  if (syntax) {
    return new KilnError(`syntax error: ${syntax[4]}`, {
      file: displayPath(syntax[1]!),
      line: Number(syntax[2]),
      column: Number(syntax[3]) + 1,
    });
  }
  const code = (e as { code?: string }).code;
  const commonjs =
    code === "ERR_PACKAGE_PATH_NOT_EXPORTED" || code === "ERR_REQUIRE_ESM"
      ? commonJsPackage(entryFile)
      : undefined;
  if (commonjs) return commonJsError(entryFile, commonjs);
  if (
    code === "ERR_MODULE_NOT_FOUND" ||
    code === "ERR_PACKAGE_PATH_NOT_EXPORTED" ||
    code === "ERR_UNSUPPORTED_DIR_IMPORT"
  ) {
    // Node's message names the importing file; the stack points inside Node's resolver.
    const first = e.message.split("\n")[0]!;
    const from = / imported from (\S+)$/.exec(first)?.[1];
    const importer = from?.startsWith("file:") ? new URL(from).pathname : from;
    return new KilnError(first.replace(/ imported from \S+$/, "").replace(/^Cannot find/, "cannot find"), {
      file: displayPath(importer ?? entryFile),
    });
  }
  const frame = userFrame(sourceMappedStack(e));
  const kind = e.name && e.name !== "Error" ? `${e.name}: ` : "";
  if (frame) {
    return new KilnError(`${kind}${e.message}`, {
      file: displayPath(frame.file),
      line: frame.line,
      column: frame.column,
    });
  }
  return new KilnError(`${kind}${e.message}`, { file: displayPath(entryFile) });
}
