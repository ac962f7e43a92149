/**
 * Compiles many validators into the disk cache in worker threads (ajv code generation is the
 * expensive part of validation; doing it at import time makes the first `kiln validate` fast).
 */
import os from "node:os";
import type { KindSchema } from "./schemas.ts";
import { precompileValidator } from "./validator.ts";
import { runQueue } from "./worker-thread.ts";

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
  await runQueue<{ id: number; error?: string }>(
    "validator-worker",
    queue,
    n,
    (id) => ({ id, kind: kinds[id], cacheDir }),
    (m) => {
      if (m.error) errors.push(m.error);
      onProgress?.(++done, kinds.length);
    },
  );
  if (errors.length) throw new Error(`validator compilation failed: ${errors.sort()[0]}`);
}
