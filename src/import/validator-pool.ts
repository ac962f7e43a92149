/**
 * Compiles many validators into the disk cache in worker threads (ajv code generation is the
 * expensive part of validation; doing it at import time makes the first `kiln validate` fast).
 */
import os from "node:os";
import type { KindSchema } from "./schemas.ts";
import { precompileValidator } from "./validator.ts";
import { startWorker } from "./worker-thread.ts";

export async function precompileValidators(
  kinds: readonly KindSchema[],
  cacheDir: string,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  const n = kinds.length > 4 ? Math.min(os.availableParallelism(), 4) : 0;
  if (n === 0) {
    kinds.forEach((k, i) => {
      precompileValidator(k, cacheDir);
      onProgress?.(i + 1, kinds.length);
    });
    return;
  }
  const queue = kinds.map((_, i) => i);
  const errors: string[] = [];
  let done = 0;
  const run = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const w = startWorker("validator-worker");
      const next = () => {
        const id = queue.shift();
        if (id === undefined) {
          void w.terminate();
          resolve();
          return;
        }
        w.postMessage({ id, kind: kinds[id], cacheDir });
      };
      w.on("message", (m: { id: number; error?: string }) => {
        if (m.error) errors.push(m.error);
        onProgress?.(++done, kinds.length);
        next();
      });
      w.on("error", reject);
      next();
    });
  await Promise.all(Array.from({ length: n }, run));
  if (errors.length) throw new Error(`validator compilation failed: ${errors.sort()[0]}`);
}
