/**
 * `import "kiln"` loads none of the heavy dependencies: a control plane (or a script that renders
 * one) must not pay for gRPC, the function SDK, Ajv, CEL/RE2 or esbuild. A resolve hook
 * (`module.register`) in a fresh node records every module the import resolves; the subpath
 * that does need the function SDK shows the hook sees such loads.
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/env.ts";

const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

/** Resolved by the hook, they mean a heavy dependency was loaded (`cel-vendor` bundles CEL and RE2). */
const HEAVY =
  /\/node_modules\/(@grpc\/grpc-js|@crossplane-org\/function-sdk-typescript|ajv|ajv-formats|@bufbuild\/cel|@bufbuild\/re2|esbuild|tsx|age-encryption)\/|\/core\/cel-vendor\.[jt]s$/;

const HOOK = `data:text/javascript,${encodeURIComponent(`
import { register } from "node:module";
import { MessageChannel } from "node:worker_threads";
const { port1, port2 } = new MessageChannel();
globalThis.kilnLoaded = [];
port1.on("message", (url) => globalThis.kilnLoaded.push(url));
port1.unref();
register("data:text/javascript," + encodeURIComponent(\`
let port;
export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  port.postMessage(r.url);
  return r;
}\`), { data: { port: port2 }, transferList: [port2] });
`)}`;

/** The URLs of every module importing `file` (a source entry) resolves, in a fresh node. */
function loadedBy(file: string): string[] {
  const script = `await import(${JSON.stringify(pathToFileURL(path.join(ROOT, file)).href)});
await new Promise((r) => setTimeout(r, 50));
process.stdout.write(JSON.stringify(globalThis.kilnLoaded));`;
  const r = spawnSync(
    process.execPath,
    ["--import", TSX, "--import", HOOK, "--input-type=module", "-e", script],
    {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 60_000,
    },
  );
  expect(r.status, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as string[]).map((u) => (u.startsWith("file:") ? new URL(u).pathname : u));
}

describe("import cost of the public entry points", () => {
  it("kiln loads no gRPC, function SDK, Ajv, CEL, RE2, esbuild, tsx or age", () => {
    const loaded = loadedBy("src/index.ts");
    expect(loaded.some((u) => u.endsWith("/src/model/control-plane.ts"))).toBe(true);
    expect(loaded.filter((u) => HEAVY.test(u))).toEqual([]);
  });

  it("the hook does see heavy modules: kiln/function loads the function SDK and gRPC", () => {
    const loaded = loadedBy("src/function.ts");
    expect(loaded.some((u) => u.includes("/node_modules/@crossplane-org/function-sdk-typescript/"))).toBe(
      true,
    );
    expect(loaded.some((u) => u.includes("/node_modules/@grpc/grpc-js/"))).toBe(true);
  });
});
