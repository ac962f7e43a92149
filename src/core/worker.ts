/**
 * Starts a worker thread on a kiln module. Built code runs the `.js` file directly. From sources
 * (tsx, vitest) the module is TypeScript and the worker needs tsx's loader, which `execArgv`
 * cannot give a worker thread on Node 20: a tiny eval'd bootstrap registers tsx's ESM API and
 * then imports the module.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";

/** Starts a worker on any kiln module, given as the URL of its `.ts` source (the `.js` when built). */
export function startModuleWorker(entryTs: URL, options: WorkerOptions = {}): Worker {
  if (!import.meta.url.endsWith(".ts"))
    return new Worker(new URL(entryTs.href.replace(/\.ts$/, ".js")), options);
  // require.resolve finds the CommonJS flavour of tsx's API; the ESM one sits beside it.
  const tsxApi = pathToFileURL(
    createRequire(import.meta.url)
      .resolve("tsx/esm/api")
      .replace(/\.cjs$/, ".mjs"),
  ).href;
  const code = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entryTs.href)}); });`;
  return new Worker(code, { ...options, eval: true });
}
