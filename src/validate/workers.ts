/**
 * Worker threads for large trees: files are handed out in small batches to whichever worker is
 * free (so one huge file does not stall the rest), results come back per file and are put
 * back in file order, so the report is the same whatever the number of threads.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { KilnError } from "../core/errors.ts";
import type { FileResult } from "./file-check.ts";
import type { SchemaOptions } from "./registry.ts";

export interface WorkerSettings {
  schemas: SchemaOptions;
  strict: boolean;
  secretPolicy: boolean;
  policyModules: string[];
  progress?: (done: number, total: number) => void;
}

/** Message to a worker: check these files. */
export interface WorkRequest {
  batch: Array<{ index: number; file: string; display: string }>;
}
/** Message from a worker: one result per file, or a fatal error. */
export type WorkReply =
  | { kind: "results"; results: Array<{ index: number; result: FileResult }> }
  | { kind: "notes"; notes: string[] }
  | { kind: "fatal"; message: string; isKiln: boolean };

const BATCH = 8;

/**
 * The worker entry. Under tsx/vitest this module is TypeScript and the worker needs the tsx
 * loader, which `execArgv` cannot give a worker thread: a tiny eval'd bootstrap registers it
 * and then imports the entry.
 */
function spawnWorker(workerData: unknown): Worker {
  if (!import.meta.url.endsWith(".ts"))
    return new Worker(new URL("./worker.js", import.meta.url), { workerData });
  // The ESM flavour of tsx's API sits beside the CommonJS one that require.resolve finds.
  const tsxApi = pathToFileURL(
    createRequire(import.meta.url)
      .resolve("tsx/esm/api")
      .replace(/\.cjs$/, ".mjs"),
  ).href;
  const entry = new URL("./worker.ts", import.meta.url).href;
  const code = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { eval: true, workerData });
}

export async function runInWorkers(
  files: readonly string[],
  display: readonly string[],
  count: number,
  settings: WorkerSettings,
): Promise<{ results: FileResult[]; notes: string[] }> {
  const results: FileResult[] = new Array(files.length);
  const notes: string[] = [];
  let next = 0;
  let done = 0;
  const { progress, ...workerData } = settings;
  const take = (): WorkRequest | undefined => {
    if (next >= files.length) return undefined;
    const batch: WorkRequest["batch"] = [];
    for (; next < files.length && batch.length < BATCH; next++)
      batch.push({ index: next, file: files[next]!, display: display[next]! });
    return { batch };
  };
  const workers: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: Math.min(count, files.length) }, () => {
        const w = spawnWorker(workerData);
        workers.push(w);
        return new Promise<void>((resolve, reject) => {
          w.on("message", (m: WorkReply) => {
            if (m.kind === "fatal") {
              reject(m.isKiln ? new KilnError(m.message) : new Error(m.message));
              return;
            }
            if (m.kind === "notes") {
              notes.push(...m.notes);
              resolve();
              return;
            }
            for (const r of m.results) results[r.index] = r.result;
            done += m.results.length;
            progress?.(done, files.length);
            const req = take();
            w.postMessage(req ?? { batch: [] });
          });
          w.on("error", reject);
          w.on("exit", (code) =>
            code === 0 ? resolve() : reject(new Error(`validation worker exited with code ${code}`)),
          );
          w.postMessage(take() ?? { batch: [] });
        });
      }),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return { results, notes };
}
