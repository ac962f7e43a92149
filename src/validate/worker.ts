/**
 * Worker thread entry: builds its own schema registry from the (serializable) options, then
 * checks the batches of files it is sent. An empty batch means "done": it replies with its notes.
 */
import { parentPort, workerData } from "node:worker_threads";
import { isKilnError } from "../core/errors.ts";
import { checkFile } from "./file-check.ts";
import { SchemaRegistry } from "./registry.ts";
import { loadPolicyModules } from "./validate.ts";
import type { WorkerSettings, WorkReply, WorkRequest } from "./workers.ts";

const settings = workerData as Omit<WorkerSettings, "progress">;
const port = parentPort!;
const ready = (async () => {
  const registry = await SchemaRegistry.create(settings.schemas);
  const policies = await loadPolicyModules(settings.policyModules);
  return { registry, policies };
})();

port.on("message", async (req: WorkRequest) => {
  try {
    const { registry, policies } = await ready;
    if (req.batch.length === 0) {
      port.postMessage({ kind: "notes", notes: registry.allNotes() } satisfies WorkReply);
      return;
    }
    const results: Extract<WorkReply, { kind: "results" }>["results"] = [];
    for (const item of req.batch) {
      const result = await checkFile(
        item.file,
        item.display,
        registry.lookup,
        (g) => registry.ensureGroups(g),
        {
          strict: settings.strict,
          secretPolicy: settings.secretPolicy,
          policies,
        },
      );
      results.push({ index: item.index, result });
    }
    port.postMessage({ kind: "results", results } satisfies WorkReply);
  } catch (e) {
    port.postMessage({
      kind: "fatal",
      message: (e as Error)?.message ?? String(e),
      isKiln: isKilnError(e),
    } satisfies WorkReply);
  }
});
