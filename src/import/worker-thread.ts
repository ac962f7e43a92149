/**
 * Starts a worker thread on one of this folder's worker modules. Built code runs the `.js` file
 * directly. From sources (tsx, vitest) the module is TypeScript and the worker needs tsx's
 * loader, which `execArgv` cannot give a worker thread on Node 20: a tiny eval'd bootstrap
 * registers tsx's ESM API and then imports the module.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { type ResourceLimits, Worker, type WorkerOptions } from "node:worker_threads";

export function startWorker(
  name: "parse-worker" | "validator-worker",
  resourceLimits: ResourceLimits = {},
): Worker {
  return startModuleWorker(new URL(`./${name}.ts`, import.meta.url), { resourceLimits });
}

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

/**
 * Drains `queue` (item indices) through `n` workers of one module: each worker gets the next
 * index as soon as it answers, and is terminated when the queue is empty. `message(id)` builds
 * the request; `onReply` sees every answer (which must carry nothing the caller cannot match up).
 */
export async function runQueue<Reply>(
  name: "parse-worker" | "validator-worker",
  queue: number[],
  n: number,
  message: (id: number) => unknown,
  onReply: (reply: Reply) => void,
): Promise<void> {
  const run = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const w = startWorker(name);
      const next = () => {
        const id = queue.shift();
        if (id === undefined) {
          void w.terminate();
          resolve();
          return;
        }
        w.postMessage(message(id));
      };
      w.on("message", (m: Reply) => {
        onReply(m);
        next();
      });
      w.on("error", reject);
      next();
    });
  await Promise.all(Array.from({ length: n }, run));
}
