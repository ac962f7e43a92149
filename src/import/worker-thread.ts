/**
 * Starts a worker thread on one of this folder's worker modules. Built code runs the `.js` file
 * directly. From sources (tsx, vitest) the module is TypeScript and the worker needs tsx's
 * loader, which `execArgv` cannot give a worker thread on Node 20: a tiny eval'd bootstrap
 * registers tsx's ESM API and then imports the module.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

export function startWorker(name: "parse-worker" | "validator-worker"): Worker {
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL(`./${name}.js`, import.meta.url));
  // require.resolve finds the CommonJS flavour of tsx's API; the ESM one sits beside it.
  const tsxApi = pathToFileURL(
    createRequire(import.meta.url)
      .resolve("tsx/esm/api")
      .replace(/\.cjs$/, ".mjs"),
  ).href;
  const entry = new URL(`./${name}.ts`, import.meta.url).href;
  const code = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { eval: true });
}
