/**
 * kiln's one worker-thread protocol: a worker module answers tasks in the order they were sent,
 * may send partial results while a task runs, and sends a failure back as one serialised error
 * (`SerializedError`, rebuilt with its Location on this side).
 *
 * Why not piscina or tinypool: both run independent tasks on interchangeable threads. validate's
 * threads keep state between tasks (schemas, then the objects they checked, to locate findings
 * later), claim files from a shared counter, stream results per batch while checking, and work
 * beside the main thread; what is left to share is this message protocol and the start-up.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { parentPort, Worker, type WorkerOptions } from "node:worker_threads";
import { deserializeError, type SerializedError, serializeError } from "./errors.ts";

type Message<R, P> =
  | { id: number; partial: P }
  | { id: number; ok: R }
  | { id: number; error: SerializedError };

/**
 * A worker thread running the module `name` beside `base` (the caller's `import.meta.url`):
 * `name.js` from built code; from sources (tsx, vitest) `name.ts` through a tiny eval'd bootstrap
 * that registers tsx's loader, which `execArgv` cannot give a worker thread on Node 20.
 * `call`s are answered in order; after the thread fails or exits, every call rejects.
 */
export class WorkerThread<Task, Result, Partial = never> {
  readonly #worker: Worker;
  readonly #pending = new Map<
    number,
    {
      resolve: (r: Result) => void;
      reject: (e: Error) => void;
      onPartial?: ((p: Partial) => void) | undefined;
    }
  >();
  #next = 0;
  #failed?: Error;

  constructor(base: string, name: string, workerData?: unknown) {
    this.#worker = startWorker(base, name, workerData);
    this.#worker.on("message", (m: Message<Result, Partial>) => {
      const p = this.#pending.get(m.id);
      if (!p) return;
      if ("partial" in m) {
        p.onPartial?.(m.partial);
        return;
      }
      this.#pending.delete(m.id);
      if ("error" in m) p.reject(deserializeError(m.error));
      else p.resolve(m.ok);
    });
    const fail = (e: Error) => {
      this.#failed ??= e;
      for (const p of this.#pending.values()) p.reject(e);
      this.#pending.clear();
    };
    this.#worker.on("error", fail);
    this.#worker.on("exit", (code) => fail(new Error(`worker ${name} exited with code ${code}`)));
  }

  /** Sends `task`; `onPartial` sees what the worker sends while it runs. */
  call(task: Task, onPartial?: (p: Partial) => void): Promise<Result> {
    if (this.#failed) return Promise.reject(this.#failed);
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, onPartial });
      this.#worker.postMessage({ id, task });
    });
  }

  async close(): Promise<void> {
    await this.#worker.terminate();
  }
}

function startWorker(base: string, name: string, workerData: unknown): Worker {
  return startModuleWorker(new URL(`./${name}.ts`, base), { workerData });
}

/**
 * Starts a worker thread on a kiln module, given as the URL of its `.ts` source: the `.js` beside
 * it from built code; from sources (tsx, vitest) the `.ts` through a tiny eval'd bootstrap that
 * registers tsx's loader, which `execArgv` cannot give a worker thread on Node 20. Used by
 * `WorkerThread` and by the one-task sandbox that runs user code (model/sandbox.ts).
 */
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
 * The worker side: answers each task with `handle`, one at a time in arrival order (replies
 * must come back in the order they were asked); `emit` sends a partial result of the task.
 * A throw becomes the task's error, and the worker keeps serving.
 */
export function serveTasks<Task, Result, Partial = never>(
  handle: (task: Task, emit: (p: Partial) => void) => Result | Promise<Result>,
): void {
  const port = parentPort;
  if (!port) throw new Error("serveTasks runs in a worker thread");
  let queue: Promise<void> = Promise.resolve();
  port.on("message", ({ id, task }: { id: number; task: Task }) => {
    queue = queue.then(async () => {
      let reply: Message<Result, Partial>;
      try {
        reply = { id, ok: await handle(task, (partial) => port.postMessage({ id, partial })) };
      } catch (e) {
        reply = { id, error: serializeError(e) };
      }
      port.postMessage(reply);
    });
  });
}

/**
 * `fn` over `items` with at most `limit` calls in flight; results in the order of `items`. The
 * one bounded-concurrency helper for asynchronous work that is not a worker thread (fetches,
 * child processes). The first rejection rejects the whole call.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (t: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
