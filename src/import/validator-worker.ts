/** Worker side of validator-pool.ts: compiles one kind's validator into the disk cache per message. */
import { parentPort } from "node:worker_threads";
import type { KindSchema } from "./schemas.ts";
import { precompileValidator } from "./validator.ts";

parentPort?.on("message", (task: { id: number; kind: KindSchema; cacheDir: string }) => {
  try {
    precompileValidator(task.kind, task.cacheDir);
    parentPort!.postMessage({ id: task.id });
  } catch (e) {
    parentPort!.postMessage({
      id: task.id,
      error: `${task.kind.kind} (${task.kind.apiVersion}): ${(e as Error).message}`,
    });
  }
});
