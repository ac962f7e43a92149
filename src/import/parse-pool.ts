/**
 * Parses many CRD files, in worker threads when the input is large enough to pay for them
 * (YAML parsing dominates an import). Results come back in input order whatever the scheduling,
 * so output stays deterministic; when several files fail, the first in input order is reported.
 */
import os from "node:os";
import { WorkerThread } from "../core/workers.ts";
import type { ParseTask } from "./parse-worker.ts";
import { crdSchemasFromText, type KindSchema } from "./schemas.ts";

export interface ParseInput {
  text: string;
  /** URL or path, for messages and KindSchema.source. */
  source: string;
}

export interface ParseOptions {
  /** Worker count; 0 parses on the main thread. Default: by input size and available cores. */
  workers?: number;
  onProgress?: (done: number, total: number) => void;
  /** Also return each input's own result, in input order. */
  perInput?: boolean;
}

type Parsed = { kinds: KindSchema[]; notes: string[] };
type Outcome = Parsed | { error: Error };

/**
 * Inputs of at least this many bytes in total go to workers. With js-yaml reading values, the
 * main thread parses the 8 MB of all mirrored CRDs faster than workers start up and hand their
 * results back (measured: 0.83 s on the main thread, 1.12 s with two workers).
 */
const WORKER_THRESHOLD = 16 << 20;

export async function parseAll(
  inputs: readonly ParseInput[],
  opts: ParseOptions = {},
): Promise<{
  kinds: KindSchema[];
  notes: string[];
  perInput?: Array<{ kinds: KindSchema[]; notes: string[] }>;
}> {
  const n = opts.workers ?? parseWorkers(inputs);
  const outcomes =
    n > 0 ? await inWorkers(inputs, n, opts.onProgress) : onMainThread(inputs, opts.onProgress);
  const kinds: KindSchema[] = [];
  const notes: string[] = [];
  const perInput: Array<{ kinds: KindSchema[]; notes: string[] }> = [];
  for (const o of outcomes) {
    if ("error" in o) throw o.error;
    kinds.push(...o.kinds);
    notes.push(...o.notes);
    perInput.push(o);
  }
  return opts.perInput ? { kinds, notes, perInput } : { kinds, notes };
}

/** Workers to parse `inputs` with by default (0: the main thread). */
export function parseWorkers(inputs: readonly ParseInput[]): number {
  const bytes = inputs.reduce((n, i) => n + i.text.length, 0);
  return bytes >= WORKER_THRESHOLD && inputs.length > 1 ? idleCores(inputs.length) : 0;
}

/**
 * Workers worth starting: one per idle core (cores minus the 1-minute load average), at most 4.
 * On a busy machine a worker's start-up (loading the YAML library again) costs more than the
 * parallelism wins, so fewer than two idle cores means the main thread does the work.
 */
function idleCores(inputs: number): number {
  const idle = Math.floor(os.availableParallelism() - os.loadavg()[0]! + 0.5);
  const n = Math.min(idle, 4, inputs);
  return n >= 2 ? n : 0;
}

function onMainThread(inputs: readonly ParseInput[], onProgress?: ParseOptions["onProgress"]): Outcome[] {
  return inputs.map((input, i) => {
    let o: Outcome;
    try {
      o = crdSchemasFromText(input.text, input.source);
    } catch (e) {
      o = { error: e as Error };
    }
    onProgress?.(i + 1, inputs.length);
    return o;
  });
}

async function inWorkers(
  inputs: readonly ParseInput[],
  n: number,
  onProgress?: ParseOptions["onProgress"],
): Promise<Outcome[]> {
  const outcomes = new Array<Outcome>(inputs.length);
  // Largest first: the pool finishes together instead of waiting on one big file at the end.
  const queue = inputs.map((_, i) => i).sort((a, b) => inputs[b]!.text.length - inputs[a]!.text.length);
  let done = 0;
  const worker = async () => {
    const t = new WorkerThread<ParseTask, Parsed>(import.meta.url, "parse-worker");
    try {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        outcomes[id] = await t.call(inputs[id]!).catch((error: Error) => ({ error }));
        done++;
        onProgress?.(done, inputs.length);
      }
    } finally {
      await t.close();
    }
  };
  await Promise.all(Array.from({ length: n }, worker));
  return outcomes;
}
