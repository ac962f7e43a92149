/**
 * Worker thread entry: builds its own schema registry from the (serializable) options, then
 * answers requests (see serve.ts) until it is terminated.
 */
import { parentPort, workerData } from "node:worker_threads";
import { isKilnError } from "../core/errors.ts";
import { SchemaRegistry } from "./registry.ts";
import { answer, type ServeContext, type WorkRequest } from "./serve.ts";
import { loadPolicyModules } from "./validate.ts";
import type { WorkerSettings, WorkReply } from "./workers.ts";

const settings = workerData as Omit<WorkerSettings, "progress">;
const port = parentPort!;
const ready: Promise<ServeContext> = (async () => ({
  registry: await SchemaRegistry.create(settings.schemas),
  policies: await loadPolicyModules(settings.policyModules),
  strict: settings.strict,
  secretPolicy: settings.secretPolicy,
  ...(settings.decrypt ? { decrypt: true } : {}),
  ...(settings.tree ? { tree: settings.tree } : {}),
}))();

/** One request at a time, in order: replies must come back in the order they were asked. */
let queue: Promise<void> = Promise.resolve();
port.on("message", (req: WorkRequest) => {
  queue = queue.then(() => handle(req));
});

async function handle(req: WorkRequest): Promise<void> {
  try {
    const reply = await answer(await ready, req, (results) => {
      // Every diagnostic and fact of a file names that file: the main thread puts the names back
      // (undefined is left out of the JSON; the objects keep their shape).
      for (const { result } of results) {
        for (const d of result.diagnostics) d.file = undefined as unknown as string;
        for (const f of result.facts) f.file = undefined as unknown as string;
      }
      port.postMessage({ kind: "results", json: JSON.stringify(results) } satisfies WorkReply);
    });
    port.postMessage(reply satisfies WorkReply);
  } catch (e) {
    port.postMessage({
      kind: "fatal",
      message: (e as Error)?.message ?? String(e),
      isKiln: isKilnError(e),
    } satisfies WorkReply);
  }
}
