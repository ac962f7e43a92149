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

/** Messages from the worker (sandbox-worker.ts) to the thread that started it. */
export type SandboxReply =
  | { type: "result"; value: unknown }
  | { type: "error"; error: SerializedError }
  /** User code started (`what` says which) or, with no `what`, ended. */
  | { type: "user"; what?: string }
  /** The worker's event loop emptied: something awaited a promise that nothing settles. */
  | { type: "drained" };

const ts = import.meta.url.endsWith(".ts");
const inSandbox = !isMainThread && (workerData as { kilnSandbox?: boolean } | null)?.kilnSandbox === true;
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
  const { timeoutMs, nothing = "nothing was written" } = opts;
  const module = ts ? task.module : task.module.replace(/\.ts$/, ".js");
  const worker = startSandboxWorker({ ...task, module }, nothing);
  return await new Promise<T>((resolve, reject) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    let left = timeoutMs;
    let since = 0;
    let running: string | undefined;
    let last = "user code";
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      f();
    };
    const stop = () =>
      settle(() =>
        reject(
          new KilnError(
            `${last} did not finish within ${seconds(timeoutMs)} and was stopped (an endless loop?); ${nothing}. Change the limit with --timeout`,
          ),
        ),
      );
    worker.on("message", (m: SandboxReply) => {
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
        settle(() =>
          reject(
            new KilnError(
              `${running ?? last} waits for a promise that never settles (a top-level await or an awaited promise nothing resolves); kiln stopped it; ${nothing}`,
            ),
          ),
        );
      } else if (m.type === "result") settle(() => resolve(m.value as T));
      else settle(() => reject(deserializeError(m.error)));
    });
    worker.on("error", (e) => settle(() => reject(e)));
    worker.on("exit", (code) =>
      settle(() =>
        reject(
          new KilnError(
            `${running ?? last} ended the process (exit code ${code}) before kiln finished; ${nothing}`,
          ),
        ),
      ),
    );
  });
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** What a task threw, as the one serialised error kiln's workers send (core/errors.ts). */
export function errorReply(e: unknown): SandboxReply {
  return { type: "error", error: serializeError(e) };
}

function startSandboxWorker(task: SandboxTask, nothing: string): Worker {
  // The worker's stderr is a pipe to this thread: tell it whether the real one is a terminal,
  // so progress bars behave as they would here.
  const workerData = { kilnSandbox: true, task, nothing, stderrIsTTY: process.stderr.isTTY === true };
  return startModuleWorker(new URL("./sandbox-worker.ts", import.meta.url), { workerData });
}
