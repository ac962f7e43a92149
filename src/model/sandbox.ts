/**
 * Runs a command whose work includes the user's code (loading modules, `build()`) on a worker
 * thread, so that code can be stopped: user code that runs longer than a time limit (an endless
 * loop) is ended, and `process.exit()` or a promise that never settles ends the worker, not kiln,
 * which then says what happened. Only the time spent inside `userCode` sections counts against
 * the limit; kiln's own work in the worker (CRD import, synth, validation) is not timed.
 *
 * Not a WorkerThread (core/workers.ts) on purpose: one task, one thread, a clock on user code; it
 * shares their start-up (startModuleWorker) and serialised error (core/errors.ts).
 */
import { isMainThread, parentPort, type Worker, workerData } from "node:worker_threads";
import { deserializeError, KilnError, type SerializedError, serializeError } from "../core/errors.ts";
import { startModuleWorker } from "../core/workers.ts";

/** Default limit for user code, in milliseconds (`--timeout` changes it). */
export const DEFAULT_USER_CODE_TIMEOUT_MS = 60_000;

export interface SandboxTask {
  /** Module URL (a `.ts` URL; the built `.js` sibling is used when kiln runs from dist). */
  module: string;
  /** Name of an exported async function. */
  fn: string;
  /** Structured-cloneable arguments. */
  args: unknown[];
}

/** A task for the worker (sandbox-worker.ts). */
export interface SandboxRequest {
  task: SandboxTask;
  /** What a failure leaves undone, for its messages. */
  nothing: string;
}

/** How the worker was left after a task. */
export interface TaskEnd {
  /** The worker's heap after the task, in bytes. */
  heapUsed: number;
  /** User code left nothing running (timers, servers, child processes): the worker can take another task. */
  clean: boolean;
}

/** Messages from the worker (sandbox-worker.ts) to the thread that started it. */
export type SandboxReply =
  | ({ type: "result"; value: unknown } & TaskEnd)
  | ({ type: "error"; error: SerializedError } & Partial<TaskEnd>)
  /** User code started (`what` says which) or, with no `what`, ended. */
  | { type: "user"; what?: string }
  /** The worker's event loop emptied: something awaited a promise that nothing settles. */
  | { type: "drained" };

const ts = import.meta.url.endsWith(".ts");
/** Whether this thread is a sandbox worker. */
export const inSandbox =
  !isMainThread && (workerData as { kilnSandbox?: boolean } | null)?.kilnSandbox === true;
let depth = 0;

/**
 * Marks a section of user code (`what` names it, e.g. `build() of main.ts`). Inside a sandbox
 * the section's time counts against the limit; elsewhere this just runs `f`.
 */
export async function userCode<T>(what: string, f: () => Promise<T>): Promise<T> {
  if (!inSandbox) return await f();
  enter(what);
  try {
    return await f();
  } finally {
    leave();
  }
}

/** The clock on user code starts with the outermost section and stops when it ends. */
function enter(what: string): void {
  if (depth++ === 0) parentPort!.postMessage({ type: "user", what } satisfies SandboxReply);
}

function leave(): void {
  if (--depth === 0) parentPort!.postMessage({ type: "user" } satisfies SandboxReply);
}

/** `userCode` for a synchronous section (a user policy's `check`). */
export function userCodeSync<T>(what: string, f: () => T): T {
  if (!inSandbox) return f();
  enter(what);
  try {
    return f();
  } finally {
    leave();
  }
}

export interface SandboxOptions {
  /** Limit for the user-code sections, in all. */
  timeoutMs: number;
  /** What the failure left undone, for messages (default "nothing was written"). */
  nothing?: string;
}

/**
 * Calls `module.fn(...args)` on a worker thread and returns its result (structured-cloned).
 * User code running longer than `timeoutMs` in total is stopped with a KilnError; so is a worker
 * that ends (process.exit, a promise nothing settles) before `fn` returns.
 */
export async function runSandboxed<T>(task: SandboxTask, opts: SandboxOptions): Promise<T> {
  const sandbox = new Sandbox({ ...opts, reuse: false });
  try {
    return await sandbox.run<T>(task);
  } finally {
    await sandbox.close();
  }
}

export interface WarmSandboxOptions extends SandboxOptions {
  /** Keep the worker for the next task (default true); `false` ends it after each task. */
  reuse?: boolean;
  /** Tasks one worker serves before it is replaced (default 200). */
  maxTasks?: number;
  /** Heap a worker may use after a task, over what it used after its first one, in bytes (default 256 MiB). */
  maxHeapGrowth?: number;
}

/**
 * A sandbox worker kept between tasks (`--watch`): kiln's modules, compiled validators and
 * schemas stay loaded, while each task evaluates the user's modules afresh (model/load.ts). The
 * worker is replaced when user code overran its time, ended it or left it waiting; when it left
 * timers, a server or a child process running; after `maxTasks` tasks; and when its heap has
 * grown by `maxHeapGrowth` since its first task (each generation of user modules stays in
 * memory: Node cannot unload a module). Tasks run one at a time, in order.
 */
