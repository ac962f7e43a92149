/**
 * Worker threads for large trees: files are handed out in small batches to whichever worker is
 * free (so one huge file does not stall the rest), results come back per file and are put
 * back in file order, so the report is the same whatever the number of threads.
 */
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

function workerUrl(): { url: URL; execArgv: string[] } {
  // Under tsx/vitest this module is TypeScript and the worker needs the tsx loader too.
  const ts = import.meta.url.endsWith(".ts");
  return {
    url: new URL(ts ? "./worker.ts" : "./worker.js", import.meta.url),
    execArgv: ts ? ["--import", "tsx"] : [],
  };
}

export async function runInWorkers(
  files: readonly string[],
  display: readonly string[],
  count: number,
  settings: WorkerSettings,
): Promise<{ results: FileResult[]; notes: string[] }> {
  const results: FileResult[] = new Array(files.length);
  const notes: string[] = [];
  const { url, execArgv } = workerUrl();
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
        const w = new Worker(url, { workerData, execArgv });
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
