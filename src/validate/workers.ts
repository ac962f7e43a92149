/**
 * Worker threads for large trees: files are handed out in small batches to whichever worker is
 * free (so one huge file does not stall the rest), results come back per file and are put
 * back in file order, so the report is the same whatever the number of threads. The workers
 * stay up after checking to locate cross-check findings (re-reading files with positions is
 * the costly part of a report), until `close`.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { KilnError } from "../core/errors.ts";
import type { FileResult } from "./file-check.ts";
import type { Path } from "./object.ts";
import type { SchemaOptions } from "./registry.ts";

export interface WorkerSettings {
  schemas: SchemaOptions;
  strict: boolean;
  secretPolicy: boolean;
  policyModules: string[];
  progress?: (done: number, total: number) => void;
}

/** Paths to locate in the objects of one file. */
export interface LocateJob {
  file: string;
  display: string;
  items: Array<{ at: number; path: Path }>;
}

/** Message to a worker. */
export type WorkRequest =
  | { kind: "check"; batch: Array<{ index: number; file: string; display: string }> }
  | { kind: "notes" }
  | { kind: "locate"; jobs: LocateJob[] };
/** Message from a worker: one result per file, notes, lines per job item, or a fatal error. */
export type WorkReply =
  | { kind: "results"; results: Array<{ index: number; result: FileResult }> }
  | { kind: "notes"; notes: string[] }
  | { kind: "located"; lines: Array<Array<number | undefined>> }
  | { kind: "fatal"; message: string; isKiln: boolean };

const BATCH = 8;
/** Files per locate message. */
const LOCATE_BATCH = 32;
/**
 * Young-generation size of a worker (MB). Checking allocates many short-lived objects (parsed
 * documents, CEL values); a larger nursery means far fewer scavenges for a little more memory.
 */
const YOUNG_GENERATION_MB = 48;

/**
 * The worker entry. Under tsx/vitest this module is TypeScript and the worker needs the tsx
 * loader, which `execArgv` cannot give a worker thread: a tiny eval'd bootstrap registers it
 * and then imports the entry.
 */
function spawnWorker(workerData: unknown): Worker {
  const resourceLimits = { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB };
  if (!import.meta.url.endsWith(".ts"))
    return new Worker(new URL("./worker.js", import.meta.url), { workerData, resourceLimits });
  // The ESM flavour of tsx's API sits beside the CommonJS one that require.resolve finds.
  const tsxApi = pathToFileURL(
    createRequire(import.meta.url)
      .resolve("tsx/esm/api")
      .replace(/\.cjs$/, ".mjs"),
  ).href;
  const entry = new URL("./worker.ts", import.meta.url).href;
  const code = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { eval: true, workerData, resourceLimits });
}

/** Workers that have checked every file and can still locate findings. */
export interface WorkerPool {
  /** Lines of each job item, in job and item order (undefined: not found). */
  locate(jobs: LocateJob[]): Promise<Array<Array<number | undefined>>>;
  close(): Promise<void>;
}

/** One worker's request/reply channel: one request in flight at a time. */
class Channel {
  #pending?: { resolve: (m: WorkReply) => void; reject: (e: Error) => void };
  #failed?: Error;
  constructor(readonly worker: Worker) {
    worker.on("message", (m: WorkReply) => {
      const p = this.#pending;
      this.#pending = undefined;
      if (!p) return;
      if (m.kind === "fatal") p.reject(m.isKiln ? new KilnError(m.message) : new Error(m.message));
      else p.resolve(m);
    });
    const fail = (e: Error) => {
      this.#failed = e;
      this.#pending?.reject(e);
      this.#pending = undefined;
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`validation worker exited with code ${code}`)));
  }
  send(req: WorkRequest): Promise<WorkReply> {
    if (this.#failed) return Promise.reject(this.#failed);
    return new Promise((resolve, reject) => {
      this.#pending = { resolve, reject };
      this.worker.postMessage(req);
    });
  }
}

/** Runs `next` on each channel until it returns undefined (work queue shared by all). */
async function drain(
  channels: Channel[],
  next: () => { req: WorkRequest; done: (m: WorkReply) => void } | undefined,
): Promise<void> {
  await Promise.all(
    channels.map(async (c) => {
      for (let job = next(); job; job = next()) job.done(await c.send(job.req));
    }),
  );
}

export async function runInWorkers(
  files: readonly string[],
  display: readonly string[],
  count: number,
  settings: WorkerSettings,
): Promise<{ results: FileResult[]; notes: string[]; pool: WorkerPool }> {
  const results: FileResult[] = new Array(files.length);
  const notes: string[] = [];
  let next = 0;
  let done = 0;
  const { progress, ...workerData } = settings;
  const channels = Array.from(
    { length: Math.max(1, Math.min(count, files.length)) },
    () => new Channel(spawnWorker(workerData)),
  );
  const close = async () => {
    await Promise.all(channels.map((c) => c.worker.terminate()));
  };
  try {
    await drain(channels, () => {
      if (next >= files.length) return undefined;
      const batch: Extract<WorkRequest, { kind: "check" }>["batch"] = [];
      for (; next < files.length && batch.length < BATCH; next++)
        batch.push({ index: next, file: files[next]!, display: display[next]! });
      return {
        req: { kind: "check", batch },
        done: (m) => {
          if (m.kind !== "results") return;
          for (const r of m.results) results[r.index] = r.result;
          done += m.results.length;
          progress?.(done, files.length);
        },
      };
    });
    for (const c of channels) {
      const m = await c.send({ kind: "notes" });
      if (m.kind === "notes") notes.push(...m.notes);
    }
  } catch (e) {
    await close();
    throw e;
  }
  const pool: WorkerPool = {
    async locate(jobs) {
      const out: Array<Array<number | undefined>> = new Array(jobs.length);
      let at = 0;
      await drain(channels, () => {
        if (at >= jobs.length) return undefined;
        const start = at;
        const slice = jobs.slice(start, start + LOCATE_BATCH);
        at += slice.length;
        return {
          req: { kind: "locate", jobs: slice },
          done: (m) => {
            if (m.kind !== "located") return;
            for (const [i, l] of m.lines.entries()) out[start + i] = l;
          },
        };
      });
      return out;
    },
    close,
  };
  return { results, notes, pool };
}