export class Sandbox {
  readonly #opts: WarmSandboxOptions;
  #worker: Worker | undefined;
  #tasks = 0;
  #firstHeap = 0;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(opts: WarmSandboxOptions) {
    this.#opts = opts;
  }

  /** Runs `task` as runSandboxed does, on the kept worker (or a new one). */
  run<T>(task: SandboxTask): Promise<T> {
    const next = this.#queue.then(() => this.#run<T>(task));
    this.#queue = next.catch(() => {});
    return next;
  }

  /**
   * Ends the worker now, if any: a task still running fails (Ctrl-C during a rebuild does not
   * wait for user code), and no task runs after.
   */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#drop();
  }

  async #drop(): Promise<void> {
    const w = this.#worker;
    this.#worker = undefined;
    if (w) await w.terminate();
  }

  async #run<T>(task: SandboxTask): Promise<T> {
    const { timeoutMs, nothing = "nothing was written", reuse = true } = this.#opts;
    const module = ts ? task.module : task.module.replace(/\.ts$/, ".js");
    if (this.#closed) throw new Error("the sandbox was closed");
    if (!this.#worker) {
      const w = startSandboxWorker();
      // A worker that ends between tasks is started again for the next one; what fails while
      // a task runs is that task's error (runTask).
      w.on("error", () => {});
      w.once("exit", () => {
        if (this.#worker === w) this.#worker = undefined;
      });
      this.#worker = w;
      this.#tasks = 0;
    }
    const worker = this.#worker;
    const outcome = await runTask(worker, { ...task, module }, timeoutMs, nothing);
    // A task stopped from outside (time limit, exit, a stalled await), or one that left timers
    // or handles behind, may have user code still going: its worker is never reused.
    if (!(reuse && outcome.end?.clean && this.#healthy(outcome.end.heapUsed))) await this.#drop();
    if ("error" in outcome) throw outcome.error;
    return outcome.value as T;
  }

  #healthy(heapUsed: number): boolean {
    if (++this.#tasks === 1) this.#firstHeap = heapUsed;
    const { maxTasks = 200, maxHeapGrowth = 256 * 1024 * 1024 } = this.#opts;
    return this.#tasks < maxTasks && heapUsed - this.#firstHeap < maxHeapGrowth;
  }
}

/** One task on `worker`: its result, or a KilnError when user code overran, ended or stalled. */
function runTask(
  worker: Worker,
  task: SandboxTask,
  timeoutMs: number,
  nothing: string,
): Promise<{ value: unknown; end: TaskEnd } | { error: unknown; end?: TaskEnd | undefined }> {
  return new Promise((resolve) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    let left = timeoutMs;
    let since = 0;
    let running: string | undefined;
    let last = "user code";
    const fail = (error: unknown) => settle(() => resolve({ error }));
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
      f();
    };
    const stop = () =>
      fail(
        new KilnError(
          `${last} did not finish within ${seconds(timeoutMs)} and was stopped (an endless loop?); ${nothing}. Change the limit with --timeout`,
        ),
      );
    const onMessage = (m: SandboxReply) => {
      if (m.type === "user") {
        if (m.what !== undefined) {
          running = last = m.what;
          since = Date.now();
          timer = setTimeout(stop, Math.max(0, left));
        } else if (running !== undefined) {
          clearTimeout(timer);
          left -= Date.now() - since;
          running = undefined;
        }
      } else if (m.type === "drained") {
        fail(
          new KilnError(
            `${running ?? last} waits for a promise that never settles (a top-level await or an awaited promise nothing resolves); kiln stopped it; ${nothing}`,
          ),
        );
      } else if (m.type === "result")
        settle(() => resolve({ value: m.value, end: { heapUsed: m.heapUsed, clean: m.clean } }));
      else {
        const end = m.clean === undefined ? undefined : { heapUsed: m.heapUsed ?? 0, clean: m.clean };
        settle(() => resolve({ error: deserializeError(m.error), end }));
      }
    };
    const onError = (e: Error) => fail(e);
    const onExit = (code: number) =>
      fail(
        new KilnError(
          `${running ?? last} ended the process (exit code ${code}) before kiln finished; ${nothing}`,
        ),
      );
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
    worker.postMessage({ task, nothing } satisfies SandboxRequest);
  });
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** What a task threw, as the one serialised error kiln's workers send (core/errors.ts). */
export function errorReply(e: unknown): SandboxReply {
  return { type: "error", error: serializeError(e) };
}

function startSandboxWorker(): Worker {
  // The worker's stderr is a pipe to this thread: tell it whether the real one is a terminal,
  // so progress bars behave as they would here.
  const workerData = { kilnSandbox: true, stderrIsTTY: process.stderr.isTTY === true };
  return startModuleWorker(new URL("./sandbox-worker.ts", import.meta.url), { workerData });
}
