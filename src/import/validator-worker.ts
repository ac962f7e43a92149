/**
 * Worker side of validator-pool.ts: the first message names the cache folder; each later one
 * is a kind to compile into it, answered with its id (and the error, if any).
 */
import { parentPort } from "node:worker_threads";
import type { KindSchema } from "./schemas.ts";
import { precompileValidator } from "./validator.ts";

let cacheDir = "";
parentPort?.on("message", (task: { cacheDir: string } | { id: number; kind: KindSchema }) => {
  if ("cacheDir" in task) {
    cacheDir = task.cacheDir;
    return;
  }
  try {
    precompileValidator(task.kind, cacheDir);
    parentPort!.postMessage({ id: task.id });
  } catch (e) {
    parentPort!.postMessage({
      id: task.id,
      error: `${task.kind.kind} (${task.kind.apiVersion}): ${(e as Error).message}`,
    });
  }
});
