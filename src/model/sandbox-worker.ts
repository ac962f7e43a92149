/**
 * The worker side of sandbox.ts: runs each task it is sent, one at a time, and posts its result
 * or error, with how the task left the worker (its heap; timers still running).
 */
import { getHeapStatistics } from "node:v8";
import { parentPort, workerData } from "node:worker_threads";
import { KilnError } from "../core/errors.ts";
import { toUserError } from "./load.ts";
import { errorReply, type SandboxReply, type SandboxRequest, type TaskEnd } from "./sandbox.ts";

const data = workerData as { stderrIsTTY: boolean };
if (data.stderrIsTTY) Object.defineProperty(process.stderr, "isTTY", { value: true });
const port = parentPort!;

/** The task running now; undefined between tasks. */
let current: { nothing: string; done: boolean } | undefined;

// Output the worker wrote reaches the real stdout/stderr through the thread that started it;
// posting the answer only once both are flushed keeps it from being cut off when that thread
// ends the worker.
const flush = (s: NodeJS.WriteStream) => new Promise<void>((r) => s.write("", () => r()));
async function answer(m: SandboxReply): Promise<void> {
  if (!current || current.done) return;
  current.done = true;
  await Promise.all([flush(process.stdout), flush(process.stderr)]);
  port.postMessage(m);
}

/**
 * Handles that only user code leaves behind after a task (kiln's own work leaves none): timers
 * that would fire during the next task, servers, sockets, child processes, file watchers.
 */
const LEFT_BY_USER_CODE = new Set([
  "Timeout",
  "Immediate",
  "TCPServerWrap",
  "TCPSocketWrap",
  "UDPWrap",
  "ProcessWrap",
  "FSEventWrap",
  "StatWatcher",
]);

/** The heap, and whether the task left nothing of user code running. */
function taskEnd(): TaskEnd {
  const left = process.getActiveResourcesInfo().filter((r) => LEFT_BY_USER_CODE.has(r));
  return { heapUsed: getHeapStatistics().used_heap_size, clean: left.length === 0 };
}

// A rejection nobody awaited, or a throw from a timer, comes from user code: locate it there.
// Between tasks there is nobody to tell; the worker is not reused after a task that left timers.
const escaped = (e: unknown) => void answer(errorReply(toUserError(e, "(control plane)")));
process.on("unhandledRejection", escaped);
process.on("uncaughtException", escaped);
// The event loop ran dry before the task returned (the port does not keep it alive while a task
// runs): user code awaits a promise nothing settles.
process.on("beforeExit", () => void answer({ type: "drained" }));
// process.exit() from user code: say where it was called.
const exit = process.exit.bind(process);
process.exit = ((code?: number | string | null) => {
  if (current && !current.done) {
    const e = toUserError(new Error(`process.exit(${code ?? ""}) was called`), "(control plane)");
    current.done = true;
    port.postMessage(
      errorReply(
        new KilnError(`${e.message} before kiln finished; ${current.nothing}`, e.location, e.diagnostics),
      ),
    );
  }
  return exit(1);
}) as typeof process.exit;

port.on("message", (request: SandboxRequest) => void run(request));

async function run({ task, nothing }: SandboxRequest): Promise<void> {
  current = { nothing, done: false };
  port.unref();
  try {
    const mod = (await import(task.module)) as Record<string, (...a: unknown[]) => Promise<unknown>>;
    const value = await mod[task.fn]!(...task.args);
    await answer({ type: "result", value, ...taskEnd() });
  } catch (e) {
    await answer({ ...errorReply(e), ...taskEnd() } as SandboxReply);
  }
  current = undefined;
  port.ref();
}
