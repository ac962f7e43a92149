/**
 * Worker thread entry: builds its own schema registry from the (serializable) options, then
 * answers requests: check a batch of files, hand over its notes, locate findings in files.
 */
import { parentPort, workerData } from "node:worker_threads";
import { isKilnError } from "../core/errors.ts";
import { checkFile } from "./file-check.ts";
import { SchemaRegistry } from "./registry.ts";
import { locateInFile } from "./tree.ts";
import { loadPolicyModules } from "./validate.ts";
import type { WorkerSettings, WorkReply, WorkRequest } from "./workers.ts";

const settings = workerData as Omit<WorkerSettings, "progress">;
const port = parentPort!;
const ready = (async () => {
  const registry = await SchemaRegistry.create(settings.schemas);
  const policies = await loadPolicyModules(settings.policyModules);
  return { registry, policies };
})();

async function answer(req: WorkRequest): Promise<WorkReply> {
  const { registry, policies } = await ready;
  if (req.kind === "notes") return { kind: "notes", notes: registry.allNotes() };
  if (req.kind === "locate")
    return { kind: "located", lines: req.jobs.map((j) => locateInFile(j.file, j.display, j.items)) };
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
  return { kind: "results", results };
}

port.on("message", async (req: WorkRequest) => {
  try {
    port.postMessage(await answer(req));
  } catch (e) {
    port.postMessage({
      kind: "fatal",
      message: (e as Error)?.message ?? String(e),
      isKiln: isKilnError(e),
    } satisfies WorkReply);
  }
});
