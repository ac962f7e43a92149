/**
 * Worker threads for large trees: every thread, the main one included, claims small batches of
 * files from a shared counter until none is left (so one huge file does not stall the rest, and
 * no thread waits for another to hand it work); results come back per batch and are put back in
 * file order, so the report is the same whatever the number of threads. The worker threads stay
 * up after checking to locate cross-check findings (the main thread leaves that to them), until
 * `close`.
 */
import { WorkerThread } from "../core/workers.ts";
import type { FileResult } from "./file-check.ts";
import type { ReferenceOptions } from "./references.ts";
import type { SchemaOptions } from "./registry.ts";
import {
  answer,
  type FileResults,
  type Interner,
  interner,
  parseResults,
  type Reply,
  type ServeContext,
  stringifyResults,
  type WorkRequest,
} from "./serve.ts";
import type { Locator } from "./tree.ts";

export interface WorkerSettings {
  schemas: SchemaOptions;
  strict: boolean;
  secretPolicy: boolean;
  decrypt?: boolean;
  policyModules: string[];
  tree?: ReferenceOptions & { treeRoot: string };
  progress?: (done: number, total: number) => void;
}

const BATCH = 8;
/** Files per locate message. */
const LOCATE_BATCH = 32;

/** Workers that have checked every file and can still locate findings. */
export interface WorkerPool extends Locator {
  close(): Promise<void>;
}

/** A checking thread as seen from the main thread; replies come back in request order, and
 * batch results, while a check runs, to `onResults`. */
interface Channel {
  /** Requests worth keeping in flight (a worker should find its next batch waiting). */
  readonly depth: number;
  send(req: WorkRequest, onResults?: (results: FileResults) => void): Promise<Reply>;
  close(): Promise<void>;
}

/**
 * A worker thread (worker.ts). Two locate requests are kept in flight: while the main thread is
 * busy with its own batch it cannot answer a worker at once, and a worker with one request only
 * would sit idle. Results come back per batch as JSON text: for these many small plain records
 * JSON is cheaper than a structured clone (figures in docs/benchmarks.md).
 */
class ThreadChannel implements Channel {
  readonly depth = 2;
  readonly #thread: WorkerThread<WorkRequest, Reply, string>;
  constructor(
    workerData: Omit<WorkerSettings, "progress">,
    readonly intern: Interner,
  ) {
    this.#thread = new WorkerThread(import.meta.url, "worker", workerData);
  }
  send(req: WorkRequest, onResults?: (results: FileResults) => void): Promise<Reply> {
    const display = req.kind === "check" ? req.display : undefined;
    return this.#thread.call(req, (json) => onResults?.(parseResults(json, display, this.intern)));
  }
  close(): Promise<void> {
    return this.#thread.close();
  }
}

/**
 * The main thread's own share: it would otherwise sit idle while the workers check, and each
 * worker costs a start-up (modules, schemas, JIT warm-up) that this one has already paid.
 * Between batches it yields (see `answer`), so the workers' results are taken in promptly.
 * Its results, too, are kept as read back from JSON: as made, their strings (resource names,
 * messages) are slices and concatenations that hold on to the whole text of their file, and
 * every file's text would stay in memory until the report is done.
 */
class LocalChannel implements Channel {
  readonly depth = 1;
  constructor(
    readonly ctx: ServeContext,
    readonly intern: Interner,
  ) {}
  async send(req: WorkRequest, onResults?: (results: FileResults) => void): Promise<Reply> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    const display = req.kind === "check" ? req.display : undefined;
    return answer(this.ctx, req, (results) =>
      onResults?.(parseResults(stringifyResults(results), display, this.intern)),
    );
  }
  async close(): Promise<void> {}
}

/** Runs `next` on each channel until it returns undefined (work queue shared by all). */
async function drain(
  channels: Channel[],
  next: () => { req: WorkRequest; done: (m: Reply) => void } | undefined,
): Promise<void> {
  await Promise.all(
    channels.flatMap((c) =>
      Array.from({ length: c.depth }, async () => {
        for (let job = next(); job; job = next()) job.done(await c.send(job.req));
      }),
    ),
  );
}

export async function runInWorkers(
  files: readonly string[],
  display: readonly string[],
  count: number,
  settings: WorkerSettings,
  local: ServeContext,
): Promise<{ results: FileResult[]; notes: string[]; pool: WorkerPool }> {
  const results: FileResult[] = new Array(files.length);
  const notes: string[] = [];
  let done = 0;
  const { progress, ...workerData } = settings;
  // `count` threads check files: this one and count - 1 workers.
  const threads = Math.max(0, Math.min(count, Math.ceil(files.length / BATCH)) - 1);
  // One string table for every thread's results (see parseResults).
  const intern = interner();
  const channels: Channel[] = [
    new LocalChannel(local, intern),
    ...Array.from({ length: threads }, () => new ThreadChannel(workerData, intern)),
  ];
  const close = async () => {
    await Promise.all(channels.map((c) => c.close()));
  };
  const next = new Int32Array(new SharedArrayBuffer(4));
  try {
    const req: WorkRequest = { kind: "check", files: [...files], display: [...display], next, batch: BATCH };
    const onResults = (batch: FileResults) => {
      for (const r of batch) results[r.index] = r.result;
      done += batch.length;
      progress?.(done, files.length);
    };
    await Promise.all(channels.map((c) => c.send(req, onResults)));
    for (const c of channels) {
      const m = await c.send({ kind: "notes" });
      if (m.kind === "notes") notes.push(...m.notes);
    }
  } catch (e) {
    // No thread claims another file: the main thread's own loop ends at its next batch.
    Atomics.store(next, 0, files.length);
    await close();
    throw e;
  }
  // Locating re-reads files: with worker threads it is left to them. The main thread holds every
  // file's results by now, and parsing on top of them is what grew its heap to the run's peak
  // (on the bench corpus, 25,000 duplicates in files without findings of their own).
  const locators = channels.length > 1 ? channels.slice(1) : channels;
  const pool: WorkerPool = {
    async locate(jobs) {
      const out: Array<Array<number | undefined>> = new Array(jobs.length);
      let at = 0;
      await drain(locators, () => {
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
