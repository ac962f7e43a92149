/**
 * Puts validators into the disk cache (each kind's schema translated and checked, see
 * validator.ts), so that the first `kiln validate` skips the translation. Kinds can be added
 * while the import is still parsing: with a worker, that work then overlaps parsing, type
 * generation and writing on the main thread. Without one, everything is done in `finish`.
 */
import type { Worker } from "node:worker_threads";
import type { KindSchema } from "./schemas.ts";
import { startWorker } from "./worker-thread.ts";

export interface ValidatorPool {
  /** Queues kinds; with workers they start compiling at once. */
  add(kinds: readonly KindSchema[]): void;
  /** Compiles what is left and resolves when every queued kind is in the cache. */
  finish(onProgress?: (done: number, total: number) => void): Promise<void>;
  /** Stops the workers (the import failed); entries already written stay valid. */
  cancel(): void;
}

/**
 * `workers` 0 compiles on the main thread, which is the default (ImportOptions.workers): the
 * work is small, less than a worker's start-up and the copying of the kinds to it
 * (docs/benchmarks.md).
 */
export function startValidatorPool(cacheDir: string, workers: number): ValidatorPool {
  const queued: KindSchema[] = [];
  const errors: string[] = [];
  let done = 0;
  let progress: ((done: number, total: number) => void) | undefined;
  let settle: { resolve: () => void; reject: (e: Error) => void } | undefined;
  let failed: Error | undefined;
  // A compile error ends the wait at once: finish reports it without waiting for the rest.
  const check = () => {
    if (settle && (errors.length > 0 || done === queued.length)) settle.resolve();
  };
  const threads: Array<{ w: Worker; outstanding: number }> = [];
  const stopAll = () => {
    for (const t of threads) void t.w.terminate();
    threads.length = 0;
  };
  for (let i = 0; i < workers; i++) {
    // A small young generation: the compiler's garbage is short-lived, and peak RSS counts.
    const w = startWorker("validator-worker", { maxYoungGenerationSizeMb: 12 });
    const t = { w, outstanding: 0 };
    w.on("message", (m: { error?: string }) => {
      t.outstanding--;
      if (m.error) errors.push(m.error);
      // Counted whether or not finish (and its progress callback) has started yet.
      done++;
      progress?.(done, queued.length);
      check();
    });
    w.on("error", (e) => {
      failed ??= e;
      stopAll();
      settle?.reject(e);
    });
    w.postMessage({ cacheDir });
    threads.push(t);
  }
  return {
    add(kinds) {
      for (const kind of kinds) {
        const id = queued.push(kind) - 1;
        if (workers === 0 || threads.length === 0) continue;
        // Posted at once: the main thread may be busy parsing and unable to hand out work later.
        const t = threads.reduce((a, b) => (b.outstanding < a.outstanding ? b : a));
        t.outstanding++;
        t.w.postMessage({ id, kind });
      }
    },
    async finish(onProgress) {
      progress = onProgress;
      if (workers === 0) {
        // Loaded on demand: most imports do not compile validators.
        const { precompileValidator } = await import("./validator.ts");
        for (const k of queued) {
          try {
            precompileValidator(k, cacheDir);
          } catch (e) {
            errors.push(`${k.kind} (${k.apiVersion}): ${(e as Error).message}`);
          }
          done++;
          onProgress?.(done, queued.length);
        }
      } else {
        onProgress?.(done, queued.length);
        try {
          await new Promise<void>((resolve, reject) => {
            if (failed) reject(failed);
            settle = { resolve, reject };
            check();
          });
        } finally {
          stopAll();
        }
      }
      if (errors.length) throw new Error(`validator compilation failed: ${errors.sort()[0]}`);
    },
    cancel: stopAll,
  };
}
