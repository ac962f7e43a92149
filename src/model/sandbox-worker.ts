/** The worker side of sandbox.ts: runs one task and posts its result or error. */
import { parentPort, workerData } from "node:worker_threads";
import { KilnError } from "../core/errors.ts";
import { toUserError } from "./load.ts";
import { errorReply, type SandboxReply, type SandboxTask } from "./sandbox.ts";

const data = workerData as { task: SandboxTask; nothing: string; stderrIsTTY: boolean };
if (data.stderrIsTTY) Object.defineProperty(process.stderr, "isTTY", { value: true });

let done = false;
// Output the worker wrote reaches the real stdout/stderr through the thread that started it;
// posting the answer only once both are flushed keeps it from being cut off when that thread
// ends the worker.
const flush = (s: NodeJS.WriteStream) => new Promise<void>((r) => s.write("", () => r()));
async function answer(m: SandboxReply): Promise<void> {
  if (done) return;
  done = true;
  await Promise.all([flush(process.stdout), flush(process.stderr)]);
  parentPort!.postMessage(m);
}

// A rejection nobody awaited, or a throw from a timer, comes from user code: locate it there.
const escaped = (e: unknown) => void answer(errorReply(toUserError(e, "(control plane)")));
process.on("unhandledRejection", escaped);
process.on("uncaughtException", escaped);
// The event loop ran dry before the task returned: user code awaits a promise nothing settles.
process.on("beforeExit", () => void answer({ type: "drained" }));
// process.exit() from user code: say where it was called.
const exit = process.exit.bind(process);
process.exit = ((code?: number | string | null) => {
  if (!done) {
    const e = toUserError(new Error(`process.exit(${code ?? ""}) was called`), "(control plane)");
    done = true;
    parentPort!.postMessage(
      errorReply(
        new KilnError(`${e.message} before kiln finished; ${data.nothing}`, e.location, e.diagnostics),
      ),
    );
  }
  return exit(1);
}) as typeof process.exit;

try {
  const mod = (await import(data.task.module)) as Record<string, (...a: unknown[]) => Promise<unknown>>;
  const value = await mod[data.task.fn]!(...data.task.args);
  await answer({ type: "result", value });
} catch (e) {
  await answer(errorReply(e));
}
