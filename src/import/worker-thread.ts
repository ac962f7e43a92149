/** Starts a worker thread on one of this folder's worker modules (see core/worker.ts for how). */
import type { ResourceLimits, Worker } from "node:worker_threads";
import { startModuleWorker } from "../core/worker.ts";

export function startWorker(
  name: "parse-worker" | "validator-worker",
  resourceLimits: ResourceLimits = {},
): Worker {
  return startModuleWorker(new URL(`./${name}.ts`, import.meta.url), { resourceLimits });
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
